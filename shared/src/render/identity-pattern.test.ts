import { describe, expect, it } from "vitest";
import {
  IDENTITY_COLOURS,
  nearestIdentityColour,
  paintIdentityFrame,
  readIdentityFrame,
} from "./identity-pattern";
import { computeLayerRect } from "./layer-rect";

/** Nearest-neighbour composite of `src` into a black `w`×`h` frame at an integer rect. */
function placeInto(
  src: Uint8Array,
  size: { width: number; height: number },
  w: number,
  h: number,
  rect: { left: number; top: number; width: number; height: number },
): Uint8Array {
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < rect.height; y++) {
    for (let x = 0; x < rect.width; x++) {
      const sx = Math.floor((x * size.width) / rect.width);
      const sy = Math.floor((y * size.height) / rect.height);
      const o = ((rect.top + y) * w + rect.left + x) * 3;
      const i = (sy * size.width + sx) * 3;
      out.set(src.subarray(i, i + 3), o);
    }
  }
  return out;
}

describe("identity pattern", () => {
  const size = { width: 384, height: 256 };

  it.each([0, 1, 77, 512, 1023])("reads back frame %i at full size", frame => {
    const rgb = paintIdentityFrame({ ...size, rgb: IDENTITY_COLOURS[2], frame });
    const read = readIdentityFrame({
      rgb,
      ...size,
      rect: { left: 0, top: 0, ...size },
      source: size,
    });
    expect(read.frame).toBe(frame);
    expect(nearestIdentityColour(read.colour)).toBe(2);
  });

  it("reads a half-size overlay through its layer rect", () => {
    const src = paintIdentityFrame({ ...size, rgb: IDENTITY_COLOURS[4], frame: 345 });
    const rect = computeLayerRect({
      sourceWidth: size.width,
      sourceHeight: size.height,
      width: 768,
      height: 512,
      x: 192,
      y: 128,
      scale: 0.5,
    });
    const out = placeInto(src, size, 768, 512, rect);
    const read = readIdentityFrame({ rgb: out, width: 768, height: 512, rect, source: size });
    expect(read.frame).toBe(345);
    expect(nearestIdentityColour(read.colour)).toBe(4);
  });

  it("tells the palette colours apart", () => {
    IDENTITY_COLOURS.forEach((c, i) => expect(nearestIdentityColour(c)).toBe(i));
  });
});
