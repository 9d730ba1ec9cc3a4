/**
 * The SAM decoder's inputs and outputs as plain typed arrays (the worker wraps them in ORT
 * tensors). Clicks arrive in original image pixels and leave in encoder-input pixels (×
 * resizeScale), as segment_anything's SamOnnxModel expects; the mask is the multimask output with
 * the best predicted IoU, thresholded to true binary at logit 0.
 */
import {
  buildDecoderPrompt,
  featherMask,
  invertMask,
  pickBestMask,
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
