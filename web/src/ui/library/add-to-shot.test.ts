import { describe, expect, it } from "vitest";
import { addConditioning, noTargetHint, targetShotId } from "./add-to-shot";

const ITEMS = [
  { id: "v1a", track: "V1", shotId: "s1" },
  { id: "v1b", track: "V1", shotId: "s2" },
  { id: "v2", track: "V2", shotId: "s3" },
  { id: "imp", track: "V1", shotId: null },
];

describe("targetShotId", () => {
  const timelineTarget = (selection: readonly string[], storyboardShotId: string | null = null) =>
    targetShotId({
      view: "timeline",
      storyboardShotId,
      selection,
      items: ITEMS,
      shotExists: () => true,
    });

  it.each([
    [[], null],
    [["imp"], null],
    [["v1b"], "s2"],
    [["v2"], "s3"],
    [["v2", "v1a"], "s1"],
    [["gone", "v1b"], "s2"],
  ] as const)("outside the storyboard, selection %j targets %s", (selection, expected) => {
    expect(timelineTarget(selection)).toBe(expected);
  });

  it("outside the storyboard ignores the storyboard's selected shot", () => {
    expect(timelineTarget([], "s9")).toBe(null);
    expect(timelineTarget(["v1b"], "s9")).toBe("s2");
  });

  it.each([
    ["s9", ["v1a"], "s9"],
    ["s9", [], "s9"],
    [null, ["v1a"], null],
  ] as const)(
    "in the storyboard, selected shot %s with clips %j targets %s",
    (storyboardShotId, selection, expected) => {
      expect(
        targetShotId({
          view: "storyboard",
          storyboardShotId,
          selection,
          items: ITEMS,
          shotExists: () => true,
        }),
      ).toBe(expected);
    },
  );

  it.each(["timeline", "storyboard"])("in the %s view ignores a deleted shot", view => {
    expect(
      targetShotId({
        view,
        storyboardShotId: "s1",
        selection: ["v1a"],
        items: ITEMS,
        shotExists: id => id !== "s1",
      }),
    ).toBe(null);
  });
});

describe("noTargetHint", () => {
  it.each([
    ["timeline", "Select a shot's clip on the timeline first"],
    ["elements", "Select a shot's clip on the timeline first"],
    ["storyboard", "Select a shot on the storyboard first"],
  ])("in the %s view says %s", (view, hint) => {
    expect(noTargetHint(view)).toBe(hint);
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
