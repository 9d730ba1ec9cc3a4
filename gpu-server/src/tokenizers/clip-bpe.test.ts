import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeClipBpeTokenizer } from "./clip-bpe";

// A toy CLIP vocabulary: "red" merges into one token, "car" stays three symbols.
const testdata = join(import.meta.dirname, "testdata");
const vocab = JSON.parse(readFileSync(join(testdata, "clip-vocab.json"), "utf8")) as Record<
  string,
  number
>;
const merges = readFileSync(join(testdata, "clip-merges.txt"), "utf8");

describe("makeClipBpeTokenizer", () => {
  it.each([
    ["Red  car", 8, [10, 5, 6, 7, 8, 11, 0, 0], [1, 1, 1, 1, 1, 1, 0, 0]],
    ["red car", 4, [10, 5, 6, 11], [1, 1, 1, 1]],
    ["zed", 4, [10, 11, 2, 11], [1, 1, 1, 1]], // unknown symbols become <|endoftext|>
    ["", 3, [10, 11, 0], [1, 1, 0]],
  ])("%j (max %i) -> %j", (text, maxLength, ids, mask) => {
    expect(makeClipBpeTokenizer({ vocab, merges, maxLength, padId: 0 })(text)).toEqual({
      ids,
      mask,
    });
  });

  it("refuses a vocabulary without CLIP's start and end tokens", () => {
    expect(() => makeClipBpeTokenizer({ vocab: { a: 0 }, merges, maxLength: 4, padId: 0 })).toThrow(
      /startoftext/,
    );
  });
});
