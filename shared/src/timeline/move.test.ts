import { describe, expect, it } from "vitest";
import type { Timeline } from "../schema/timeline";
import { computeV1Layout } from "./layout-v1";
import { deleteItems, insertItem, moveItem, reorderV1Item } from "./move";
import { clip, lockTrack, v1Ids, v1Timeline } from "./test-timeline";

const starts = (t: Timeline) => computeV1Layout(t.items).placements.map(p => p.startFrame);
const find = (t: Timeline, id: string) => t.items.find(i => i.id === id);

describe("insertItem", () => {
  it.each([
    [0, ["x", "a", "b", "c"], [0, 7, 17, 27]],
    [1, ["a", "x", "b", "c"], [0, 10, 17, 27]],
    [3, ["a", "b", "c", "x"], [0, 10, 20, 30]],
    [99, ["a", "b", "c", "x"], [0, 10, 20, 30]],
    [undefined, ["a", "b", "c", "x"], [0, 10, 20, 30]],
  ])("inserts on V1 at index %s -> %j, starts ripple", (index, ids, expected) => {
    const t = v1Timeline([10, 10, 10], [clip("o", 5, { track: "V2", startFrame: 3 })]);
    const next = insertItem({ timeline: t, item: clip("x", 7), index });
    expect(v1Ids(next)).toEqual(ids);
    expect(starts(next)).toEqual(expected);
  });

  it("places V2/A1 items at their start and leaves V1 alone", () => {
    const t = v1Timeline([10]);
    const next = insertItem({ timeline: t, item: clip("m", 50, { track: "A1", startFrame: 40 }) });
    expect(find(next, "m")?.startFrame).toBe(40);
    expect(starts(next)).toEqual([0]);
  });

  it.each([
    ["a locked track", lockTrack(v1Timeline([10]), "V1"), clip("x", 5)],
    ["a taken id", v1Timeline([10]), clip("a", 5)],
  ])("refuses %s", (_name, t, item) => {
    expect(insertItem({ timeline: t, item })).toBe(t);
  });
});

describe("reorderV1Item", () => {
  it.each([
    ["a", 2, ["b", "c", "a"]],
    ["c", 0, ["c", "a", "b"]],
    ["b", 1, ["a", "b", "c"]],
    ["a", -4, ["a", "b", "c"]],
    ["a", 40, ["b", "c", "a"]],
  ])("moves %s to index %i -> %j", (itemId, toIndex, ids) => {
    const t = v1Timeline([10, 20, 30], [clip("o", 5, { track: "V2" })]);
    const next = reorderV1Item({ timeline: t, itemId, toIndex });
    expect(v1Ids(next)).toEqual(ids);
    expect(next.items.filter(i => i.track === "V2")).toEqual(t.items.filter(i => i.track === "V2"));
  });

  it("ripples starts to the new order", () => {
    const next = reorderV1Item({ timeline: v1Timeline([10, 20, 30]), itemId: "c", toIndex: 0 });
    expect(starts(next)).toEqual([0, 30, 40]);
  });

  it.each([
    ["a no-op move", v1Timeline([10, 10]), "a", 0],
    ["a locked V1", lockTrack(v1Timeline([10, 10]), "V1"), "a", 1],
    ["a V2 item", v1Timeline([10], [clip("o", 5, { track: "V2" })]), "o", 0],
  ])("returns the input for %s", (_name, t, itemId, toIndex) => {
    expect(reorderV1Item({ timeline: t, itemId, toIndex })).toBe(t);
  });
});

describe("moveItem", () => {
  const base = v1Timeline(
    [10, 20],
    [clip("o", 15, { track: "V2", startFrame: 40 }), clip("m", 30, { track: "A1", startFrame: 0 })],
  );

  it.each([
    [12, 12],
    [-5, 0],
    [7.6, 8],
  ])("moves a V2 clip to start %f -> %i", (startFrame, expected) => {
    expect(find(moveItem({ timeline: base, itemId: "o", startFrame }), "o")?.startFrame).toBe(
      expected,
    );
  });

  it("moves V1 -> V2 keeping its time, and V1 ripples closed", () => {
    const next = moveItem({ timeline: base, itemId: "b", track: "V2" });
    expect(find(next, "b")).toMatchObject({ track: "V2", startFrame: 10 });
    expect(v1Ids(next)).toEqual(["a"]);
  });

  it.each([
    [{ index: 0 }, ["o", "a", "b"]],
    [{ startFrame: -5 }, ["o", "a", "b"]],
    [{ startFrame: 8 }, ["a", "o", "b"]],
    [{}, ["a", "b", "o"]],
  ])("moves V2 -> V1 with %j -> %j", (where, ids) => {
    const next = moveItem({ timeline: base, itemId: "o", track: "V1", ...where });
    expect(v1Ids(next)).toEqual(ids);
    expect(next.items).toHaveLength(base.items.length);
  });

  it("reorders V1 by where its centre lands", () => {
    expect(v1Ids(moveItem({ timeline: base, itemId: "a", startFrame: 25 }))).toEqual(["b", "a"]);
  });

  it.each([
    ["audio to video", base, "m", "V1" as const],
    ["video to audio", base, "a", "A1" as const],
    ["onto a locked track", lockTrack(base, "V2"), "a", "V2" as const],
    ["off a locked track", lockTrack(base, "V1"), "a", "V2" as const],
    ["an unknown item", base, "zz", "V2" as const],
  ])("refuses a move %s", (_name, t, itemId, track) => {
    expect(moveItem({ timeline: t, itemId, track, startFrame: 3 })).toBe(t);
  });
});

describe("deleteItems", () => {
  const base = v1Timeline([10, 20, 30], [clip("o", 15, { track: "V2", startFrame: 40 })]);

  it("ripples V1 closed and leaves V2 where it was", () => {
    const next = deleteItems({ timeline: base, itemIds: ["b"] });
    expect(v1Ids(next)).toEqual(["a", "c"]);
    expect(starts(next)).toEqual([0, 10]);
    expect(find(next, "o")?.startFrame).toBe(40);
  });

  it("deletes a selection across tracks", () => {
    const next = deleteItems({ timeline: base, itemIds: ["a", "o"] });
    expect(next.items.map(i => i.id)).toEqual(["b", "c"]);
  });

  it("keeps items on locked tracks", () => {
    const t = lockTrack(base, "V1");
    expect(deleteItems({ timeline: t, itemIds: ["a", "o"] }).items.map(i => i.id)).toEqual([
      "a",
      "b",
      "c",
    ]);
    expect(deleteItems({ timeline: t, itemIds: ["a"] })).toBe(t);
  });
});
