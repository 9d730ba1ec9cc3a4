import { describe, expect, it } from "vitest";
import { err, ok, type Result } from "./result";

function parsePositive(n: number): Result<number, string> {
  return n > 0 ? ok(n) : err("not positive");
}

describe("Result", () => {
  it.each([
    { input: 3, expected: { ok: true, value: 3 } },
    { input: -1, expected: { ok: false, error: "not positive" } },
  ])("parsePositive($input) -> $expected", ({ input, expected }) => {
    expect(parsePositive(input)).toEqual(expected);
  });

  it("narrows on ok so value and error are reachable only on their branch", () => {
    const result = parsePositive(2);
    const seen = result.ok ? result.value * 10 : result.error.length;
    expect(seen).toBe(20);
  });
});
