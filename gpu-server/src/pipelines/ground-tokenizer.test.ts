import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hashFnv1a } from "./diffusion/tokenizer";
import { loadQueryTokenizer } from "./ground-tokenizer";

// A toy CLIP vocabulary: "red" merges into one token (the BPE itself: tokenizers/clip-bpe.test.ts).
const vocab = {
  "!": 0,
  r: 1,
  e: 2,
  "d</w>": 3,
  re: 4,
  "red</w>": 5,
  c: 6,
  a: 7,
  "r</w>": 8,
  "<|startoftext|>": 10,
  "<|endoftext|>": 11,
};
const merges = "#version: 0.2\nr e\nre d</w>\n";

describe("loadQueryTokenizer", () => {
  const dir = mkdtempSync(join(tmpdir(), "milimo-tok-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads vocab.json and merges.txt from the model folder", async () => {
    writeFileSync(join(dir, "vocab.json"), JSON.stringify(vocab));
    writeFileSync(join(dir, "merges.txt"), merges);
    const tokenize = await loadQueryTokenizer({
      spec: { kind: "clip-bpe", vocab: "vocab.json", merges: "merges.txt", maxLength: 4, padId: 0 },
      modelDir: dir,
      modelId: "owl",
    });
    expect(tokenize("red").ids).toEqual([10, 5, 11, 0]);
  });

  it("answers MODEL_INVALID naming the files when they are missing", async () => {
    await expect(
      loadQueryTokenizer({
        spec: {
          kind: "clip-bpe",
          vocab: "nope.json",
          merges: "merges.txt",
          maxLength: 4,
          padId: 0,
        },
        modelDir: dir,
        modelId: "owl",
      }),
    ).rejects.toMatchObject({
      code: "MODEL_INVALID",
      message: expect.stringMatching(/nope\.json/) as unknown,
    });
  });

  it("hashes words for a word-hash spec", async () => {
    const spec = {
      kind: "word-hash",
      vocabSize: 100,
      maxLength: 4,
      padId: 0,
      bosId: 1,
      eosId: 2,
      reservedIds: 3,
      lowercase: true,
      idsType: "int64",
    } as const;
    const tokenize = await loadQueryTokenizer({ spec, modelDir: dir, modelId: "fixture" });
    expect(tokenize("Red").ids).toEqual([1, 3 + (hashFnv1a("red") % 97), 2, 0]);
  });
});
