import { describe, expect, it } from "vitest";
import { countFilmSamples, planAudioWindow } from "./audio-plan";
import { specOf, videoItem } from "./test-media";

// 25 fps: tone at frame 25 (1 s) for 50 frames (2 s) from source 0.2 s; hit at 2.5 s for 0.4 s.
const spec = specOf(
  [videoItem("v", "V1", 0, 100)],
  [
    {
      itemId: "tone",
      mediaId: "m-tone",
      startFrame: 25,
      sourceInFrame: 5,
      durationFrames: 50,
      gain: 0.5,
    },
    {
      itemId: "hit",
      mediaId: "m-hit",
      startFrame: 62,
      sourceInFrame: 0,
      durationFrames: 10,
      gain: 2,
    },
  ],
);
const rate = 1000;

describe("planAudioWindow", () => {
  it.each([
    ["before anything sounds", 0, 1000, []],
    ["the tone's first second", 0, 2000, [["tone", 1, 0.2, 1]]],
    [
      "both, mid-clip",
      2000,
      1000,
      [
        ["tone", 0, 1.2, 1],
        ["hit", 0.48, 0, 0.4],
      ],
    ],
    ["after the end", 3000, 1000, []],
  ])("%s", (_name, startSample, sampleCount, expected) => {
    const entries = planAudioWindow({ spec, startSample, sampleCount, sampleRate: rate });
    expect(
      entries.map(e =>
        [e.itemId, e.whenSeconds, e.offsetSeconds, e.durationSeconds].map(v =>
          typeof v === "number" ? Math.round(v * 1e6) / 1e6 : v,
        ),
      ),
    ).toEqual(expected);
  });

  it("covers each clip exactly once across consecutive windows", () => {
    let total = 0;
    for (let start = 0; start < 4000; start += 300) {
      for (const e of planAudioWindow({
        spec,
        startSample: start,
        sampleCount: 300,
        sampleRate: rate,
      })) {
        if (e.itemId === "tone") total += e.durationSeconds;
      }
    }
    expect(total).toBeCloseTo(2, 9);
  });
});

describe("countFilmSamples", () => {
  it.each([
    [25, 100, 48_000, 192_000],
    [24, 1, 48_000, 2000],
    [30, 1, 44_100, 1470],
  ])("%i fps × %i frames at %i Hz = %i samples", (fps, durationFrames, sampleRate, samples) => {
    expect(countFilmSamples({ fps, durationFrames }, sampleRate)).toBe(samples);
  });
});
