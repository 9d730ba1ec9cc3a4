import { describe, expect, it } from "vitest";
import { computeContentRect, toDragBox, toImagePixel, toImagePosition } from "./overlay-geometry";

// Hand-computed: a 1920×1080 frame in a 960×720 player is scaled by 0.5 to 960×540 and
// letterboxed by (720 − 540) / 2 = 90 px above and below.
const wide = computeContentRect({
  displayWidth: 960,
  displayHeight: 720,
  imageWidth: 1920,
  imageHeight: 1080,
});

describe("computeContentRect", () => {
  it("fits a wide frame into a taller player with bars above and below", () => {
    expect(wide).toEqual({ left: 0, top: 90, width: 960, height: 540, scale: 0.5 });
  });

  it("fits a portrait frame with bars left and right", () => {
    // 600×800 in 800×400: scale 0.5 -> 300×400, (800 − 300) / 2 = 250.
    expect(
      computeContentRect({
        displayWidth: 800,
        displayHeight: 400,
        imageWidth: 600,
        imageHeight: 800,
      }),
    ).toEqual({ left: 250, top: 0, width: 300, height: 400, scale: 0.5 });
  });
});

describe("toImagePixel", () => {
  const image = { width: 1920, height: 1080 };
  it.each([
    { at: { x: 480, y: 360 }, pixel: { x: 960, y: 540 } },
    { at: { x: 0, y: 90 }, pixel: { x: 0, y: 0 } },
    { at: { x: 100, y: 100 }, pixel: { x: 200, y: 20 } },
    { at: { x: 960, y: 630 }, pixel: { x: 1919.5, y: 1079.5 } },
  ])("maps $at to $pixel", ({ at, pixel }) => {
    expect(toImagePixel(at, wide, image)).toEqual(pixel);
  });

  it("ignores clicks in the letterbox", () => {
    expect(toImagePixel({ x: 480, y: 40 }, wide, image)).toBeNull();
    expect(toImagePixel({ x: 480, y: 700 }, wide, image)).toBeNull();
  });
});

describe("toImagePosition", () => {
  it.each([
    { at: { x: 480, y: 360 }, pixel: { x: 960, y: 540 } },
    // In the letterbox and past the right edge: a brush stroke may run off the picture.
    { at: { x: 480, y: 40 }, pixel: { x: 960, y: -100 } },
    { at: { x: 1000, y: 700 }, pixel: { x: 2000, y: 1220 } },
  ])("maps $at to $pixel without clamping", ({ at, pixel }) => {
    expect(toImagePosition(at, wide)).toEqual(pixel);
  });
});

describe("toDragBox", () => {
  it("orders the corners of a drag up and to the left", () => {
    expect(toDragBox({ x: 300, y: 200 }, { x: 100, y: 50 }, 8)).toEqual({
      x0: 100,
      y0: 50,
      x1: 300,
      y1: 200,
    });
  });

  it("treats a tiny drag as a click", () => {
    expect(toDragBox({ x: 100, y: 100 }, { x: 104, y: 103 }, 8)).toBeNull();
  });
});
