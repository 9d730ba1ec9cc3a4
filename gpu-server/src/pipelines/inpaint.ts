/**
 * `inpaint`: repaints the white area of a mask on one picture (an image, or a frame of a video)
 * from a prompt (FEATURES §8). RePaint-style: before every denoising step the latents outside the
 * mask are replaced by the picture's own latents noised to that step's level, so the model paints
 * the hole in context and never drifts the rest. `strength` acts as img2img inside the mask: while
 * the noise level is above it, the masked area is held to the noised original too. Finally the
 * decoded picture is composited over the original by the mask, so pixels outside it are kept
 * exactly. Artifacts: `image.png` and the same picture as `poster.png`, as `generate-image`.
 *
 * The shared sampler has no per-step hook for masked latents, so the blend runs in a thin wrapper
 * around the denoiser session: `sampleLatents` feeds the sample it is about to step (at the noise
 * level of the step's timestep), and the wrapper blends it in place first.
 */
import { copyFile } from "node:fs/promises";
import { join } from "node:path";
import { Tensor } from "onnxruntime-node";
import type { InferenceSession } from "onnxruntime-node";
import { ErrorCode, type InpaintParams } from "@milimo/shared/api";
import { DomainError } from "../errors";
import { writePng } from "../media/png";
import { decodeLatents, encodeFrames, encodePrompt } from "./diffusion/components";
import { readDiffusionConfig, type DiffusionConfig } from "./diffusion/config";
import { computeLatentShape, countLatentValues, type LatentShape } from "./diffusion/latents";
import { isAbortError, PipelineError, throwIfCancelled } from "./diffusion/pipeline-error";
import { fillGaussianNoise } from "./diffusion/prng";
import { findDiffusionModel } from "./diffusion/resolve-model";
import { sampleLatents } from "./diffusion/sampler";
import { decodeFrameToRgb, type RgbImage } from "./sam-image";
import type { ModelManifestView, Pipeline, PipelineContext } from "./types";

/** Mask values at or above this are repainted. */
const MASK_ON = 128;

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
 * Blends latents [C, F, h, w] in place towards `known` noised to `sigma` with `noise`: fully where
 * `keep` is 1, and inside the mask too while `holdMasked` (img2img before `strength` is reached).
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
  for (let p = 0; p < planes; p++) {
    const base = p * plane;
    for (let i = 0; i < plane; i++) {
      if (!holdMasked && keep[i] === 0) continue;
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

/** Nearest-neighbour resize of a mask drawn at another size. */
function resizeMaskNearest(mask: RgbImage, width: number, height: number): Uint8Array {
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

export interface InpaintFrameResult {
  /** The decoded picture before compositing (RGB, work size). */
  raw: Uint8Array;
  /** The final picture at the original size. */
  rgb: Uint8Array;
  width: number;
  height: number;
}

/** Inpaints one RGB picture under a 0..255 mask of the same size. */
export async function inpaintFrame({
  ctx,
  model,
  params,
  image,
  mask,
}: {
  ctx: Pick<PipelineContext, "signal" | "progress" | "sessions">;
  model: ModelManifestView;
  params: InpaintParams;
  image: RgbImage;
  mask: Uint8Array;
}): Promise<InpaintFrameResult> {
  const config = readDiffusionConfig(model);
  const cell = config.spatialDownsample;
  const workWidth = Math.ceil(image.width / cell) * cell;
  const workHeight = Math.ceil(image.height / cell) * cell;
  const shape = computeLatentShape({ config, frames: 1, width: workWidth, height: workHeight });
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
  const vaeEncoder = await sessions.get(model.id, files.vaeEncoder);
  const source = padRgb(image, workWidth, workHeight);
  const { latents: known } = await encodeFrames({
    session: vaeEncoder,
    config,
    frames: [source],
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
  const workMask = padMask(mask, image, workWidth, workHeight);
  const keep = toKeepCells({ mask: workMask, width: workWidth, height: workHeight, cell });
  // The sampler's own noise (same seed, same generator), so kept cells follow its trajectory.
  const noise = fillGaussianNoise(new Float32Array(n), params.seed);
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
  const denoiser = wrapDenoiser(await sessions.get(model.id, files.denoiser), config, blend);
  const latents = await sampleLatents({
    denoiser,
    config,
    shape,
    cond,
    uncond,
    steps: params.steps,
    guidance: params.guidance,
    seed: params.seed,
    pins: [],
    signal,
    onStep: step =>
      ctx.progress({
        step,
        total: params.steps,
        message: `Inpainting step ${step}/${params.steps}`,
      }),
  });
  // The last step lands at sigma 0: the kept cells are the picture's latents exactly.
  blend(latents, 0, lastHeld);
  throwIfCancelled(signal);
  const decoder = await sessions.get(model.id, files.vaeDecoder);
  const [raw] = await decodeLatents({ session: decoder, config, latents, shape, frames: 1 });
  if (!raw) throw new PipelineError("PIPELINE_FAILED", "The model produced no picture.");
  const rgb = new Uint8Array(image.width * image.height * 3);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const alpha = mask[y * image.width + x]! / 255;
      const o = (y * image.width + x) * 3;
      const w = (y * workWidth + x) * 3;
      for (let c = 0; c < 3; c++) {
        rgb[o + c] = Math.round(image.data[o + c]! * (1 - alpha) + raw[w + c]! * alpha);
      }
    }
  }
  return { raw, rgb, width: image.width, height: image.height };
}

/** Reads the picture and its mask, inpaints, and writes `image.png` + `poster.png`. */
export const inpaintPipeline: Pipeline<InpaintParams> = async (params, ctx) => {
  const imagePath = ctx.uploadPath(params.imageUploadId);
  const maskPath = ctx.uploadPath(params.maskUploadId);
  if (!imagePath || !maskPath) {
    throw new DomainError(
      ErrorCode.UPLOAD_NOT_FOUND,
      `The ${imagePath ? "mask" : "picture"} to inpaint is no longer on the server; try again.`,
    );
  }
  const model = findDiffusionModel(ctx, {
    modelId: params.modelId,
    tasks: ["text-to-image", "text-to-video"],
  });
  const image = await decodeFrameToRgb({
    input: { path: imagePath },
    frame: params.frame,
    signal: ctx.signal,
  });
  const maskImage = await decodeFrameToRgb({ input: { path: maskPath }, signal: ctx.signal });
  const mask = resizeMaskNearest(maskImage, image.width, image.height);
  let result: InpaintFrameResult;
  try {
    result = await inpaintFrame({ ctx, model, params, image, mask });
  } catch (error) {
    if (isAbortError(error)) await ctx.sessions.release(model.id).catch(() => undefined);
    throw error;
  }
  const imageFile = join(ctx.workDir, "image.png");
  const bytes = await writePng({
    path: imageFile,
    rgb: result.rgb,
    width: result.width,
    height: result.height,
  });
  await copyFile(imageFile, join(ctx.workDir, "poster.png"));
  return [
    { name: "image.png", mime: "image/png", bytes },
    { name: "poster.png", mime: "image/png", bytes },
  ];
};
