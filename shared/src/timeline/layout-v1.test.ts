import { describe, expect, it } from "vitest";
import { computeV1DropIndex, computeV1Layout, findV1PlacementAt } from "./layout-v1";
import { clip, v1Timeline } from "./test-timeline";

describe("computeV1Layout", () => {
  it.each([
    [[], [], 0],
    [[10], [[0, 10]], 10],
    [
      [10, 5, 20],
      [
        [0, 10],
        [10, 15],
        [15, 35],
      ],
      35,
    ],
  ])("lays lengths %j end to end as %j", (lengths, ranges, end) => {
    const layout = computeV1Layout(v1Timeline(lengths).items);
    expect(layout.placements.map(p => [p.startFrame, p.endFrame])).toEqual(ranges);
    expect(layout.endFrame).toBe(end);
  });

  it("uses trimmed durations, at least one frame each", () => {
    const items = [
      clip("a", 50, { trimIn: 10, trimOut: 5 }),
      clip("b", 10, { trimIn: 8, trimOut: 8 }),
      clip("c", 4),
    ];
    const layout = computeV1Layout(items);
    expect(layout.placements.map(p => [p.startFrame, p.endFrame])).toEqual([
      [0, 35],
      [35, 36],
      [36, 40],
    ]);
  });

  it("ignores V2/A1 items and their startFrame, and indexes by id", () => {
    const items = [
      clip("a", 10, { startFrame: 99 }),
      clip("o", 30, { track: "V2", startFrame: 0 }),
      clip("b", 10),
    ];
    const layout = computeV1Layout(items);
    expect(layout.placements.map(p => p.item.id)).toEqual(["a", "b"]);
    expect(layout.byId.get("b")).toMatchObject({ index: 1, startFrame: 10, endFrame: 20 });
    expect(layout.byId.has("o")).toBe(false);
  });
});

describe("findV1PlacementAt", () => {
  const layout = computeV1Layout(v1Timeline([10, 5, 20]).items);
  it.each([
    [0, "a"],
    [9, "a"],
    [10, "b"],
    [14, "b"],
    [15, "c"],
    [34, "c"],
    [35, null],
    [-1, null],
  ])("frame %i is in %s", (frame, id) => {
    expect(findV1PlacementAt(layout, frame)?.item.id ?? null).toBe(id);
  });
});

describe("computeV1DropIndex", () => {
  const items = v1Timeline([10, 10, 10]).items;
  it.each([
    [0, undefined, 0],
    [5, undefined, 0],
    [5.5, undefined, 1],
    [16, undefined, 2],
    [100, undefined, 3],
    // Dragging "a": the others sit at b [0,10), c [10,20).
    [4, "a", 0],
    [6, "a", 1],
    [16, "a", 2],
  ])("centre at %f (dragging %s) drops at index %i", (centreFrame, excludeId, index) => {
    expect(computeV1DropIndex({ items, centreFrame, excludeId })).toBe(index);
  });
});
