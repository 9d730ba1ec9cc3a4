import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readDiffusionConfig } from "../pipelines/diffusion/config";
import { tokenizePrompt } from "../pipelines/diffusion/tokenizer";
import { readGroundingConfig } from "../pipelines/ground-config";
import { loadQueryTokenizer } from "../pipelines/ground-tokenizer";
import type { ModelManifestView } from "../pipelines/types";

// Both pipelines take every tokenizer kind from model.json and tokenize through the same code.
const testdata = join(import.meta.dirname, "testdata");
const kinds = [
  ["byte", { kind: "byte", vocabSize: 259, maxLength: 4 }, "ab", [100, 101, 0, 0]],
  ["word-hash", { kind: "word-hash", vocabSize: 100, maxLength: 4 }, "", [0, 0, 0, 0]],
  [
    "clip-bpe",
    { kind: "clip-bpe", vocab: "clip-vocab.json", merges: "clip-merges.txt", maxLength: 4 },
    "red",
    [10, 5, 11, 0],
  ],
  [
    "sentencepiece-unigram",
    { kind: "sentencepiece-unigram", file: "unigram-tiny.json", maxLength: 4 },
    "dog runs",
    [12, 17, 10, 1],
  ],
] as const;

function toView(config: Record<string, unknown>): ModelManifestView {
  return { id: "m", task: "text-to-video", dir: testdata, files: {}, config };
}

const diffusion = (tokenizer: object) => ({
  diffusion: { latentChannels: 4, tokenizer, textEncoder: {}, denoiser: {}, vaeDecoder: {} },
});

describe("tokenizer kinds in model configs", () => {
  it.each(kinds)(
    "the diffusion config accepts %s and encodes prompts with it",
    (_, spec, text, ids) => {
      const config = readDiffusionConfig(toView(diffusion(spec)));
      expect(config.tokenizer.kind).toBe(spec.kind);
      expect(config.tokenizer.idsType).toBe("int64");
      expect(tokenizePrompt(text, config.tokenizer).ids).toEqual(ids);
    },
  );

  it.each(kinds)(
    "the grounding config accepts %s and tokenizes queries with it",
    async (_, spec, text, ids) => {
      const config = readGroundingConfig(toView({ grounding: { tokenizer: spec } }));
      const tokenize = await loadQueryTokenizer({
        spec: config.tokenizer,
        modelDir: testdata,
        modelId: "m",
      });
      expect(tokenize(text).ids).toEqual(ids);
    },
  );

  it("gives CLIP its 77-token context in diffusion and 16 in grounding by default", () => {
    const spec = { kind: "clip-bpe" };
    expect(readDiffusionConfig(toView(diffusion(spec))).tokenizer.maxLength).toBe(77);
    expect(
      readGroundingConfig(toView({ grounding: { tokenizer: spec } })).tokenizer.maxLength,
    ).toBe(16);
  });

  it.each([
    [{ kind: "wordpiece", maxLength: 4 }, /tokenizer\.kind/],
    [{ kind: "sentencepiece-unigram", maxLength: 0 }, /tokenizer\.maxLength/],
    [{ kind: "sentencepiece-unigram", file: "" }, /tokenizer\.file/],
  ])("refuses a bad tokenizer section with MODEL_INVALID naming the key (%#)", (spec, where) => {
    expect(() => readDiffusionConfig(toView(diffusion(spec)))).toThrow(where);
    expect(() => readGroundingConfig(toView({ grounding: { tokenizer: spec } }))).toThrow(where);
  });

  it("fails the prompt encoding with MODEL_INVALID naming a missing tokenizer file", () => {
    const spec = { kind: "sentencepiece-unigram", file: "missing-tokenizer.json" };
    const config = readDiffusionConfig(toView(diffusion(spec)));
    expect(() => tokenizePrompt("a cat", config.tokenizer)).toThrow(
      expect.objectContaining({
        code: "MODEL_INVALID",
        message: expect.stringMatching(/missing-tokenizer\.json/) as unknown,
      }),
    );
  });
});
