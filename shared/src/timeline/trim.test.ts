import { describe, expect, it } from "vitest";
import { itemDurationFrames } from "./item";
import { computeV1Layout } from "./layout-v1";
import { trimItem, trimTimelineItem, trimTimelineItemToFrame, type TrimEdge } from "./trim";
import { clip, lockTrack, v1Timeline } from "./test-timeline";

// 100-frame source showing frames 10..89 (80 frames).
const v1Clip = clip("a", 100, { trimIn: 10, trimOut: 10 });
const v2Clip = clip("o", 100, { track: "V2", startFrame: 30, trimIn: 10, trimOut: 10 });

describe("trimItem", () => {
  it.each<[TrimEdge, number, number, number, number]>([
    // edge, delta -> trimIn, trimOut, duration
    ["in", 5, 15, 10, 75],
    ["in", -5, 5, 10, 85],
    ["in", -50, 0, 10, 90],
    ["in", 500, 89, 10, 1],
    ["out", 5, 10, 5, 85],
    ["out", -5, 10, 15, 75],
    ["out", 50, 10, 0, 90],
    ["out", -500, 10, 89, 1],
  ])(
    "V1 %s handle by %i -> trimIn %i, trimOut %i, %i frames",
    (edge, deltaFrames, tIn, tOut, d) => {
      const next = trimItem({ item: v1Clip, edge, deltaFrames });
      expect([next.trimIn, next.trimOut, itemDurationFrames(next)]).toEqual([tIn, tOut, d]);
      expect(next.startFrame).toBe(v1Clip.startFrame);
    },
  );

  it.each([
    [5, 15, 35],
    [-5, 5, 25],
    [-50, 0, 20],
    [500, 89, 109],
  ])("V2 in handle by %i -> trimIn %i, start %i; the end stays", (deltaFrames, tIn, start) => {
    const next = trimItem({ item: v2Clip, edge: "in", deltaFrames });
    expect([next.trimIn, next.startFrame]).toEqual([tIn, start]);
    expect(next.startFrame + itemDurationFrames(next)).toBe(110);
  });

  it("can't pull a free clip's head before frame 0", () => {
    const early = clip("o", 100, { track: "A1", startFrame: 3, trimIn: 20 });
    const next = trimItem({ item: early, edge: "in", deltaFrames: -10 });
    expect([next.trimIn, next.startFrame]).toEqual([17, 0]);
  });

  it("returns the same item when nothing changes and never mutates", () => {
    const snapshot = { ...v1Clip };
    expect(trimItem({ item: v1Clip, edge: "in", deltaFrames: 0 })).toBe(v1Clip);
    expect(trimItem({ item: clip("u", 9), edge: "out", deltaFrames: 4 }).trimOut).toBe(0);
    trimItem({ item: v1Clip, edge: "out", deltaFrames: -3 });
    expect(v1Clip).toEqual(snapshot);
  });
});

describe("trimTimelineItem", () => {
  it("ripples V1: later clips move by the trimmed amount", () => {
    const t = v1Timeline([20, 20, 20]);
    const next = trimTimelineItem({ timeline: t, itemId: "a", edge: "out", deltaFrames: -8 });
    expect(computeV1Layout(next.items).placements.map(p => p.startFrame)).toEqual([0, 12, 32]);
    expect(computeV1Layout(t.items).placements.map(p => p.startFrame)).toEqual([0, 20, 40]);
  });

  it.each([
    ["a locked track", lockTrack(v1Timeline([20]), "V1"), "a"],
    ["an unknown id", v1Timeline([20]), "zz"],
  ])("refuses %s by returning the input", (_name, t, itemId) => {
    expect(trimTimelineItem({ timeline: t, itemId, edge: "in", deltaFrames: 3 })).toBe(t);
  });
});

describe("trimTimelineItemToFrame", () => {
  const t = v1Timeline([20, 20]);
  it.each<[TrimEdge, number, number, number]>([
    ["in", 25, 5, 0],
    ["out", 35, 0, 5],
    ["out", 100, 0, 0],
  ])("sets clip b's %s point at frame %i -> trimIn %i, trimOut %i", (edge, frame, tIn, tOut) => {
    const b = trimTimelineItemToFrame({ timeline: t, itemId: "b", edge, frame }).items[1];
    expect([b?.trimIn, b?.trimOut]).toEqual([tIn, tOut]);
  });
});
