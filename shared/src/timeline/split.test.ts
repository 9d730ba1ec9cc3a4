import { describe, expect, it } from "vitest";
import { itemsAtFrame } from "./layout-free";
import { computeTimelineDuration } from "./duration";
import { splitItemAt } from "./split";
import { clip, lockTrack, v1Ids, v1Timeline } from "./test-timeline";

describe("splitItemAt", () => {
  it.each([
    // V1 b = [20, 50) from a 40-frame source trimmed 5/5.
    [21, [5, 34], [6, 5]],
    [35, [5, 20], [20, 5]],
    [49, [5, 6], [34, 5]],
  ])("splits V1 clip b at %i: left trims %j, right trims %j", (frame, left, right) => {
    const t = v1Timeline([20], [clip("b", 40, { trimIn: 5, trimOut: 5 }), clip("c", 10)]);
    const next = splitItemAt({ timeline: t, itemId: "b", frame, newId: "b2" });
    expect(v1Ids(next)).toEqual(["a", "b", "b2", "c"]);
    const [l, r] = [next.items[1]!, next.items[2]!];
    expect([
      [l.trimIn, l.trimOut],
      [r.trimIn, r.trimOut],
    ]).toEqual([left, right]);
    expect(computeTimelineDuration({ timeline: next })).toBe(60);
  });

  it("splits a V2 clip; the right part starts at the split frame and plays the same frames", () => {
    const t = v1Timeline([10], [clip("o", 30, { track: "V2", startFrame: 100, trimIn: 3 })]);
    const next = splitItemAt({ timeline: t, itemId: "o", frame: 110, newId: "o2" });
    expect(next.items.find(i => i.id === "o2")).toMatchObject({ startFrame: 110, trimIn: 13 });
    for (const frame of [100, 109, 110, 126]) {
      expect(itemsAtFrame({ timeline: next, frame }).V2?.sourceFrame).toBe(
        itemsAtFrame({ timeline: t, frame }).V2?.sourceFrame,
      );
    }
  });

  it.each([
    ["at the clip start", v1Timeline([10, 10]), "b", 10, "b2"],
    ["at the clip end", v1Timeline([10, 10]), "b", 20, "b2"],
    ["outside the clip", v1Timeline([10, 10]), "a", 15, "a2"],
    ["an unknown item", v1Timeline([10, 10]), "zz", 5, "z2"],
    ["a taken new id", v1Timeline([10, 10]), "a", 5, "b"],
    ["a locked track", lockTrack(v1Timeline([10, 10]), "V1"), "a", 5, "a2"],
    ["a fractional frame", v1Timeline([10, 10]), "a", 5.5, "a2"],
  ])("refuses a split %s", (_name, t, itemId, frame, newId) => {
    expect(splitItemAt({ timeline: t, itemId, frame, newId })).toBe(t);
  });
});
