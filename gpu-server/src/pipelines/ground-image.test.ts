import { describe, expect, it } from "vitest";
import { fittedSize, preprocessForGrounding } from "./ground-image";

describe("fittedSize", () => {
  it.each([
    [1920, 1080, 960, "pad", { width: 960, height: 540 }],
    [600, 800, 960, "pad", { width: 720, height: 960 }],
    [1920, 1080, 768, "stretch", { width: 768, height: 768 }],
  ] as const)("%i×%i in %i (%s) -> %j", (width, height, size, fit, expected) => {
    expect(fittedSize({ width, height, size, fit })).toEqual(expected);
  });
});

describe("preprocessForGrounding", () => {
  // A 4×2 pure red picture; mean 0.5 and std 0.5 make red (1, −1, −1) and the 0.5 padding 0.
  const red = {
    width: 4,
    height: 2,
    data: new Uint8Array(24).fill(0).map((_, i) => (i % 3 === 0 ? 255 : 0)),
  };
  const base = {
    imageSize: 8,
    imageMean: [0.5, 0.5, 0.5] as [number, number, number],
    imageStd: [0.5, 0.5, 0.5] as [number, number, number],
    padValue: 0.5,
  };
  const at = (data: Float32Array, c: number, x: number, y: number) => data[c * 64 + y * 8 + x];

  it("fills the top of the square and pads below with the pad value", () => {
    const { data, dims } = preprocessForGrounding(red, { ...base, fit: "pad" });
    expect(dims).toEqual([1, 3, 8, 8]);
    expect([at(data, 0, 7, 3), at(data, 1, 7, 3), at(data, 2, 0, 0)]).toEqual([1, -1, -1]);
    expect([at(data, 0, 0, 4), at(data, 1, 7, 7)]).toEqual([0, 0]);
  });

  it("covers the whole square when stretching", () => {
    const { data } = preprocessForGrounding(red, { ...base, fit: "stretch" });
    expect([at(data, 0, 0, 7), at(data, 1, 7, 7)]).toEqual([1, -1]);
  });
});
