/**
 * Latent geometry and the pixel <-> tensor conversions around the VAE. Latents are planar
 * [C, F, h, w] per batch item; pixels going into or out of the VAE are planar [3, F, H, W];
 * frames handed to ffmpeg are interleaved RGB bytes, one Uint8Array per frame.
 */
import type { DiffusionConfig } from "./config";

export interface LatentShape {
  channels: number;
  /** Latent frames (1 for images). */
  frames: number;
  height: number;
  width: number;
}

/** Latent frames for `pixelFrames` frames: 1 + ceil((pixelFrames - 1) / t) (causal video VAEs). */
export function countLatentFrames(pixelFrames: number, temporalDownsample: number): number {
  return 1 + Math.ceil((pixelFrames - 1) / temporalDownsample);
}

/** Pixel frames the VAE decodes from `latentFrames`: 1 + (latentFrames - 1) · t. */
export function countDecodedFrames(latentFrames: number, temporalDownsample: number): number {
  return 1 + (latentFrames - 1) * temporalDownsample;
}

/** The latent frame that holds pixel frame `frame` (frame 0 has a latent frame of its own). */
export function toLatentFrame(frame: number, temporalDownsample: number): number {
  return frame <= 0 ? 0 : Math.floor((frame - 1) / temporalDownsample) + 1;
}

/** Latent shape of a chunk of `frames` frames at `width`×`height` pixels. */
export function computeLatentShape({
  config,
  frames,
  width,
  height,
}: {
  config: DiffusionConfig;
  frames: number;
  width: number;
  height: number;
}): LatentShape {
  const s = config.spatialDownsample;
  if (width % s !== 0 || height % s !== 0) {
    throw new RangeError(`width and height must be multiples of ${s}, got ${width}×${height}`);
  }
  return {
    channels: config.latentChannels,
    frames:
      config.latentLayout === "BCHW" ? 1 : countLatentFrames(frames, config.temporalDownsample),
    height: height / s,
    width: width / s,
  };
}

/** Tensor dims of a batch of `batch` latents in the model's layout. */
export function toLatentDims(
  shape: LatentShape,
  layout: DiffusionConfig["latentLayout"],
  batch: number,
): number[] {
  return layout === "BCHW"
    ? [batch, shape.channels, shape.height, shape.width]
    : [batch, shape.channels, shape.frames, shape.height, shape.width];
}

export function countLatentValues(shape: LatentShape): number {
  return shape.channels * shape.frames * shape.height * shape.width;
}

/** A latent frame held fixed during sampling: values [C, h, w], blended in with `strength`. */
export interface LatentPin {
  latentFrame: number;
  values: Float32Array;
  strength: number;
}

/**
 * Pulls pinned latent frames towards their conditioning latents noised to level `sigma` with the
 * sample's own noise, so at sigma 0 a strength-1 pin equals the conditioning exactly.
 */
export function applyLatentPins({
  latents,
  noise,
  pins,
  shape,
  sigma,
}: {
  latents: Float32Array;
  noise: Float32Array;
  pins: readonly LatentPin[];
  shape: LatentShape;
  sigma: number;
}): void {
  const plane = shape.height * shape.width;
  for (const pin of pins) {
    if (pin.latentFrame < 0 || pin.latentFrame >= shape.frames) continue;
    const s = pin.strength;
    for (let c = 0; c < shape.channels; c++) {
      const base = (c * shape.frames + pin.latentFrame) * plane;
      const src = c * plane;
      for (let p = 0; p < plane; p++) {
        const i = base + p;
        const target = (1 - sigma) * (pin.values[src + p] ?? 0) + sigma * (noise[i] ?? 0);
        const x = latents[i] ?? 0;
        latents[i] = x + s * (target - x);
      }
    }
  }
}

/** Copies latent frame `frame` ([C, h, w]) out of planar latents [C, F, h, w]. */
export function sliceLatentFrame(
  latents: Float32Array,
  shape: LatentShape,
  frame: number,
): Float32Array {
  const plane = shape.height * shape.width;
  const out = new Float32Array(shape.channels * plane);
  for (let c = 0; c < shape.channels; c++) {
    const start = (c * shape.frames + frame) * plane;
    out.set(latents.subarray(start, start + plane), c * plane);
  }
  return out;
}

/** Planar VAE pixels [3, F, H, W] -> one interleaved RGB byte array per frame. */
export function toRgbFrames({
  pixels,
  frames,
  width,
  height,
  range,
}: {
  pixels: Float32Array;
  frames: number;
  width: number;
  height: number;
  range: DiffusionConfig["pixelRange"];
}): Uint8Array[] {
  const plane = width * height;
  const [scale, offset] = range === "-1..1" ? [127.5, 127.5] : [255, 0];
  const out: Uint8Array[] = [];
  for (let f = 0; f < frames; f++) {
    const rgb = new Uint8Array(plane * 3);
    for (let ch = 0; ch < 3; ch++) {
      const base = (ch * frames + f) * plane;
      for (let p = 0; p < plane; p++) {
        const v = (pixels[base + p] ?? 0) * scale + offset;
        rgb[p * 3 + ch] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
      }
    }
    out.push(rgb);
  }
  return out;
}

/** Interleaved RGB frames -> planar VAE pixels [3, F, H, W] in the model's range. */
export function toPlanarPixels({
  frames,
  width,
  height,
  range,
}: {
  frames: readonly Uint8Array[];
  width: number;
  height: number;
  range: DiffusionConfig["pixelRange"];
}): Float32Array {
  const plane = width * height;
  const count = frames.length;
  const out = new Float32Array(3 * count * plane);
  const [scale, offset] = range === "-1..1" ? [1 / 127.5, -1] : [1 / 255, 0];
  frames.forEach((rgb, f) => {
    if (rgb.length !== plane * 3)
      throw new RangeError(`frame ${f} has ${rgb.length} bytes, expected ${plane * 3}`);
    for (let ch = 0; ch < 3; ch++) {
      const base = (ch * count + f) * plane;
      for (let p = 0; p < plane; p++) out[base + p] = (rgb[p * 3 + ch] ?? 0) * scale + offset;
    }
  });
  return out;
}
