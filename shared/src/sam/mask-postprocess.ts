// Mask post-processing for SAM decoder outputs, on typed arrays only (runs in a worker).
// Masks are row-major, one byte per pixel, true binary 0/255 (FEATURES §8) unless feathered.

import type { Box } from "./coords";
import {
  assertPositive,
  computeResizeLongestSide,
  SAM_INPUT_SIZE,
  SAM_LOW_RES_SIZE,
} from "./resize-longest-side";

/** A single-channel 8-bit mask, row-major. */
export interface Mask {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Mask values at or above this count as "in" when a grey (feathered) mask is read. */
export const MASK_ON = 128;

/**
 * Low-res logits (default 256×256) to logits at the original `width`×`height`, as SAM's
 * postprocess_masks: bilinear up to the padded `target` square (default 1024), crop away the
 * padding, bilinear down to the original size (PyTorch bilinear, align_corners=False).
 */
export function upscaleMask({
  logits,
  width,
  height,
  target = SAM_INPUT_SIZE,
  logitsSize = SAM_LOW_RES_SIZE,
}: {
  logits: Float32Array;
  width: number;
  height: number;
  target?: number;
  logitsSize?: number;
}): Float32Array {
  assertPositive(logitsSize, "Mask size");
  if (logits.length < logitsSize * logitsSize) {
    throw new RangeError(
      `Mask logits hold ${logits.length} values; a ${logitsSize}x${logitsSize} mask needs ${logitsSize * logitsSize}`,
    );
  }
  const { newWidth, newHeight } = computeResizeLongestSide({ width, height, target });
  // Only the top-left newWidth×newHeight of the padded square survives the crop.
  const padded = resampleBilinear({
    data: logits,
    width: logitsSize,
    height: logitsSize,
    ratioX: logitsSize / target,
    ratioY: logitsSize / target,
    outWidth: newWidth,
    outHeight: newHeight,
  });
  return resampleBilinear({
    data: padded,
    width: newWidth,
    height: newHeight,
    ratioX: newWidth / width,
    ratioY: newHeight / height,
    outWidth: Math.round(width),
    outHeight: Math.round(height),
  });
}

/**
 * Bilinear resampling with PyTorch's align_corners=False mapping, src = (dst + 0.5)·ratio − 0.5,
 * where ratio = source size / full output size; produces the top-left outWidth×outHeight.
 */
function resampleBilinear({
  data,
  width,
  height,
  ratioX,
  ratioY,
  outWidth,
  outHeight,
}: {
  data: Float32Array;
  width: number;
  height: number;
  ratioX: number;
  ratioY: number;
  outWidth: number;
  outHeight: number;
}): Float32Array {
  const xs = sampleAxis(outWidth, ratioX, width);
  const ys = sampleAxis(outHeight, ratioY, height);
  const out = new Float32Array(outWidth * outHeight);
  for (let y = 0; y < outHeight; y++) {
    const row0 = ys.lo[y]! * width;
    const row1 = ys.hi[y]! * width;
    const fy = ys.frac[y]!;
    for (let x = 0; x < outWidth; x++) {
      const lo = xs.lo[x]!;
      const hi = xs.hi[x]!;
      const fx = xs.frac[x]!;
      const top = data[row0 + lo]! * (1 - fx) + data[row0 + hi]! * fx;
      const bottom = data[row1 + lo]! * (1 - fx) + data[row1 + hi]! * fx;
      out[y * outWidth + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}

function sampleAxis(
  outSize: number,
  ratio: number,
  inSize: number,
): { lo: Int32Array; hi: Int32Array; frac: Float32Array } {
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const frac = new Float32Array(outSize);
  for (let i = 0; i < outSize; i++) {
    const src = Math.max(0, (i + 0.5) * ratio - 0.5);
    const base = Math.min(Math.floor(src), inSize - 1);
    lo[i] = base;
    hi[i] = Math.min(base + 1, inSize - 1);
    frac[i] = src - base;
  }
  return { lo, hi, frac };
}

/** Logits to a true binary mask: 255 where logit > `threshold` (default 0, SAM's), else 0. */
export function thresholdMask(logits: Float32Array, threshold = 0): Uint8Array {
  const out = new Uint8Array(logits.length);
  for (let i = 0; i < logits.length; i++) out[i] = logits[i]! > threshold ? 255 : 0;
  return out;
}

/** Inverts a mask (255 − value); a binary mask stays binary. */
export function invertMask(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = 255 - data[i]!;
  return out;
}

/**
 * Tight bounding box of the pixels that are on (>= 128), in pixels with x1/y1 exclusive
 * (a single pixel at (3, 4) gives {x0: 3, y0: 4, x1: 4, y1: 5}); null for an empty mask.
 */
export function maskToBox({ data, width, height }: Mask): Box | null {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (data[row + x]! < MASK_ON) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      y1 = y;
    }
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

export interface BestMask {
  index: number;
  /** The decoder's predicted IoU for this mask. */
  score: number;
  /** A view of this mask's logits inside the decoder output. */
  logits: Float32Array;
}

/**
 * Of the decoder's multimask outputs (`masks` = N masks of width×height, back to back), the one
 * with the highest predicted IoU; NaN scores never win. Throws RangeError when there is none.
 */
export function pickBestMask({
  masks,
  iouPredictions,
  width,
  height,
}: {
  masks: Float32Array;
  iouPredictions: Float32Array;
  width: number;
  height: number;
}): BestMask {
  const size = width * height;
  const count = Math.min(iouPredictions.length, Math.floor(masks.length / size));
  let index = -1;
  for (let i = 0; i < count; i++) {
    const score = iouPredictions[i]!;
    if (!Number.isNaN(score) && (index < 0 || score > iouPredictions[index]!)) index = i;
  }
  if (index < 0) throw new RangeError("The decoder returned no usable mask");
  return {
    index,
    score: iouPredictions[index]!,
    logits: masks.subarray(index * size, (index + 1) * size),
  };
}

/**
 * Softens a mask's edge over about `radiusPx` pixels on each side (three box-blur passes per
 * axis, which approximate a gaussian); values stay 0..255. Radius 0 returns a copy.
 */
export function featherMask({
  data,
  width,
  height,
  radiusPx,
}: Mask & { radiusPx: number }): Uint8Array {
  if (!Number.isFinite(radiusPx) || radiusPx < 0) {
    throw new RangeError(`Feather radius must be 0 or more pixels, got ${String(radiusPx)}`);
  }
  const boxRadius = Math.round(radiusPx / 3);
  if (boxRadius === 0 || width === 0 || height === 0) return data.slice();
  let values: Float32Array = Float32Array.from(data);
  for (let pass = 0; pass < 3; pass++) {
    values = boxBlur({ values, count: height, length: width, stride: 1, step: width, boxRadius });
  }
  for (let pass = 0; pass < 3; pass++) {
    values = boxBlur({ values, count: width, length: height, stride: width, step: 1, boxRadius });
  }
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++)
    out[i] = Math.min(255, Math.max(0, Math.round(values[i]!)));
  return out;
}

/**
 * One running-sum box blur along lines of `length` samples (`stride` apart); `count` lines start
 * `step` apart. Edges repeat the border value so a full mask stays full.
 */
function boxBlur({
  values,
  count,
  length,
  stride,
  step,
  boxRadius,
}: {
  values: Float32Array;
  count: number;
  length: number;
  stride: number;
  step: number;
  boxRadius: number;
}): Float32Array {
  const out = new Float32Array(values.length);
  const window = boxRadius * 2 + 1;
  const at = (start: number, i: number) =>
    values[start + Math.min(length - 1, Math.max(0, i)) * stride]!;
  for (let line = 0; line < count; line++) {
    const start = line * step;
    let sum = 0;
    for (let i = -boxRadius; i <= boxRadius; i++) sum += at(start, i);
    for (let i = 0; i < length; i++) {
      out[start + i * stride] = sum / window;
      sum += at(start, i + boxRadius + 1) - at(start, i - boxRadius);
    }
  }
  return out;
}
