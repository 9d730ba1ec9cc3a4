import { describe, expect, it } from "vitest";
import { TokenizerSpecSchema } from "./config";
import { hashFnv1a, tokenizePrompt } from "./tokenizer";

const wordSpec = TokenizerSpecSchema.parse({
  kind: "word-hash",
  vocabSize: 4096,
  maxLength: 8,
  bosId: 1,
  eosId: 2,
});
const byteSpec = TokenizerSpecSchema.parse({ kind: "byte", vocabSize: 259, maxLength: 6 });

describe("tokenizePrompt", () => {
  it("wraps words in bos/eos, pads to maxLength and masks the padding", () => {
    const { ids, mask } = tokenizePrompt("Mara runs", wordSpec);
    expect(ids).toHaveLength(8);
    expect(ids[0]).toBe(1);
    expect(ids[3]).toBe(2);
    expect(ids.slice(4)).toEqual([0, 0, 0, 0]);
    expect(mask).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    expect(ids.slice(1, 3).every(id => id >= 3 && id < 4096)).toBe(true);
  });

  it("ignores case and punctuation but not word order", () => {
    expect(tokenizePrompt("MARA, runs!", wordSpec).ids).toEqual(
      tokenizePrompt("mara runs", wordSpec).ids,
    );
    expect(tokenizePrompt("runs mara", wordSpec).ids).not.toEqual(
      tokenizePrompt("mara runs", wordSpec).ids,
    );
  });

  it("truncates long prompts but keeps the eos token", () => {
    const { ids, mask } = tokenizePrompt("one two three four five six seven eight nine", wordSpec);
    expect(ids).toHaveLength(8);
    expect(ids[7]).toBe(2);
    expect(mask.every(m => m === 1)).toBe(true);
  });

  it("maps bytes to ids past the reserved range", () => {
    expect(tokenizePrompt("ab", byteSpec).ids).toEqual([3 + 97, 3 + 98, 0, 0, 0, 0]);
    expect(tokenizePrompt("é", byteSpec).ids.slice(0, 2)).toEqual([3 + 0xc3, 3 + 0xa9]);
  });

  it("gives an empty prompt only padding and specials", () => {
    expect(tokenizePrompt("", wordSpec).ids).toEqual([1, 2, 0, 0, 0, 0, 0, 0]);
  });
});

describe("hashFnv1a", () => {
  it.each([
    ["", 0x811c9dc5],
    ["a", 0xe40c292c],
    ["foobar", 0xbf9cf968],
  ])("hashes %j like the reference FNV-1a", (text, expected) => {
    expect(hashFnv1a(text)).toBe(expected);
  });
});
