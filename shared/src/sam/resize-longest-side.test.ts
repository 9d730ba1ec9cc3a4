import { describe, expect, it } from "vitest";
import { computeResizeLongestSide } from "./resize-longest-side";

describe("computeResizeLongestSide", () => {
  it.each([
    // width, height, target, scale, newWidth, newHeight, padRight, padBottom
    [1920, 1080, 1024, 1024 / 1920, 1024, 576, 0, 448],
    [1080, 1920, 1024, 1024 / 1920, 576, 1024, 448, 0],
    [640, 480, 1024, 1.6, 1024, 768, 0, 256],
    [768, 512, 1024, 4 / 3, 1024, 683, 0, 341], // 512·4/3 = 682.67 -> 683
    [500, 333, 1024, 2.048, 1024, 682, 0, 342], // 333·2.048 = 681.98 -> 682
    [1000, 999, 1024, 1.024, 1024, 1023, 0, 1], // 999·1.024 = 1022.98 -> 1023
    [1024, 1024, 1024, 1, 1024, 1024, 0, 0],
    [3000, 10, 1024, 1024 / 3000, 1024, 3, 0, 1021], // 3.41 -> 3
    [1920, 1080, 256, 256 / 1920, 256, 144, 0, 112],
  ])("%ix%i to %i", (width, height, target, scale, newWidth, newHeight, padRight, padBottom) => {
    const resize = computeResizeLongestSide({ width, height, target });
    expect(resize.scale).toBeCloseTo(scale, 12);
    expect(resize).toMatchObject({
      width,
      height,
      target,
      newWidth,
      newHeight,
      padRight,
      padBottom,
    });
  });

  it("targets 1024 by default", () => {
    expect(computeResizeLongestSide({ width: 1920, height: 1080 }).scale).toBeCloseTo(0.5333333, 6);
  });

  it("rounds half up as SAM does: int(x·scale + 0.5)", () => {
    // scale 0.5: 1 px -> 0.5 -> 1, and 3 px -> 1.5 -> 2 (never banker's rounding)
    expect(computeResizeLongestSide({ width: 2048, height: 1 }).newHeight).toBe(1);
    expect(computeResizeLongestSide({ width: 2048, height: 3 }).newHeight).toBe(2); // 1.5 -> 2
  });

  it.each([
    [0, 100],
    [100, -1],
    [Number.NaN, 100],
    [100, Number.POSITIVE_INFINITY],
  ])("rejects %s x %s", (width, height) => {
    expect(() => computeResizeLongestSide({ width, height })).toThrow(RangeError);
  });
});
