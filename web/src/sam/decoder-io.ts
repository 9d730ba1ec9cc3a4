/**
 * The SAM decoder's inputs and outputs as plain typed arrays (the worker wraps them in ORT
 * tensors). Clicks arrive in original image pixels and leave in encoder-input pixels (×
 * resizeScale), as segment_anything's SamOnnxModel expects; the mask is the multimask output with
 * the best predicted IoU, thresholded to true binary at logit 0.
 */
import {
  buildDecoderPrompt,
  computeResizeLongestSide,
  featherMask,
  invertMask,
  pickBestMask,
  SAM_INPUT_SIZE,
  SAM_LOW_RES_SIZE,
  thresholdMask,
  toModelCoords,
  type Box,
  type PromptPoint,
} from "@milimo/shared/sam";
import type { MaskStyle } from "./decode-protocol";

/** Overlay colour when none is given: blue at 40 % (FEATURES §8). */
export const DEFAULT_MASK_RGBA = [64, 156, 255, 102] as const;

export interface DecoderInputs {
  /** point_coords [1, count, 2], encoder-input pixels. */
  coords: Float32Array;
  /** point_labels [1, count]. */
  labels: Float32Array;
  count: number;
  /** mask_input [1, 1, 256, 256]. */
  maskInput: Float32Array;
  /** has_mask_input [1]: 1 when maskInput holds a previous mask. */
  hasMaskInput: Float32Array;
  /** orig_im_size [2] as (height, width). */
  origImSize: Float32Array;
}

/** Decoder inputs for clicks and an optional box given in original image pixels. */
export function buildDecoderInputs({
  points,
  box,
  maskInput,
  resizeScale,
  imageWidth,
  imageHeight,
}: {
  points: readonly PromptPoint[];
  box?: Box | undefined;
  /** The previous best low-res logits (256×256), if any. */
  maskInput?: Float32Array | undefined;
  resizeScale: number;
  imageWidth: number;
  imageHeight: number;
}): DecoderInputs {
  const scaled = toModelCoords({ points, box, scale: resizeScale });
  const prompt = buildDecoderPrompt({ points: scaled.points, box: scaled.box });
  const lowResValues = SAM_LOW_RES_SIZE * SAM_LOW_RES_SIZE;
  const usable = maskInput !== undefined && maskInput.length === lowResValues;
  return {
    coords: prompt.coords,
    labels: prompt.labels,
    count: prompt.count,
    maskInput: usable ? maskInput : new Float32Array(lowResValues),
    hasMaskInput: Float32Array.of(usable ? 1 : 0),
    origImSize: Float32Array.of(imageHeight, imageWidth),
  };
}

/** The decoder's outputs: `masks` [1, N, H, W] logits, `iou` [1, N], `lowRes` [1, N, 256, 256]. */
export interface DecoderOutputs {
  masks: Float32Array;
  iou: Float32Array;
  lowRes: Float32Array;
  width: number;
  height: number;
}

/** The best mask as binary 0/255 at width×height, its score, and a copy of its low-res logits. */
export function readDecoderOutputs({ masks, iou, lowRes, width, height }: DecoderOutputs): {
  mask: Uint8Array;
  score: number;
  lowRes: Float32Array;
} {
  const best = pickBestMask({ masks, iouPredictions: iou, width, height });
  const lowSize = SAM_LOW_RES_SIZE * SAM_LOW_RES_SIZE;
  const lowStart = best.index * lowSize;
  return {
    mask: thresholdMask(best.logits),
    score: best.score,
    lowRes: lowRes.slice(lowStart, lowStart + lowSize),
  };
}

/**
 * The orig_im_size to feed when the worker post-processes the chosen mask itself: the export's
 * crop then keeps a 1×1024 strip and its final resize makes a 1×1024 mask, so the graph spends
 * nothing on four full-size masks nobody reads (only iou_predictions and low_res_masks are used).
 */
export const CHEAP_ORIG_IM_SIZE = Float32Array.of(1, SAM_INPUT_SIZE);

/**
 * One axis of SAM's post-processing folded into one step: output pixel i of `outSize` reads at
 * most three neighbouring low-res cells (base, base+1, base+2) with these weights. It is the
 * export's bilinear 256 → 1024 (half-pixel), crop to `cropSize`, bilinear crop → `outSize`.
 */
function composeAxis(
  outSize: number,
  cropSize: number,
): { base: Int32Array; w0: Float32Array; w1: Float32Array; w2: Float32Array } {
  const low = SAM_LOW_RES_SIZE;
  const base = new Int32Array(outSize);
  const weights = [new Float32Array(outSize), new Float32Array(outSize), new Float32Array(outSize)];
  // Half-pixel source position, clamped the way ONNX Resize (and PyTorch) clamp it.
  const sample = (i: number, ratio: number, inSize: number) => {
    const src = Math.max(0, (i + 0.5) * ratio - 0.5);
    const lo = Math.min(Math.floor(src), inSize - 1);
    return { lo, hi: Math.min(lo + 1, inSize - 1), frac: src - lo };
  };
  for (let i = 0; i < outSize; i++) {
    const mid = sample(i, cropSize / outSize, cropSize);
    const first = sample(mid.lo, low / SAM_INPUT_SIZE, low);
    base[i] = first.lo;
    const add = (cell: number, weight: number) => {
      weights[cell - first.lo]![i]! += weight;
    };
    for (const [position, weight] of [
      [mid.lo, 1 - mid.frac],
      [mid.hi, mid.frac],
    ] as const) {
      const s = sample(position, low / SAM_INPUT_SIZE, low);
      add(s.lo, weight * (1 - s.frac));
      add(s.hi, weight * s.frac);
    }
  }
  const [w0, w1, w2] = weights as [Float32Array, Float32Array, Float32Array];
  return { base, w0, w1, w2 };
}

/**
 * One mask's 256×256 low-res logits to logits at the original `width`×`height`, exactly as the
 * SAM ONNX export's post-processing (bilinear to 1024², crop the padding, bilinear to
 * orig_im_size) but for one mask and in one separable pass of ≤ 3 taps per axis.
 */
export function upscaleLowResLogits({
  logits,
  width,
  height,
}: {
  logits: Float32Array;
  width: number;
  height: number;
}): Float32Array {
  const out = new Float32Array(width * height);
  upscaleLowRes({ logits, width, height, out });
  return out;
}

/** Like upscaleLowResLogits, thresholded straight to a binary 0/255 mask (logit > 0). */
export function upscaleLowResMask({
  logits,
  width,
  height,
}: {
  logits: Float32Array;
  width: number;
  height: number;
}): Uint8Array {
  const out = new Uint8Array(width * height);
  upscaleLowRes({ logits, width, height, out });
  return out;
}

function upscaleLowRes({
  logits,
  width,
  height,
  out,
}: {
  logits: Float32Array;
  width: number;
  height: number;
  /** Float32Array: the logits; Uint8Array: 255 where the logit is > 0, else 0. */
  out: Float32Array | Uint8Array;
}): void {
  const low = SAM_LOW_RES_SIZE;
  if (logits.length < low * low) {
    throw new RangeError(`Low-res logits hold ${logits.length} values; ${low * low} are needed.`);
  }
  const crop = computeResizeLongestSide({ width, height });
  const xs = composeAxis(width, crop.newWidth);
  const ys = composeAxis(height, crop.newHeight);
  // Horizontal pass over only the low-res rows the vertical taps read.
  const firstRow = ys.base[0]!;
  const lastRow = Math.min(low - 1, ys.base[height - 1]! + 2);
  const rows = new Float32Array((lastRow - firstRow + 1) * width);
  for (let r = firstRow; r <= lastRow; r++) {
    const src = r * low;
    const dst = (r - firstRow) * width;
    for (let x = 0; x < width; x++) {
      const b = src + xs.base[x]!;
      rows[dst + x] =
        xs.w0[x]! * logits[b]! +
        xs.w1[x]! * logits[Math.min(b + 1, src + low - 1)]! +
        xs.w2[x]! * logits[Math.min(b + 2, src + low - 1)]!;
    }
  }
  for (let y = 0; y < height; y++) {
    const r0 = (ys.base[y]! - firstRow) * width;
    const r1 = Math.min(ys.base[y]! + 1 - firstRow, lastRow - firstRow) * width;
    const r2 = Math.min(ys.base[y]! + 2 - firstRow, lastRow - firstRow) * width;
    const v0 = ys.w0[y]!;
    const v1 = ys.w1[y]!;
    const v2 = ys.w2[y]!;
    const at = y * width;
    // Two loops rather than a per-pixel callback: this runs on every click.
    if (out instanceof Float32Array) {
      for (let x = 0; x < width; x++) {
        out[at + x] = v0 * rows[r0 + x]! + v1 * rows[r1 + x]! + v2 * rows[r2 + x]!;
      }
    } else {
      for (let x = 0; x < width; x++) {
        out[at + x] = v0 * rows[r0 + x]! + v1 * rows[r1 + x]! + v2 * rows[r2 + x]! > 0 ? 255 : 0;
      }
    }
  }
}

/** Largest |worker − graph| logit gap accepted as the same post-processing (float rounding). */
const POSTPROCESS_TOLERANCE = 1e-3;

/**
 * Whether a decoder's `masks` output (at width×height) is SAM's post-processing of its
 * `low_res_masks`, up to float rounding; flat masks prove nothing and answer false.
 */
export function matchesSamPostprocess({
  graphMasks,
  dims,
  lowRes,
  width,
  height,
}: {
  graphMasks: Float32Array;
  dims: readonly number[];
  lowRes: Float32Array;
  width: number;
  height: number;
}): boolean {
  const [, count = 0, h, w] = dims;
  const lowSize = SAM_LOW_RES_SIZE * SAM_LOW_RES_SIZE;
  if (h !== height || w !== width || count < 1 || lowRes.length < count * lowSize) return false;
  let low = Infinity;
  let high = -Infinity;
  for (const value of graphMasks) {
    low = Math.min(low, value);
    high = Math.max(high, value);
  }
  // Flat masks match any resampling: no evidence, keep the graph's own.
  if (!(high - low > 0.1)) return false;
  for (let m = 0; m < count; m++) {
    const mine = upscaleLowResLogits({
      logits: lowRes.subarray(m * lowSize, (m + 1) * lowSize),
      width,
      height,
    });
    const theirs = graphMasks.subarray(m * width * height, (m + 1) * width * height);
    for (let i = 0; i < mine.length; i++) {
      const gap = Math.abs(mine[i]! - theirs[i]!);
      if (!(gap <= POSTPROCESS_TOLERANCE * (1 + Math.abs(theirs[i]!)))) return false;
    }
  }
  return true;
}

/** The best of the four low-res masks (by predicted IoU), upscaled to a binary image mask. */
export function readLowResOutputs({
  iou,
  lowRes,
  width,
  height,
}: {
  iou: Float32Array;
  lowRes: Float32Array;
  width: number;
  height: number;
}): { mask: Uint8Array; score: number; lowRes: Float32Array } {
  const low = SAM_LOW_RES_SIZE;
  const best = pickBestMask({ masks: lowRes, iouPredictions: iou, width: low, height: low });
  const logits = best.logits.slice();
  return {
    mask: upscaleLowResMask({ logits, width, height }),
    score: best.score,
    lowRes: logits,
  };
}

/** Applies a style's invert and feather to a binary mask; returns a new 0..255 mask. */
export function styleMask({
  mask,
  width,
  height,
  style,
}: {
  mask: Uint8Array;
  width: number;
  height: number;
  style: MaskStyle;
}): Uint8Array {
  const inverted = style.invert ? invertMask(mask) : mask;
  const radiusPx = style.featherPx ?? 0;
  if (radiusPx <= 0) return inverted === mask ? mask.slice() : inverted;
  return featherMask({ data: inverted, width, height, radiusPx });
}

/** A 0..255 mask as RGBA pixels in `rgba`, the mask value scaling the colour's alpha. */
export function tintMask(
  mask: Uint8Array,
  rgba: readonly [number, number, number, number] = DEFAULT_MASK_RGBA,
): Uint8ClampedArray<ArrayBuffer> {
  const [r, g, b, a] = rgba;
  const out = new Uint8ClampedArray(mask.length * 4);
  // A 32-bit fill per pixel: one write instead of four on the common full/empty pixels.
  const words = new Uint32Array(out.buffer);
  const little = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
  const pack = (alpha: number) =>
    little
      ? ((alpha << 24) | (b << 16) | (g << 8) | r) >>> 0
      : ((r << 24) | (g << 16) | (b << 8) | alpha) >>> 0;
  const full = pack(a);
  for (let i = 0; i < mask.length; i++) {
    const m = mask[i]!;
    if (m === 0) continue;
    words[i] = m === 255 ? full : pack(Math.round((a * m) / 255));
  }
  return out;
}
