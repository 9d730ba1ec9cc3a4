import { describe, expect, it } from "vitest";
import { makeTimeline } from "../schema/timeline";
import { computeTimelineDuration } from "./duration";
import {
  computeFreeLayout,
  findOverlappingItems,
  freeItemRange,
  freeItemsAt,
  itemRange,
  itemsAtFrame,
} from "./layout-free";
import { computeV1Layout } from "./layout-v1";
import { clip, v1Timeline } from "./test-timeline";

const overlay1 = clip("o1", 30, { track: "V2", startFrame: 5, trimIn: 4, trimOut: 6 }); // [5,25)
const overlay2 = clip("o2", 10, { track: "V2", startFrame: 20 }); // [20,30)
const music = clip("m", 100, { track: "A1", startFrame: 0, trimIn: 50 }); // [0,50)
const timeline = v1Timeline([10, 10], [overlay1, overlay2, music]);

describe("free placement", () => {
  it("places a free item at startFrame for its trimmed duration", () => {
    expect(freeItemRange(overlay1)).toEqual({ startFrame: 5, endFrame: 25 });
  });

  it("gives any item's range, V1 derived from order", () => {
    expect(itemRange({ timeline, item: timeline.items[1]! })).toEqual({
      startFrame: 10,
      endFrame: 20,
    });
    expect(itemRange({ timeline, item: overlay2 })).toEqual({ startFrame: 20, endFrame: 30 });
    expect(itemRange({ timeline, item: clip("zz", 5) })).toBeNull();
  });

  it("sorts a free track by start", () => {
    const items = [clip("late", 5, { track: "V2", startFrame: 50 }), overlay1, music];
    expect(computeFreeLayout(items, "V2").map(i => i.id)).toEqual(["o1", "late"]);
  });

  it.each([
    [4, []],
    [5, ["o1"]],
    [22, ["o1", "o2"]],
    [25, ["o2"]],
    [30, []],
  ])("V2 items covering frame %i: %j", (frame, ids) => {
    expect(freeItemsAt({ items: timeline.items, track: "V2", frame }).map(i => i.id)).toEqual(ids);
  });

  it.each([
    [0, 5, undefined, []],
    [0, 6, undefined, ["o1"]],
    [24, 26, undefined, ["o1", "o2"]],
    [24, 26, "o1", ["o2"]],
    [30, 40, undefined, []],
  ])("V2 overlaps of [%i,%i) excluding %s: %j", (startFrame, endFrame, excludeId, ids) => {
    const found = findOverlappingItems({
      items: timeline.items,
      track: "V2",
      startFrame,
      endFrame,
      excludeId,
    });
    expect(found.map(i => i.id)).toEqual(ids);
  });
});

describe("itemsAtFrame", () => {
  it.each([
    [0, ["a", 0], null, ["m", 50]],
    [12, ["b", 2], ["o1", 11], ["m", 62]],
    // o2 comes later in items, so it is on top where the overlays overlap.
    [22, null, ["o2", 2], ["m", 72]],
    [60, null, null, null],
  ])("at frame %i: V1 %j, V2 %j, A1 %j", (frame, v1, v2, a1) => {
    const at = itemsAtFrame({ timeline, frame });
    const pick = (p: (typeof at)["V1"]) => (p ? [p.item.id, p.sourceFrame] : null);
    expect([pick(at.V1), pick(at.V2), pick(at.A1)]).toEqual([v1, v2, a1]);
  });

  it("stacks by array order, not by start", () => {
    const under = clip("u", 50, { track: "V2", startFrame: 10 });
    const over = clip("v", 50, { track: "V2", startFrame: 0 });
    const t = v1Timeline([], [under, over]);
    expect(itemsAtFrame({ timeline: t, frame: 20 }).V2?.item.id).toBe("v");
  });

  it("gives the same answer with a memoised layout", () => {
    const layout = computeV1Layout(timeline.items);
    expect(itemsAtFrame({ timeline, frame: 12, layout })).toEqual(
      itemsAtFrame({ timeline, frame: 12 }),
    );
  });
});

describe("computeTimelineDuration", () => {
  it.each([
    ["empty", makeTimeline(), 0],
    ["V1 only", v1Timeline([10, 20, 5]), 35],
    ["A1 past V1", timeline, 50],
    ["V2 past V1", v1Timeline([10], [clip("o", 10, { track: "V2", startFrame: 95 })]), 105],
    ["V1 past V2", v1Timeline([100], [clip("o", 10, { track: "V2", startFrame: 5 })]), 100],
  ])("%s lasts %i frames", (_name, t, frames) => {
    expect(computeTimelineDuration({ timeline: t })).toBe(frames);
  });
});
