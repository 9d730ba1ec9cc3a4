import { describe, expect, it } from "vitest";
import { computeExportProgress, formatRemainingTime } from "./export-progress";
import { computeVideoBitrate } from "./quality";

describe("computeExportProgress", () => {
  it.each([
    [0, 100, 0, 0, null],
    [25, 100, 1000, 0.25, 3000],
    [100, 100, 4000, 1, 0],
    [120, 100, 4000, 1, 0],
  ])(
    "%i of %i frames after %i ms: %f done, ETA %s ms",
    (framesDone, totalFrames, elapsedMs, fraction, etaMs) => {
      expect(computeExportProgress({ framesDone, totalFrames, elapsedMs })).toMatchObject({
        fraction,
        etaMs,
      });
    },
  );
});

describe("formatRemainingTime", () => {
  it.each([
    [0, "0:00"],
    [1, "0:01"],
    [59_001, "1:00"],
    [83_000, "1:23"],
    [3_723_000, "1:02:03"],
  ])("%i ms reads %s", (ms, text) => {
    expect(formatRemainingTime(ms)).toBe(text);
  });
});

describe("computeVideoBitrate", () => {
  it.each([
    [1280, 720, 25, "high", 3_456_000],
    [1280, 720, 25, "low", 921_600],
    [64, 64, 1, "low", 200_000],
  ] as const)("%i×%i at %i fps, %s: %i bit/s", (width, height, fps, quality, bitrate) => {
    expect(computeVideoBitrate({ width, height, fps, quality })).toBe(bitrate);
  });
});
