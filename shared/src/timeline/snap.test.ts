import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeTimeline } from "../schema/timeline";
import {
  collectSnapTargets,
  snapItemRange,
  snapThresholdFrames,
  snapToNearest,
  type SnapTarget,
} from "./snap";
import { clip, v1Timeline } from "./test-timeline";

// At 25 fps and 50 px/s, 15 px is 7.5 frames.
const zoom = { pxPerSecond: 50, fps: 25 };

describe("collectSnapTargets", () => {
  it("lists 0, playhead, markers and every clip edge except the dragged clip's", () => {
    const t = {
      ...v1Timeline([10, 20], [clip("o", 5, { track: "V2", startFrame: 100 })]),
      markers: [77],
    };
    const targets = collectSnapTargets({ timeline: t, playheadFrame: 42, excludeId: "a" });
    const summary = targets.map(x => `${x.kind}:${x.frame}${x.itemId ? `:${x.itemId}` : ""}`);
    expect(summary).toEqual([
      "origin:0",
      "playhead:42",
      "marker:77",
      "item-start:10:b",
      "item-end:30:b",
      "item-start:100:o",
      "item-end:105:o",
    ]);
  });

  it("has only 0 on an empty timeline without a playhead", () => {
    expect(collectSnapTargets({ timeline: makeTimeline() })).toEqual([
      { frame: 0, kind: "origin" },
    ]);
  });
});

describe("snapThresholdFrames", () => {
  it.each([
    [15, 50, 25, 7.5],
    [15, 5, 25, 75],
    [15, 300, 30, 1.5],
  ])("%i px at %i px/s and %i fps is %f frames", (thresholdPx, pxPerSecond, fps, frames) => {
    expect(snapThresholdFrames({ thresholdPx, pxPerSecond, fps })).toBe(frames);
  });
});

describe("snapToNearest", () => {
  const targets: SnapTarget[] = [
    { frame: 0, kind: "origin" },
    { frame: 40, kind: "item-end", itemId: "a" },
    { frame: 50, kind: "playhead" },
    { frame: 60, kind: "marker" },
  ];

  it.each([
    [3, 0, "origin"],
    [8, 8, null],
    [33, 40, "item-end"],
    [44, 40, "item-end"],
    [45, 50, "playhead"], // tie between the clip end and the playhead: the playhead wins
    [55, 50, "playhead"],
    [57, 60, "marker"],
    [67, 60, "marker"],
    [68.5, 68.5, null],
  ])("frame %f snaps to %f (%s)", (frame, expected, kind) => {
    const r = snapToNearest({ frame, targets, ...zoom });
    expect([r.frame, r.target?.kind ?? null]).toEqual([expected, kind]);
  });

  it("uses a wider frame threshold when zoomed out", () => {
    expect(snapToNearest({ frame: 18, targets, pxPerSecond: 5, fps: 25 }).frame).toBe(0);
    expect(snapToNearest({ frame: 18, targets, pxPerSecond: 300, fps: 25 }).frame).toBe(18);
  });

  it("is idempotent", () => {
    const target = fc.record({
      frame: fc.integer({ min: 0, max: 2000 }),
      kind: fc.constantFrom("playhead", "marker", "item-start", "item-end", "origin" as const),
    });
    fc.assert(
      fc.property(
        fc.array(target, { maxLength: 30 }),
        fc.integer({ min: -100, max: 2100 }),
        fc.double({ min: 5, max: 300, noNaN: true }),
        (ts, frame, pxPerSecond) => {
          const once = snapToNearest({ frame, targets: ts, pxPerSecond, fps: 25 });
          const twice = snapToNearest({ frame: once.frame, targets: ts, pxPerSecond, fps: 25 });
          expect(twice.frame).toBe(once.frame);
          if (once.target) expect(twice.target).toBe(once.target);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("snapItemRange", () => {
  const targets: SnapTarget[] = [
    { frame: 0, kind: "origin" },
    { frame: 100, kind: "playhead" },
  ];

  it.each([
    // start, duration -> start, edge
    [4, 20, 0, "start"],
    [77, 20, 80, "end"],
    [97, 20, 100, "start"],
    [50, 20, 50, null],
    [3, 90, 0, "start"],
    [3, 96, 4, "end"],
  ])("clip at %i (%i frames) lands at %i by its %s", (startFrame, durationFrames, start, edge) => {
    const r = snapItemRange({ startFrame, durationFrames, targets, ...zoom });
    expect([r.startFrame, r.edge]).toEqual([start, edge]);
  });

  it("never snaps the end so the start goes before 0", () => {
    const r = snapItemRange({
      startFrame: 10,
      durationFrames: 20,
      targets: [{ frame: 15, kind: "marker" }],
      pxPerSecond: 5,
      fps: 25,
    });
    expect(r.startFrame).toBe(15);
  });

  it("is idempotent in the start frame", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 500 }), { maxLength: 20 }),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 1, max: 200 }),
        (frames, startFrame, durationFrames) => {
          const ts = frames.map(frame => ({ frame, kind: "marker" as const }));
          const once = snapItemRange({ startFrame, durationFrames, targets: ts, ...zoom });
          const twice = snapItemRange({
            startFrame: once.startFrame,
            durationFrames,
            targets: ts,
            ...zoom,
          });
          expect(twice.startFrame).toBe(once.startFrame);
        },
      ),
      { numRuns: 200 },
    );
  });
});
