import { describe, expect, it } from "vitest";
import { extractJson } from "./extract-json";

const OBJ = { scenes: [{ heading: "INT. A - DAY", shots: [{ action: "A {brace} [x]" }] }] };
const TEXT = JSON.stringify(OBJ);

describe("extractJson", () => {
  it.each([
    ["bare JSON", TEXT],
    ["a ```json fence", "```json\n" + TEXT + "\n```"],
    ["a bare ``` fence with prose around", "Here you go:\n```\n" + TEXT + "\n```\nEnjoy!"],
    ["leading prose", "Sure! The storyboard is: " + TEXT],
    ["trailing prose", TEXT + "\n\nLet me know if you want changes."],
    ["a bracketed aside before it", "[thinking done] " + TEXT],
    ["pretty-printed JSON", JSON.stringify(OBJ, null, 2)],
  ])("reads %s", (_label, answer) => {
    expect(extractJson(answer)).toEqual(OBJ);
  });

  it("keeps escaped quotes and brackets inside strings", () => {
    const value = { a: 'say "hi" } ]' };
    expect(extractJson(`x ${JSON.stringify(value)} y`)).toEqual(value);
  });

  it("reads a top-level array", () => {
    expect(extractJson("result: [1, 2]")).toEqual([1, 2]);
  });

  it.each([
    ["plain prose", "I cannot help with that."],
    ["truncated JSON", '{"scenes": [{"heading": "INT'],
    ["invalid JSON", "{scenes: [1,]}"],
    ["empty text", ""],
  ])("returns null for %s", (_label, answer) => {
    expect(extractJson(answer)).toBeNull();
  });
});
