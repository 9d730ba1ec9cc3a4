/**
 * The inpainting core shared by the picture and clip paths: RePaint-style sampling of a chunk of
 * frames, blending the frames' own latents outside their masks before every denoising step (see
 * inpaint.ts), then compositing each decoded frame over its source by its mask.
 *
 * The shared sampler has no per-step hook for masked latents, so the blend runs in a thin wrapper
 * around the denoiser session: `sampleLatents` feeds the sample it is about to step (at the noise
 * level of the step's timestep), and the wrapper blends it in place first.
 */
import { Tensor } from "onnxruntime-node";
import type { InferenceSession } from "onnxruntime-node";
import type { InpaintParams } from "@milimo/shared/api";
import {
  decodeLatents,
  encodeFrames,
  encodePrompt,
  type TextEmbedding,
} from "./diffusion/components";
import { readDiffusionConfig, type DiffusionConfig } from "./diffusion/config";
import {
  computeLatentShape,
  countDecodedFrames,
  countLatentFrames,
  countLatentValues,
  toLatentFrame,
  type LatentShape,
} from "./diffusion/latents";
import { PipelineError, throwIfCancelled } from "./diffusion/pipeline-error";
import { fillGaussianNoise } from "./diffusion/prng";
import { sampleLatents } from "./diffusion/sampler";
import type { RgbImage } from "./sam-image";
import type { ModelManifestView, PipelineContext } from "./types";

/** Mask values at or above this are repainted. */
export const MASK_ON = 128;

/** Per latent cell: 1 where every pixel of its block is outside the mask (keep), else 0. */
export function toKeepCells({
  mask,
  width,
  height,
  cell,
}: {
  mask: Uint8Array;
  width: number;
  height: number;
  cell: number;
}): Uint8Array {
  const cols = Math.ceil(width / cell);
  const rows = Math.ceil(height / cell);
  const keep = new Uint8Array(cols * rows).fill(1);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / cell) * cols;
    for (let x = 0; x < width; x++) {
      if (mask[y * width + x]! >= MASK_ON) keep[row + Math.floor(x / cell)] = 0;
    }
  }
  return keep;
}

/**
 * Keep cells per latent frame [F', rows·cols] for a chunk of pixel frames (null = no mask). A
 * video VAE that compresses time folds frames 1 + (k-1)·t .. k·t into latent frame k (frame 0 has
 * its own), so a cell is kept only if it is outside the mask in every pixel frame it covers.
 */
export function toLatentKeepCells({
  masks,
  width,
  height,
  cell,
  temporalDownsample,
  latentFrames,
}: {
  masks: readonly (Uint8Array | null)[];
  width: number;
  height: number;
  cell: number;
  temporalDownsample: number;
  latentFrames: number;
}): Uint8Array {
  const plane = Math.ceil(width / cell) * Math.ceil(height / cell);
  const keep = new Uint8Array(latentFrames * plane).fill(1);
  masks.forEach((mask, frame) => {
    if (!mask) return;
    const latent = toLatentFrame(frame, temporalDownsample);
    if (latent >= latentFrames) return;
    const own = toKeepCells({ mask, width, height, cell });
    const out = keep.subarray(latent * plane, (latent + 1) * plane);
    for (let i = 0; i < plane; i++) out[i]! &= own[i]!;
  });
  return keep;
}

/**
 * Blends latents [C, F, h, w] in place towards `known` noised to `sigma` with `noise`: fully where
 * `keep` is 1, and inside the mask too while `holdMasked` (img2img before `strength` is reached).
 * `keep` holds one plane of cells, shared by every latent frame, or one plane per latent frame.
 */
export function blendKnownLatents({
  latents,
  known,
  noise,
  keep,
  shape,
  sigma,
  holdMasked,
}: {
  latents: Float32Array;
  known: Float32Array;
  noise: Float32Array;
  keep: Uint8Array;
  shape: LatentShape;
  sigma: number;
  holdMasked: boolean;
}): void {
  const plane = shape.height * shape.width;
  const planes = latents.length / plane;
  const keepFrames = keep.length / plane;
  for (let p = 0; p < planes; p++) {
    const base = p * plane;
    // Planes run channel-major over frames, so plane p is latent frame p mod F.
    const keepBase = (p % keepFrames) * plane;
    for (let i = 0; i < plane; i++) {
      if (!holdMasked && keep[keepBase + i] === 0) continue;
      const j = base + i;
      latents[j] = (1 - sigma) * known[j]! + sigma * noise[j]!;
    }
  }
}

/** Edge-replicates an RGB picture to `width`×`height` (the model needs multiples of its cell). */
function padRgb(image: RgbImage, width: number, height: number): Uint8Array {
  if (image.width === width && image.height === height) return image.data;
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(y, image.height - 1);
    for (let x = 0; x < width; x++) {
      const sx = Math.min(x, image.width - 1);
      const s = (sy * image.width + sx) * 3;
      out.set(image.data.subarray(s, s + 3), (y * width + x) * 3);
    }
  }
  return out;
}

function padMask(
  mask: Uint8Array,
  from: { width: number; height: number },
  width: number,
  height: number,
) {
  if (from.width === width && from.height === height) return mask;
  const out = new Uint8Array(width * height);
  for (let y = 0; y < from.height; y++) {
    out.set(mask.subarray(y * from.width, (y + 1) * from.width), y * width);
  }
  return out;
}

/** Nearest-neighbour resize of a mask drawn at another size (its red channel, grey kept). */
export function resizeMaskNearest(mask: RgbImage, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(mask.height - 1, Math.floor(((y + 0.5) * mask.height) / height));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(mask.width - 1, Math.floor(((x + 0.5) * mask.width) / width));
      out[y * width + x] = mask.data[(sy * mask.width + sx) * 3]!;
    }
  }
  return out;
}

/** A denoiser whose `run` first blends the sample it is given (see the file header). */
function wrapDenoiser(
  denoiser: InferenceSession,
  config: DiffusionConfig,
  blend: (latents: Float32Array, sigma: number) => void,
): InferenceSession {
  const io = config.denoiser;
  const run = (feeds: InferenceSession.FeedsType, ...rest: unknown[]) => {
    const latents = feeds[io.latents];
    const timestep = feeds[io.timestep];
    if (
      latents instanceof Tensor &&
      latents.data instanceof Float32Array &&
      timestep instanceof Tensor &&
      timestep.data instanceof Float32Array
    ) {
      blend(latents.data, (timestep.data[0] ?? 0) / config.timestepScale);
    }
    return (denoiser.run as (...args: unknown[]) => Promise<InferenceSession.ReturnType>)(
      feeds,
      ...rest,
    );
  };
  return new Proxy(denoiser, {
    get(target, prop) {
      if (prop === "run") return run;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function"
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

/**
 * `source` (original size) with `raw` (a decode at `rawWidth` columns, at least as large) laid
 * over it by `mask` as alpha (0 = keep the source exactly, 255 = the model's pixel).
 */
export function compositeOverSource({
  source,
  raw,
  mask,
  width,
  height,
  rawWidth,
}: {
  source: Uint8Array;
  raw: Uint8Array;
  mask: Uint8Array | null;
  width: number;
  height: number;
  rawWidth: number;
}): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  if (!mask) {
    rgb.set(source.subarray(0, rgb.length));
    return rgb;
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const alpha = mask[y * width + x]! / 255;
      const o = (y * width + x) * 3;
      const w = (y * rawWidth + x) * 3;
      for (let c = 0; c < 3; c++) {
        rgb[o + c] = Math.round(source[o + c]! * (1 - alpha) + raw[w + c]! * alpha);
      }
    }
  }
  return rgb;
}

/** The prompt embeddings and sessions an inpaint job reuses for every chunk. */
export interface PreparedInpaint {
  model: ModelManifestView;
  config: DiffusionConfig;
  cond: TextEmbedding;
  uncond: TextEmbedding | undefined;
  vaeEncoder: InferenceSession;
  vaeDecoder: InferenceSession;
  denoiser: InferenceSession;
}

/** Loads the model's sessions and encodes the prompts once. */
export async function prepareInpaint({
  ctx,
  model,
  params,
}: {
  ctx: Pick<PipelineContext, "signal" | "sessions">;
  model: ModelManifestView;
  params: Pick<InpaintParams, "prompt" | "negativePrompt" | "guidance">;
}): Promise<PreparedInpaint> {
  const config = readDiffusionConfig(model);
  const files = config.files;
  for (const key of [files.textEncoder, files.denoiser, files.vaeDecoder, files.vaeEncoder]) {
    if (!(key in model.files)) {
      throw new PipelineError(
        "MODEL_INVALID",
        `Model "${model.id}" has no "${key}" file, which inpainting needs.`,
      );
    }
  }
  const { signal, sessions } = ctx;
  throwIfCancelled(signal);
  const textEncoder = await sessions.get(model.id, files.textEncoder);
  const cond = await encodePrompt({ session: textEncoder, config, prompt: params.prompt });
  const uncond =
    params.guidance !== 1
      ? await encodePrompt({ session: textEncoder, config, prompt: params.negativePrompt ?? "" })
      : undefined;
  return {
    model,
    config,
    cond,
    uncond,
    vaeEncoder: await sessions.get(model.id, files.vaeEncoder),
    vaeDecoder: await sessions.get(model.id, files.vaeDecoder),
    denoiser: await sessions.get(model.id, files.denoiser),
  };
}

export interface InpaintChunkResult {
  /** The decoded frames before compositing (RGB, work size: a multiple of the model's cell). */
  raw: Uint8Array[];
  /** The final frames at the original size. */
  rgb: Uint8Array[];
  workWidth: number;
}

/**
 * Inpaints a chunk of RGB frames (one for a picture) in one sampling run; `masks[i]` is frame i's
 * 0..255 mask at the frames' size, null where the frame is kept whole. `onStep` gets 1..steps.
 */
export async function inpaintChunk({
  prepared,
  params,
  frames,
  masks,
  width,
  height,
  seed,
  signal,
  onStep,
}: {
  prepared: PreparedInpaint;
  params: Pick<InpaintParams, "steps" | "guidance" | "strength">;
  frames: readonly Uint8Array[];
  masks: readonly (Uint8Array | null)[];
  width: number;
  height: number;
  seed: number;
  signal: AbortSignal;
  onStep: (step: number) => void;
}): Promise<InpaintChunkResult> {
  const { config } = prepared;
  const cell = config.spatialDownsample;
  const workWidth = Math.ceil(width / cell) * cell;
  const workHeight = Math.ceil(height / cell) * cell;
  // A causal video VAE takes 1 + k·t frames: repeat the last frame (and its mask) up to that.
  const t = config.latentLayout === "BCHW" ? 1 : config.temporalDownsample;
  const padded = countDecodedFrames(countLatentFrames(frames.length, t), t);
  const lastIndex = frames.length - 1;
  const at = <T>(items: readonly T[], i: number) => items[Math.min(i, lastIndex)]!;
  const workFrames = Array.from({ length: padded }, (_, i) =>
    padRgb({ width, height, data: at(frames, i) }, workWidth, workHeight),
  );
  const workMasks = Array.from({ length: padded }, (_, i) => {
    const mask = at(masks, i);
    return mask ? padMask(mask, { width, height }, workWidth, workHeight) : null;
  });
  const shape = computeLatentShape({
    config,
    frames: padded,
    width: workWidth,
    height: workHeight,
  });
  throwIfCancelled(signal);
  const { latents: known } = await encodeFrames({
    session: prepared.vaeEncoder,
    config,
    frames: workFrames,
    width: workWidth,
    height: workHeight,
  });
  const n = countLatentValues(shape);
  if (known.length !== n) {
    throw new PipelineError(
      "MODEL_INVALID",
      "The VAE encoder's latents do not match the model's shape.",
    );
  }
  const keep = toLatentKeepCells({
    masks: workMasks,
    width: workWidth,
    height: workHeight,
    cell,
    temporalDownsample: t,
    latentFrames: shape.frames,
  });
  // The sampler's own noise (same seed, same generator), so kept cells follow its trajectory.
  const noise = fillGaussianNoise(new Float32Array(n), seed);
  // img2img emulation: a step that starts above `strength` keeps the masked area on the noised
  // picture; if even the last step did, the picture is never released (strength 0 = unchanged).
  let lastHeld = true;
  const blend = (latents: Float32Array, sigma: number, hold = sigma > params.strength) => {
    lastHeld = hold;
    for (let offset = 0; offset + n <= latents.length; offset += n) {
      blendKnownLatents({
        latents: latents.subarray(offset, offset + n),
        known,
        noise,
        keep,
        shape,
        sigma,
        holdMasked: hold,
      });
    }
  };
  const latents = await sampleLatents({
    denoiser: wrapDenoiser(prepared.denoiser, config, blend),
    config,
    shape,
    cond: prepared.cond,
    uncond: prepared.uncond,
    steps: params.steps,
    guidance: params.guidance,
    seed,
    pins: [],
    signal,
    onStep,
  });
  // The last step lands at sigma 0: the kept cells are the picture's latents exactly.
  blend(latents, 0, lastHeld);
  throwIfCancelled(signal);
  const raw = await decodeLatents({
    session: prepared.vaeDecoder,
    config,
    latents,
    shape,
    frames: frames.length,
  });
  if (raw.length !== frames.length) {
    throw new PipelineError("PIPELINE_FAILED", "The model decoded fewer frames than it was given.");
  }
  const rgb = raw.map((frame, i) =>
    compositeOverSource({
      source: frames[i]!,
      raw: frame,
      mask: masks[i] ?? null,
      width,
      height,
      rawWidth: workWidth,
    }),
  );
  return { raw, rgb, workWidth };
}
