import { describe, expect, it } from "vitest";
import { chooseTickStepFrames, listRulerTicks } from "./ruler-ticks";

describe("chooseTickStepFrames", () => {
  it.each([
    { pxPerSecond: 300, fps: 25, step: 10 }, // 12 px/frame: every 10 frames is 120 px
    { pxPerSecond: 100, fps: 25, step: 25 }, // 1 s = 100 px
    { pxPerSecond: 20, fps: 25, step: 5 * 25 }, // 5 s = 100 px
    { pxPerSecond: 5, fps: 30, step: 15 * 30 }, // 15 s = 75 px
  ])("$pxPerSecond px/s at $fps fps -> labels every $step frames", ({ pxPerSecond, fps, step }) => {
    const chosen = chooseTickStepFrames({ pxPerSecond, fps });
    expect(chosen).toBe(step);
    expect((chosen / fps) * pxPerSecond).toBeGreaterThanOrEqual(72);
  });
});

describe("listRulerTicks", () => {
  it("lists only the visible window, majors on the step", () => {
    const ticks = listRulerTicks({ fromFrame: 1000, toFrame: 1100, stepFrames: 50 });
    expect(ticks[0]).toEqual({ frame: 1000, major: true });
    expect(ticks.filter(t => t.major).map(t => t.frame)).toEqual([1000, 1050, 1100]);
    expect(ticks).toHaveLength(11);
  });
});
