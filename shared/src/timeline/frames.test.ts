import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  clampZoom,
  formatTimecode,
  framesToPixels,
  framesToSeconds,
  parseTimecode,
  pixelsToFrames,
  secondsToFrames,
  stepZoom,
} from "./frames";

const FPS = [24, 25, 30, 50, 60] as const;

describe("frames <-> seconds", () => {
  it.each([
    [0, 25, 0],
    [25, 25, 1],
    [12, 24, 0.5],
    [90, 60, 1.5],
  ])("%i frames at %i fps = %f s", (frames, fps, seconds) => {
    expect(framesToSeconds(frames, fps)).toBe(seconds);
    expect(secondsToFrames(seconds, fps)).toBe(frames);
  });

  it.each([
    [0.04, 25, 1],
    [0.019, 25, 0],
    [0.021, 25, 1],
    [1 / 3, 30, 10],
  ])("rounds %f s at %i fps to frame %i", (seconds, fps, frame) => {
    expect(secondsToFrames(seconds, fps)).toBe(frame);
  });
});

describe("timecode", () => {
  it.each([
    [0, 25, "00:00:00:00"],
    [24, 25, "00:00:00:24"],
    [25, 25, "00:00:01:00"],
    [25 * 60 + 3, 25, "00:01:00:03"],
    [30 * 3600 + 30 * 61 + 29, 30, "01:01:01:29"],
    [24 * 3600 * 100, 24, "100:00:00:00"],
    [-26, 25, "-00:00:01:01"],
  ])("formats frame %i at %i fps as %s", (frame, fps, text) => {
    expect(formatTimecode(frame, fps)).toBe(text);
  });

  it.each([
    ["00:00:01:00", 25, 25],
    ["01:00:00:00", 24, 86400],
    ["00:01:10;05", 30, 2105],
    ["02:03", 25, 53],
    ["1:02:03", 25, 1553],
    [" 00:00:00:01 ", 60, 1],
    ["-00:00:01:01", 25, -26],
  ])("parses %s at %i fps as frame %i", (text, fps, frame) => {
    expect(parseTimecode(text, fps)).toBe(frame);
  });

  it.each([
    ["00:00:00:25", 25],
    ["00:00:60:00", 25],
    ["00:60:00:00", 25],
    ["abc", 25],
    ["", 25],
    ["1.5", 25],
    ["00:00:00:00:00", 25],
  ])("rejects %s at %s fps", (text, fps) => {
    expect(parseTimecode(text, fps)).toBeNull();
  });

  it("round-trips every frame at every project rate", () => {
    fc.assert(
      fc.property(fc.constantFrom(...FPS), fc.integer({ min: -1e7, max: 1e7 }), (fps, frame) => {
        expect(parseTimecode(formatTimecode(frame, fps), fps)).toBe(frame);
      }),
      { numRuns: 200 },
    );
  });
});

describe("pixels and zoom", () => {
  it.each([
    [25, 20, 25, 20],
    [50, 100, 25, 200],
    [12, 300, 24, 150],
  ])("%i frames at %i px/s and %i fps is %f px", (frames, pxPerSecond, fps, px) => {
    expect(framesToPixels({ frames, pxPerSecond, fps })).toBe(px);
    expect(pixelsToFrames({ px, pxPerSecond, fps })).toBe(frames);
  });

  it("round-trips frames through pixels at any zoom in range", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FPS),
        fc.double({ min: 5, max: 300, noNaN: true }),
        fc.integer({ min: 0, max: 1e6 }),
        (fps, pxPerSecond, frames) => {
          const px = framesToPixels({ frames, pxPerSecond, fps });
          expect(pixelsToFrames({ px, pxPerSecond, fps })).toBe(frames);
        },
      ),
      { numRuns: 200 },
    );
  });

  it.each([
    [1, 5],
    [20, 20],
    [1000, 300],
  ])("clamps zoom %f to %f", (z, expected) => {
    expect(clampZoom(z)).toBe(expected);
  });

  it.each([
    [20, 1, 22],
    [20, -1, 20 / 1.1],
    [299, 3, 300],
    [5, -1, 5],
  ])("steps zoom %f by %i notches to %f", (pxPerSecond, steps, expected) => {
    expect(stepZoom({ pxPerSecond, steps })).toBeCloseTo(expected, 9);
  });
});
