import { describe, expect, it } from "vitest";
import {
  applyLatentPins,
  countDecodedFrames,
  countLatentFrames,
  toLatentFrame,
  toPlanarPixels,
  toRgbFrames,
} from "./latents";

describe("latent frame geometry", () => {
  it.each([
    // pixel frames, temporal downsample, latent frames, decoded frames
    [121, 8, 16, 121],
    [25, 8, 4, 25],
    [30, 8, 5, 33],
    [1, 8, 1, 1],
    [30, 1, 30, 30],
  ])("%i frames at t=%i -> %i latent frames -> %i decoded", (frames, t, latent, decoded) => {
    expect(countLatentFrames(frames, t)).toBe(latent);
    expect(countDecodedFrames(latent, t)).toBe(decoded);
  });

  it.each([
    [0, 8, 0],
    [1, 8, 1],
    [8, 8, 1],
    [9, 8, 2],
    [120, 8, 15],
    [5, 1, 5],
  ])("pixel frame %i at t=%i lives in latent frame %i", (frame, t, latent) => {
    expect(toLatentFrame(frame, t)).toBe(latent);
  });
});

describe("applyLatentPins", () => {
  const shape = { channels: 2, frames: 3, height: 1, width: 2 };
  const noise = Float32Array.from({ length: 12 }, (_, i) => i / 10);

  it("sets a strength-1 pin to its values at sigma 0 and leaves other frames alone", () => {
    const latents = new Float32Array(12).fill(5);
    const values = Float32Array.from([1, 2, 3, 4]);
    applyLatentPins({
      latents,
      noise,
      shape,
      sigma: 0,
      pins: [{ latentFrame: 1, values, strength: 1 }],
    });
    // frame 1 of channel 0 is [2, 3]; of channel 1, [8, 9]
    expect(Array.from(latents)).toEqual([5, 5, 1, 2, 5, 5, 5, 5, 3, 4, 5, 5]);
  });

  it("noises the pin to the current level and blends by strength", () => {
    const latents = new Float32Array(12);
    const values = new Float32Array(4).fill(1);
    applyLatentPins({
      latents,
      noise,
      shape,
      sigma: 0.5,
      pins: [{ latentFrame: 0, values, strength: 0.5 }],
    });
    expect(latents[0]).toBeCloseTo(0.5 * (0.5 * 1 + 0.5 * 0), 6);
    expect(latents[1]).toBeCloseTo(0.5 * (0.5 * 1 + 0.5 * 0.1), 6);
    expect(latents[2]).toBe(0);
  });
});

describe("pixel conversions", () => {
  it("round-trips RGB bytes through planar [-1, 1] pixels", () => {
    const frames = [
      Uint8Array.from([0, 128, 255, 10, 20, 30]),
      Uint8Array.from([255, 0, 1, 2, 3, 4]),
    ];
    const planar = toPlanarPixels({ frames, width: 2, height: 1, range: "-1..1" });
    expect(planar[0]).toBe(-1);
    expect(planar[2]).toBe(1); // frame 1, red, first pixel
    expect(toRgbFrames({ pixels: planar, frames: 2, width: 2, height: 1, range: "-1..1" })).toEqual(
      frames,
    );
  });
});
