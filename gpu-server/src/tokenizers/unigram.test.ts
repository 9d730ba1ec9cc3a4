import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeUnigramTokenizer, UnigramFileSchema, type UnigramFile } from "./unigram";

// testdata/unigram-tiny.json: ids 0 <pad>, 1 </s>, 2 <unk>, 3 ▁, 4 ▁the, 5 ▁cat, 9 a, 10 s,
// 11 ▁cats (−7.5), 12 ▁dog, 15 r, 17 ▁run, 18 ".", 19 <0xC3>, 20 <0xA9>, 21 e; lowest score −7.5,
// so an unknown character scores −17.5.
const raw = JSON.parse(
  readFileSync(join(import.meta.dirname, "testdata", "unigram-tiny.json"), "utf8"),
) as Record<string, unknown>;
const file: UnigramFile = UnigramFileSchema.parse(raw);
const tokenize = makeUnigramTokenizer({ file, maxLength: 8, eosToken: "</s>" });

describe("sentencepiece-unigram tokenizer", () => {
  it.each([
    ["the cat", [4, 5, 1]],
    // ▁cat s . (−3 −3 −1 = −7) beats the longer ▁cats . (−7.5 −1 = −8.5).
    ["the cats.", [4, 5, 10, 18, 1]],
    // ▁dog (−3) beats ▁do g (−4.5); ▁run s (−7) beats ▁ r un s (−12.5).
    ["dog runs", [12, 17, 10, 1]],
    // Z and b have no piece: one <unk> each, the known letters between them stay.
    ["the Zebra", [4, 3, 2, 21, 2, 15, 9, 1]],
    // A run of unknown characters is one <unk>.
    ["the zz", [4, 3, 2, 1]],
    // Trailing spaces are stripped, runs of spaces collapse, every word gets its ▁.
    ["  the   cat  ", [4, 5, 1]],
    // NFKC: full-width letters and the ideographic space become ASCII.
    ["ｔｈｅ\u3000ｃａｔ", [4, 5, 1]],
    ["", [1]],
  ])("%j -> %j then padding", (text, tokens) => {
    const pad = 8 - tokens.length;
    expect(tokenize(text)).toEqual({
      ids: [...tokens, ...new Array<number>(pad).fill(0)],
      mask: [...tokens.map(() => 1), ...new Array<number>(pad).fill(0)],
    });
  });

  it("truncates the text but keeps </s> when the row is full", () => {
    const short = makeUnigramTokenizer({ file, maxLength: 4, eosToken: "</s>" });
    expect(short("the cat runs")).toEqual({ ids: [4, 5, 17, 1], mask: [1, 1, 1, 1] });
  });

  it("appends nothing without an eos token and pads with the given id", () => {
    const bare = makeUnigramTokenizer({ file, maxLength: 4, eosToken: null, padId: 7 });
    expect(bare("the cat").ids).toEqual([4, 5, 7, 7]);
  });

  it.each([
    [false, "the é", [4, 3, 2, 1]],
    [true, "the é", [4, 3, 19, 20, 1]],
    [true, "the éé", [4, 3, 19, 20, 19, 20, 1]],
    // ü is C3 BC and there is no <0xBC> piece: the whole run falls back to <unk>.
    [true, "the ü", [4, 3, 2, 1]],
  ])("byte_fallback %s: %j -> %j", (byteFallback, text, tokens) => {
    const withFallback = UnigramFileSchema.parse({
      ...raw,
      model: { ...(raw.model as object), byte_fallback: byteFallback },
    });
    const run = makeUnigramTokenizer({ file: withFallback, maxLength: 8, eosToken: "</s>" });
    expect(run(text).ids.slice(0, tokens.length)).toEqual(tokens);
  });

  it("reads the older export: Precompiled (nmt + NFKC), WhitespaceSplit, add_prefix_space", () => {
    const legacy = UnigramFileSchema.parse({
      ...raw,
      normalizer: { type: "Precompiled", precompiled_charsmap: "" },
      pre_tokenizer: {
        type: "Sequence",
        pretokenizers: [
          { type: "WhitespaceSplit" },
          { type: "Metaspace", replacement: "▁", add_prefix_space: true },
        ],
      },
    });
    const run = makeUnigramTokenizer({ file: legacy, maxLength: 8, eosToken: "</s>" });
    // The tab becomes a space and the BEL control character is removed.
    expect(run("the\tcat\u0007  dog").ids).toEqual([4, 5, 12, 1, 0, 0, 0, 0]);
  });

  it("without a prefix space the first word is not the ▁-word piece", () => {
    const noPrefix = UnigramFileSchema.parse({
      ...raw,
      pre_tokenizer: { type: "Metaspace", replacement: "▁", prepend_scheme: "never" },
    });
    const run = makeUnigramTokenizer({ file: noPrefix, maxLength: 8, eosToken: "</s>" });
    // "cat" alone: c a t (−12.5); then "▁dog".
    expect(run("cat dog").ids.slice(0, 5)).toEqual([8, 9, 7, 12, 1]);
  });

  it.each([
    [{ type: "BertNormalizer" }, undefined, /normalizer type "BertNormalizer"/],
    [undefined, { type: "ByteLevel" }, /pre_tokenizer type "ByteLevel"/],
  ])("refuses an unsupported component by name", (normalizer, preTokenizer, message) => {
    const odd = UnigramFileSchema.parse({
      ...raw,
      ...(normalizer ? { normalizer } : {}),
      ...(preTokenizer ? { pre_tokenizer: preTokenizer } : {}),
    });
    expect(() => makeUnigramTokenizer({ file: odd, maxLength: 8, eosToken: "</s>" })).toThrow(
      message,
    );
  });

  it("refuses an eos token the vocabulary lacks", () => {
    expect(() => makeUnigramTokenizer({ file, maxLength: 8, eosToken: "<eos>" })).toThrow(/<eos>/);
  });
});
