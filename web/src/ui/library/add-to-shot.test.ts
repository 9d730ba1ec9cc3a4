import { describe, expect, it } from "vitest";
import { addConditioning, targetShotId } from "./add-to-shot";

const ITEMS = [
  { id: "v1a", track: "V1", shotId: "s1" },
  { id: "v1b", track: "V1", shotId: "s2" },
  { id: "v2", track: "V2", shotId: "s3" },
  { id: "imp", track: "V1", shotId: null },
];

describe("targetShotId", () => {
  it.each([
    [[], null],
    [["imp"], null],
    [["v1b"], "s2"],
    [["v2"], "s3"],
    [["v2", "v1a"], "s1"],
    [["gone", "v1b"], "s2"],
  ] as const)("selection %j targets %s", (selection, expected) => {
    expect(targetShotId({ selection, items: ITEMS, shotExists: () => true })).toBe(expected);
  });

  it("ignores a clip whose shot was deleted", () => {
    expect(targetShotId({ selection: ["v1a"], items: ITEMS, shotExists: id => id !== "s1" })).toBe(
      null,
    );
  });
});

describe("addConditioning", () => {
  it("appends the file at frame 0 with strength 0.8 after what the shot has", () => {
    const existing = [{ mediaId: "a", frame: 40, strength: 1 }];
    expect(addConditioning({ conditioning: existing, mediaId: "b" })).toEqual({
      ok: true,
      conditioning: [...existing, { mediaId: "b", frame: 0, strength: 0.8 }],
    });
  });

  it("refuses the same file at frame 0 twice, in words", () => {
    const result = addConditioning({
      conditioning: [{ mediaId: "b", frame: 0, strength: 0.8 }],
      mediaId: "b",
    });
    expect(result).toEqual({ ok: false, reason: "The shot already uses this file at frame 0." });
  });

  it("refuses a 17th item", () => {
    const full = Array.from({ length: 16 }, (_, i) => ({
      mediaId: `m${i}`,
      frame: i,
      strength: 1,
    }));
    const result = addConditioning({ conditioning: full, mediaId: "x" });
    expect(result.ok).toBe(false);
  });
});
