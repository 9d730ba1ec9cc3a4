import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hashFnv1a } from "./word-hash";
import { loadTokenizer, loadTokenizerSync } from "./load";
import { TokenizerSpecSchema } from "./spec";

const testdata = join(import.meta.dirname, "testdata");
const dir = mkdtempSync(join(tmpdir(), "milimo-tokenizers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const unigram = TokenizerSpecSchema.parse({
  kind: "sentencepiece-unigram",
  file: "unigram-tiny.json",
  maxLength: 4,
});

describe("loadTokenizer", () => {
  it.each([
    [{ kind: "byte", vocabSize: 259, maxLength: 4 }, "ab", [100, 101, 0, 0]],
    [
      { kind: "word-hash", vocabSize: 100, maxLength: 3, bosId: 1, eosId: 2 },
      "Red",
      [1, 3 + (hashFnv1a("red") % 97), 2],
    ],
    [
      { kind: "clip-bpe", vocab: "clip-vocab.json", merges: "clip-merges.txt", maxLength: 4 },
      "red",
      [10, 5, 11, 0],
    ],
    [
      { kind: "sentencepiece-unigram", file: "unigram-tiny.json", maxLength: 4 },
      "the cats",
      [4, 5, 10, 1],
    ],
  ])("builds the %j tokenizer from the model folder", async (raw, text, ids) => {
    const spec = TokenizerSpecSchema.parse(raw);
    const tokenize = await loadTokenizer({ spec, modelDir: testdata, modelId: "m" });
    expect(tokenize(text).ids).toEqual(ids);
    expect(loadTokenizerSync({ spec, modelDir: testdata })(text).ids).toEqual(ids);
  });

  it("answers MODEL_INVALID naming a missing file", async () => {
    await expect(
      loadTokenizer({ spec: unigram, modelDir: dir, modelId: "t5" }),
    ).rejects.toMatchObject({
      code: "MODEL_INVALID",
      message: expect.stringMatching(/Model t5: .*unigram-tiny\.json.*not found/) as unknown,
    });
    expect(() => loadTokenizerSync({ spec: unigram, modelDir: dir })).toThrow(/unigram-tiny\.json/);
  });

  it.each([
    ["{ not json", /not valid JSON/],
    [JSON.stringify({ model: { type: "BPE", vocab: {}, merges: [] } }), /model\.type/],
    [JSON.stringify({ model: { type: "Unigram", vocab: [["a", 0]] } }), /model\.unk_id/],
    [
      JSON.stringify({
        normalizer: { type: "BertNormalizer" },
        model: {
          type: "Unigram",
          unk_id: 0,
          vocab: [
            ["<unk>", 0],
            ["</s>", 0],
          ],
        },
      }),
      /BertNormalizer/,
    ],
  ])("answers MODEL_INVALID for a bad tokenizer.json (%#)", async (content, reason) => {
    writeFileSync(join(dir, "unigram-tiny.json"), content);
    const failure = loadTokenizer({ spec: unigram, modelDir: dir, modelId: "t5" });
    await expect(failure).rejects.toMatchObject({ code: "MODEL_INVALID" });
    await expect(failure).rejects.toThrow(reason);
    await expect(failure).rejects.toThrow(/unigram-tiny\.json/);
  });

  it("names merges.txt when only it is missing", async () => {
    cpSync(join(testdata, "clip-vocab.json"), join(dir, "vocab.json"));
    const spec = TokenizerSpecSchema.parse({ kind: "clip-bpe" });
    await expect(loadTokenizer({ spec, modelDir: dir, modelId: "owl" })).rejects.toThrow(
      /merges\.txt.*not found/,
    );
  });
});
