import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  TRACK_COLORS_RGB,
  addKeyframe,
  firstFreeColor,
  mergeTrackedFrames,
  nextKeyframe,
  nextObjectName,
  planRetrack,
  previousKeyframe,
  trackColor,
  trackColorCss,
  type RetrackDirection,
} from "./tracking";

describe("planRetrack", () => {
  it.each<[string, number[], number, RetrackDirection, [number, number]]>([
    ["no keyframes, both ways: the whole clip", [], 10, "both", [0, 49]],
    ["no keyframes, forward: frame to the end", [], 10, "forward", [10, 49]],
    ["no keyframes, backward: start to the frame", [], 10, "backward", [0, 10]],
    ["between keyframes, both: stops short of each", [5, 20], 12, "both", [6, 19]],
    ["between keyframes, forward", [5, 20], 12, "forward", [12, 19]],
    ["between keyframes, backward", [5, 20], 12, "backward", [6, 12]],
    ["after the last keyframe, forward runs to the end", [5, 20], 30, "forward", [30, 49]],
    ["before the first keyframe, backward runs to 0", [5, 20], 2, "backward", [0, 2]],
    ["on a keyframe itself: its neighbours bound it", [5, 12, 20], 12, "both", [6, 19]],
    ["next to a keyframe: just the frame", [11, 13], 12, "both", [12, 12]],
    ["first frame, backward", [], 0, "backward", [0, 0]],
    ["last frame, forward", [], 49, "forward", [49, 49]],
    ["unsorted keyframes are fine", [20, 5], 12, "both", [6, 19]],
  ])("%s", (_name, keyframes, frame, direction, [start, end]) => {
    expect(planRetrack({ keyframes, frame, direction, frameCount: 50 })).toEqual({ start, end });
  });

  it.each([-1, 50, 2.5])("refuses frame %s outside a 50-frame clip", frame => {
    expect(() => planRetrack({ keyframes: [], frame, direction: "both", frameCount: 50 })).toThrow(
      RangeError,
    );
  });

  it("never reaches another keyframe and always contains the frame", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.array(fc.nat(199)),
        fc.nat(199),
        fc.constantFrom<RetrackDirection>("forward", "backward", "both"),
        (frameCount, rawKeys, rawFrame, direction) => {
          const frame = rawFrame % frameCount;
          const keyframes = rawKeys.map(k => k % frameCount);
          const { start, end } = planRetrack({ keyframes, frame, direction, frameCount });
          expect(start).toBeLessThanOrEqual(frame);
          expect(end).toBeGreaterThanOrEqual(frame);
          expect(start).toBeGreaterThanOrEqual(0);
          expect(end).toBeLessThan(frameCount);
          for (const key of keyframes) {
            if (key !== frame) expect(key < start || key > end).toBe(true);
          }
          if (direction === "forward") expect(start).toBe(frame);
          if (direction === "backward") expect(end).toBe(frame);
        },
      ),
    );
  });
});

describe("keyframe stepping", () => {
  const keys = [3, 10, 25];
  it.each([
    [0, null, 3],
    [3, null, 10],
    [4, 3, 10],
    [10, 3, 25],
    [24, 10, 25],
    [25, 10, null],
    [40, 25, null],
  ])("from frame %i: previous %s, next %s", (frame, previous, next) => {
    expect(previousKeyframe(keys, frame)).toBe(previous);
    expect(nextKeyframe(keys, frame)).toBe(next);
  });

  it("finds nothing without keyframes and works on unsorted lists", () => {
    expect(previousKeyframe([], 5)).toBeNull();
    expect(nextKeyframe([], 5)).toBeNull();
    expect(previousKeyframe([25, 3, 10], 12)).toBe(10);
    expect(nextKeyframe([25, 3, 10], 12)).toBe(25);
  });

  it("adds a keyframe in order, once", () => {
    expect(addKeyframe([3, 25], 10)).toEqual([3, 10, 25]);
    expect(addKeyframe([3, 10], 10)).toEqual([3, 10]);
    expect(addKeyframe([], 0)).toEqual([0]);
  });
});

describe("mergeTrackedFrames", () => {
  const existing = new Map([
    [0, "a0"],
    [1, "a1"],
    [2, "a2"],
    [3, "a3"],
    [4, "a4"],
  ]);

  it("replaces frames inside the range and keeps the others", () => {
    const incoming = new Map([
      [2, "b2"],
      [3, "b3"],
    ]);
    expect([...mergeTrackedFrames(existing, incoming, { start: 2, end: 3 })]).toEqual([
      [0, "a0"],
      [1, "a1"],
      [2, "b2"],
      [3, "b3"],
      [4, "a4"],
    ]);
  });

  it("drops in-range frames the new run left empty and ignores incoming frames outside the range", () => {
    const incoming = new Map([
      [1, "b1"],
      [3, "b3"],
      [9, "b9"],
    ]);
    expect([...mergeTrackedFrames(existing, incoming, { start: 2, end: 3 })]).toEqual([
      [0, "a0"],
      [1, "a1"],
      [3, "b3"],
      [4, "a4"],
    ]);
  });

  it("adds frames the object did not cover yet, in frame order", () => {
    const incoming = new Map([
      [7, "b7"],
      [6, "b6"],
    ]);
    const merged = mergeTrackedFrames(new Map([[0, "a0"]]), incoming, { start: 5, end: 8 });
    expect([...merged.keys()]).toEqual([0, 6, 7]);
  });

  it("leaves its inputs untouched", () => {
    const before = [...existing];
    mergeTrackedFrames(existing, new Map([[0, "x"]]), { start: 0, end: 4 });
    expect([...existing]).toEqual(before);
  });
});

describe("object colours", () => {
  it("has 8 distinct colours, each at 40 % alpha", () => {
    const all = TRACK_COLORS_RGB.map((_, i) => trackColor(i));
    expect(new Set(all.map(c => c.slice(0, 3).join(","))).size).toBe(8);
    for (const colour of all) expect(colour[3]).toBe(102);
  });

  it("wraps indexes past 8 and below 0", () => {
    expect(trackColor(8)).toEqual(trackColor(0));
    expect(trackColor(-1)).toEqual(trackColor(7));
  });

  it("writes CSS opaque or at 40 %", () => {
    const [r, g, b] = trackColor(2);
    expect(trackColorCss({ index: 2 })).toBe(`rgb(${r}, ${g}, ${b})`);
    expect(trackColorCss({ index: 2, translucent: true })).toBe(`rgba(${r}, ${g}, ${b}, 0.4)`);
  });

  it.each([
    [[], 0],
    [[0], 1],
    [[1, 0, 3], 2],
    [[0, 1, 2, 3, 4, 5, 6, 7], 0],
    [[0, 1, 2, 3, 4, 5, 6, 7, 0, 1], 2],
    [[2, 2], 0],
  ])("with colours %j in use, a new object gets %i", (used, expected) => {
    expect(firstFreeColor(used)).toBe(expected);
  });
});

describe("nextObjectName", () => {
  it.each([
    [[], "Object 1"],
    [["Object 1"], "Object 2"],
    [["Object 2", "Car"], "Object 1"],
    [["Object 1", "Object 2", "Object 3"], "Object 4"],
  ])("after %j names the next %s", (names, expected) => {
    expect(nextObjectName(names)).toBe(expected);
  });
});
