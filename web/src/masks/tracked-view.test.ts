import { describe, expect, it } from "vitest";
import { trackColor } from "@milimo/shared/sam";
import { makeTimelineItem, type TrackedObject } from "@milimo/shared/schema";
import { timelineFrameOfSource, trackedMasksAtFrame } from "./tracked-view";

const mask = (value: number) => ({ data: Uint8Array.from([value]), width: 1, height: 1 });
const object = (id: string, color: number): TrackedObject => ({
  id,
  mediaId: "m",
  frameCount: 2,
  createdAt: "2025-01-01T00:00:00.000Z",
  name: id,
  color,
  keyframes: [0],
});

describe("trackedMasksAtFrame", () => {
  const objects = [
    { object: object("a", 0), masks: new Map([[3, mask(1)]]) },
    {
      object: object("b", 5),
      masks: new Map([
        [3, mask(2)],
        [4, mask(3)],
      ]),
    },
    { object: object("c", 2), masks: undefined },
  ];

  it("gives every object's mask at the frame in its colour, skipping objects without one", () => {
    expect(trackedMasksAtFrame(objects, 3)).toEqual([
      { objectId: "a", rgba: trackColor(0), mask: mask(1) },
      { objectId: "b", rgba: trackColor(5), mask: mask(2) },
    ]);
    expect(trackedMasksAtFrame(objects, 4).map(m => m.objectId)).toEqual(["b"]);
    expect(trackedMasksAtFrame(objects, 9)).toEqual([]);
  });
});

describe("timelineFrameOfSource", () => {
  // A clip at timeline frame 100 showing source frames 10..39 (trimIn 10, trimOut 10 of 50).
  const item = makeTimelineItem({ id: "c", sourceFrames: 50, trimIn: 10, trimOut: 10 });
  const playing = { item, startFrame: 100, sourceFrame: 20 };

  it.each([
    [10, 100],
    [25, 115],
    [39, 129],
    [2, 100],
    [45, 129],
  ])("source frame %i lies at timeline frame %i (clamped to the visible clip)", (source, at) => {
    expect(timelineFrameOfSource({ playing, sourceFrame: source })).toBe(at);
  });
});
