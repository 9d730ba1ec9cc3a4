/**
 * Text/image -> frames for one shot, chunk by chunk (FEATURES §4): the prompt is encoded once,
 * conditioning images are encoded by the VAE and pinned at their frames, every chunk after the
 * first is pinned to the previous chunk's last frames, and frames are handed to `onFrames` in
 * output order as soon as a chunk is decoded, so a long shot never sits in memory whole.
 */
import type { ModelManifestView, PipelineContext } from "../types";
import { countNewFrames, locateFrame, planChunks } from "./chunks";
import type { ChunkPlan } from "./chunks";
import { decodeLatents, encodeFrames, encodePrompt } from "./components";
import type { DiffusionConfig } from "./config";
import { computeLatentShape, sliceLatentFrame, toLatentFrame } from "./latents";
import type { LatentPin } from "./latents";
import { PipelineError, throwIfCancelled } from "./pipeline-error";
import { chunkSeed } from "./prng";
import { sampleLatents } from "./sampler";

/** An RGB image placed at an output frame. */
export interface ConditioningFrame {
  /** Interleaved RGB bytes at the output size. */
  rgb: Uint8Array;
  frame: number;
  /** 0..1; 1 pins the frame to the image. */
  strength: number;
}

export interface GenerateFramesRequest {
  prompt: string;
  negativePrompt?: string;
  seed: number;
  width: number;
  height: number;
  steps: number;
  guidance: number;
  numFrames: number;
  chunkFrames?: number;
  overlapFrames?: number;
  conditioning?: readonly ConditioningFrame[];
}

export interface GenerateFramesInput {
  ctx: Pick<PipelineContext, "signal" | "progress" | "sessions">;
  model: ModelManifestView;
  config: DiffusionConfig;
  request: GenerateFramesRequest;
  /** Receives frames in output order; `firstFrame` is the output index of frames[0]. */
  onFrames: (frames: Uint8Array[], firstFrame: number) => Promise<void> | void;
}

/** The chunk plan a request resolves to (chunk size capped at the model's frame limit). */
export function planShotChunks(
  config: DiffusionConfig,
  request: GenerateFramesRequest,
): ChunkPlan[] {
  const limit = config.latentLayout === "BCHW" ? 1 : config.maxFrames;
  const numFrames = config.latentLayout === "BCHW" ? 1 : request.numFrames;
  const chunkFrames = Math.max(2, Math.min(request.chunkFrames ?? limit, limit));
  return planChunks({ numFrames, chunkFrames, overlapFrames: request.overlapFrames });
}

function describeStep({
  step,
  steps,
  chunk,
  chunks,
}: {
  step: number;
  steps: number;
  chunk: number;
  chunks: number;
}): string {
  const base = `Denoising step ${step}/${steps}`;
  return chunks > 1 ? `${base} · chunk ${chunk}/${chunks}` : base;
}

function requireFile(model: ModelManifestView, key: string): string {
  if (!(key in model.files)) {
    throw new PipelineError(
      "MODEL_INVALID",
      `Model "${model.id}" lists no "${key}" file in model.json.`,
    );
  }
  return key;
}

/** Generates the shot's frames; reports progress after every denoising step across all chunks. */
export async function generateFrames({
  ctx,
  model,
  config,
  request,
  onFrames,
}: GenerateFramesInput): Promise<void> {
  const { signal, sessions } = ctx;
  const chunks = planShotChunks(config, request);
  const { width, height, steps } = request;
  const total = steps * chunks.length;
  const files = config.files;
  throwIfCancelled(signal);

  const textEncoder = await sessions.get(model.id, requireFile(model, files.textEncoder));
  const cond = await encodePrompt({ session: textEncoder, config, prompt: request.prompt });
  const uncond =
    request.guidance !== 1
      ? await encodePrompt({ session: textEncoder, config, prompt: request.negativePrompt ?? "" })
      : undefined;
  const denoiser = await sessions.get(model.id, requireFile(model, files.denoiser));
  const decoder = await sessions.get(model.id, requireFile(model, files.vaeDecoder));
  const needsEncoder = chunks.length > 1 || (request.conditioning?.length ?? 0) > 0;
  const encoder = needsEncoder
    ? await sessions.get(model.id, requireFile(model, files.vaeEncoder))
    : undefined;

  // Conditioning images become one latent frame each, pinned in the chunk that outputs them.
  const userPins = new Map<number, LatentPin[]>();
  for (const item of request.conditioning ?? []) {
    if (!encoder) break;
    throwIfCancelled(signal);
    const { chunk, localFrame } = locateFrame(chunks, item.frame);
    const { latents } = await encodeFrames({
      session: encoder,
      config,
      frames: [item.rgb],
      width,
      height,
    });
    const pin = {
      latentFrame: toLatentFrame(localFrame, config.temporalDownsample),
      values: latents,
      strength: item.strength,
    };
    userPins.set(chunk.index, [...(userPins.get(chunk.index) ?? []), pin]);
  }

  let previousTail: Uint8Array[] = [];
  for (const chunk of chunks) {
    const shape = computeLatentShape({ config, frames: chunk.frames, width, height });
    const pins = [...(userPins.get(chunk.index) ?? [])];
    if (chunk.overlapFrames > 0 && encoder) {
      const overlap = await encodeFrames({
        session: encoder,
        config,
        frames: previousTail,
        width,
        height,
      });
      const overlapShape = { ...shape, frames: overlap.latentFrames };
      for (let f = 0; f < overlap.latentFrames; f++) {
        pins.push({
          latentFrame: f,
          values: sliceLatentFrame(overlap.latents, overlapShape, f),
          strength: 1,
        });
      }
    }
    const latents = await sampleLatents({
      denoiser,
      config,
      shape,
      cond,
      uncond,
      steps,
      guidance: request.guidance,
      seed: chunkSeed(request.seed, chunk.index),
      pins,
      signal,
      onStep: step =>
        ctx.progress({
          step: chunk.index * steps + step,
          total,
          message: describeStep({ step, steps, chunk: chunk.index + 1, chunks: chunks.length }),
        }),
    });
    throwIfCancelled(signal);
    const frames = await decodeLatents({
      session: decoder,
      config,
      latents,
      shape,
      frames: chunk.frames,
    });
    const next = chunks[chunk.index + 1];
    previousTail = next ? frames.slice(frames.length - next.overlapFrames) : [];
    if (countNewFrames(chunk) !== frames.length - chunk.overlapFrames) {
      throw new PipelineError(
        "MODEL_INVALID",
        "The VAE decoder returned fewer frames than the chunk needs.",
      );
    }
    await onFrames(frames.slice(chunk.overlapFrames), chunk.startFrame + chunk.overlapFrames);
  }
}
