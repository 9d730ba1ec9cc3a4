/**
 * `inpaint` with target "clip" (FEATURES §8): repaints every frame of a video inside its own mask.
 * Masks come per frame from an uploaded JSON (`masksUploadId`, a track job's masks.json as-is;
 * frames without an entry are kept untouched) or as one PNG for every frame (`maskUploadId`).
 *
 * Frames stream from ffmpeg in chunks of at most the model's frame limit; each chunk is sampled
 * once with RePaint-style blending over all its latent frames (inpaint-core.ts), every decoded
 * frame is composited over its source by its own mask (pixels outside are the source's exactly),
 * and the frames go straight into the H.264 encoder. A chunk after the first starts with the last
 * frames already written, fully kept, so the repainted area carries on across the join; a chunk
 * whose new frames have no mask is copied through without sampling. Artifacts: `video.mp4`
 * (same size, fps and frame count as the input) and `poster.png` (the frame at 0.5 s).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  ErrorCode,
  InpaintMasksFileSchema,
  type InpaintParams,
  type RleMask,
} from "@milimo/shared/api";
import { decodeMaskRle } from "@milimo/shared/sam";
import { DomainError } from "../errors";
import { openVideoEncoder } from "../media/ffmpeg";
import { writePng } from "../media/png";
import { DEFAULT_OVERLAP_FRAMES } from "./diffusion/chunks";
import { readDiffusionConfig } from "./diffusion/config";
import { isAbortError, PipelineError, throwIfCancelled } from "./diffusion/pipeline-error";
import { chunkSeed } from "./diffusion/prng";
import { findDiffusionModel } from "./diffusion/resolve-model";
import { POSTER_AT_SECONDS } from "./generate-video";
import { openClipFrameReader, probeClip } from "./inpaint-clip-media";
import { inpaintChunk, MASK_ON, prepareInpaint, resizeMaskNearest } from "./inpaint-core";
import { decodeFrameToRgb } from "./sam-image";
import type { Pipeline, PipelineArtifact, PipelineContext } from "./types";

/**
 * Longest clip a clip inpaint takes (frames; 100 s at 24 fps). Memory stays at one chunk whatever
 * the length; the limit bounds the job's time (steps × chunks) and the masks file it reads.
 */
export const INPAINT_MAX_CLIP_FRAMES = 2400;

interface Size {
  width: number;
  height: number;
}

/** Each frame's mask (0..255 at the clip size), or null where the frame is kept whole. */
export interface ClipMasks {
  at(frame: number): Uint8Array | null;
}

/** Nearest-neighbour resize of a 0/255 mask of another size. */
function resizeBinaryMask(mask: Uint8Array, from: Size, to: Size): Uint8Array {
  if (from.width === to.width && from.height === to.height) return mask;
  return resizeMaskNearest(
    { ...from, data: Uint8Array.from({ length: mask.length * 3 }, (_, i) => mask[(i / 3) | 0]!) },
    to.width,
    to.height,
  );
}

/** On-pixels of an RLE mask without decoding it (runs alternate off, on, off, …). */
function countOnPixels(mask: RleMask): number {
  let on = 0;
  for (let i = 1; i < mask.counts.length; i += 2) on += mask.counts[i]!;
  return on;
}

const nothingCovered = (detail: string) =>
  new DomainError(
    ErrorCode.INVALID_REQUEST,
    `The masks cover nothing: ${detail}. Select an object on at least one frame first.`,
  );

/** Reads and checks the per-frame masks JSON (INVALID_REQUEST naming the problem). */
export async function loadMasksFile({
  path,
  size,
  frameCount,
}: {
  path: string;
  size: Size;
  frameCount: number | null;
}): Promise<ClipMasks> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (err) {
    throw new DomainError(
      ErrorCode.INVALID_REQUEST,
      `masksUploadId: the masks file is not valid JSON (${err instanceof Error ? err.message : String(err)}).`,
    );
  }
  const parsed = InpaintMasksFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DomainError(
      ErrorCode.INVALID_REQUEST,
      `masksUploadId: ${issue?.path.join(".") || "the file"}: ${issue?.message ?? "invalid"} (expected {"frames":[{"frame","mask"}]}).`,
    );
  }
  const byFrame = new Map<number, RleMask>();
  for (const entry of parsed.data.frames) {
    if (frameCount === null || entry.frame < frameCount) byFrame.set(entry.frame, entry.mask);
  }
  if (byFrame.size === 0) {
    throw nothingCovered(
      parsed.data.frames.length === 0
        ? "the masks file lists no frames"
        : `no frame of the masks file is inside this ${frameCount}-frame clip`,
    );
  }
  if (![...byFrame.values()].some(m => countOnPixels(m) > 0)) {
    throw nothingCovered("every frame's mask is empty");
  }
  return {
    at(frame) {
      const rle = byFrame.get(frame);
      if (!rle || countOnPixels(rle) === 0) return null;
      const mask = decodeMaskRle({ ...rle, counts: Uint32Array.from(rle.counts) });
      return resizeBinaryMask(mask.data, mask, size);
    },
  };
}

/** Reads one PNG mask applied to every frame (resized nearest to the clip). */
async function loadSharedMask({
  path,
  size,
  signal,
}: {
  path: string;
  size: Size;
  signal: AbortSignal;
}): Promise<ClipMasks> {
  const image = await decodeFrameToRgb({ input: { path }, signal });
  const mask = resizeMaskNearest(image, size.width, size.height);
  if (!mask.some(v => v >= MASK_ON)) throw nothingCovered("the mask is empty");
  return { at: () => mask };
}

/** Frames per chunk and frames shared with the previous chunk, for a model's frame limit. */
export function planClipChunking({
  frameLimit,
  chunkFrames,
}: {
  frameLimit: number;
  chunkFrames?: number;
}): { chunkFrames: number; overlapFrames: number } {
  const size = Math.max(1, Math.min(frameLimit, chunkFrames ?? frameLimit));
  // A quarter of the chunk (at most the generation default) carries context across the join.
  return {
    chunkFrames: size,
    overlapFrames: Math.min(DEFAULT_OVERLAP_FRAMES, Math.floor(size / 4)),
  };
}

function countChunks(frames: number, chunk: { chunkFrames: number; overlapFrames: number }) {
  if (frames <= chunk.chunkFrames) return 1;
  const fresh = chunk.chunkFrames - chunk.overlapFrames;
  return 1 + Math.ceil((frames - chunk.chunkFrames) / fresh);
}

/**
 * Inpaints a clip into `video.mp4` + `poster.png`. `chunkFrames` caps the chunk size below the
 * model's frame limit; `onFrame` sees every frame before it is encoded (tests check exactness).
 */
export async function inpaintClip({
  params,
  ctx,
  chunkFrames,
  onFrame,
}: {
  params: InpaintParams;
  ctx: PipelineContext;
  chunkFrames?: number;
  onFrame?: (rgb: Uint8Array, frame: number) => void;
}): Promise<PipelineArtifact[]> {
  const { signal } = ctx;
  const clipPath = ctx.uploadPath(params.imageUploadId);
  if (!clipPath) {
    throw new DomainError(
      ErrorCode.UPLOAD_NOT_FOUND,
      "The clip to inpaint is no longer on the server; upload it again.",
    );
  }
  const maskId = params.masksUploadId ?? params.maskUploadId;
  const maskPath = maskId === undefined ? undefined : ctx.uploadPath(maskId);
  if (!maskPath) {
    throw new DomainError(
      ErrorCode.UPLOAD_NOT_FOUND,
      `The clip's ${params.masksUploadId ? "masks file" : "mask"} is no longer on the server; save the mask and try again.`,
    );
  }
  const probe = await probeClip({ path: clipPath, signal, what: "imageUploadId" });
  const { width, height, fps } = probe;
  if ((probe.frameCount ?? 0) > INPAINT_MAX_CLIP_FRAMES) {
    throw new DomainError(
      ErrorCode.INVALID_REQUEST,
      `The clip has ${probe.frameCount} frames; clip inpainting takes at most ${INPAINT_MAX_CLIP_FRAMES}. Trim it or split the shot.`,
    );
  }
  if (width % 2 !== 0 || height % 2 !== 0) {
    throw new DomainError(
      ErrorCode.UNSUPPORTED_MEDIA_TYPE,
      `The clip is ${width}×${height}; H.264 output needs an even width and height.`,
    );
  }
  const size = { width, height };
  const masks = params.masksUploadId
    ? await loadMasksFile({ path: maskPath, size, frameCount: probe.frameCount })
    : await loadSharedMask({ path: maskPath, size, signal });
  const model = findDiffusionModel(ctx, {
    modelId: params.modelId,
    tasks: ["text-to-video", "image-to-video", "text-to-image"],
  });
  const config = readDiffusionConfig(model);
  const chunking = planClipChunking({
    frameLimit: config.latentLayout === "BCHW" ? 1 : config.maxFrames,
    chunkFrames,
  });
  const expectedFrames = probe.frameCount ?? chunking.chunkFrames;
  let chunkTotal = countChunks(expectedFrames, chunking);
  const posterFrame = Math.min(expectedFrames - 1, Math.round(POSTER_AT_SECONDS * fps));

  const videoPath = join(ctx.workDir, "video.mp4");
  const reader = openClipFrameReader({ path: clipPath, width, height, signal });
  const encoder = openVideoEncoder({ path: videoPath, width, height, fps, signal });
  try {
    const prepared = await prepareInpaint({ ctx, model, params });
    let carry: Uint8Array[] = [];
    let written = 0;
    let poster: Uint8Array | undefined;
    let last: Uint8Array | undefined;
    for (let chunk = 0; ; chunk++) {
      const fresh = await reader.read(chunking.chunkFrames - carry.length);
      if (fresh.length === 0) break;
      const first = written;
      const end = first + fresh.length;
      if (end > INPAINT_MAX_CLIP_FRAMES) {
        throw new DomainError(
          ErrorCode.INVALID_REQUEST,
          `The clip has more than ${INPAINT_MAX_CLIP_FRAMES} frames, the most clip inpainting takes. Trim it or split the shot.`,
        );
      }
      chunkTotal = Math.max(chunkTotal, chunk + 1);
      const total = chunkTotal * params.steps;
      const frames = `frames ${first}–${end - 1}`;
      const where = chunkTotal > 1 ? ` · ${frames} (chunk ${chunk + 1}/${chunkTotal})` : "";
      const freshMasks = fresh.map((_, i) => masks.at(first + i));
      let outputs: Uint8Array[];
      if (freshMasks.every(m => m === null)) {
        throwIfCancelled(signal);
        outputs = fresh;
        ctx.progress({
          step: (chunk + 1) * params.steps,
          total,
          message: `Keeping ${frames} (no mask)`,
        });
      } else {
        const result = await inpaintChunk({
          prepared,
          params,
          frames: [...carry, ...fresh],
          masks: [...carry.map(() => null), ...freshMasks],
          width,
          height,
          seed: chunkSeed(params.seed, chunk),
          signal,
          onStep: step =>
            ctx.progress({
              step: chunk * params.steps + step,
              total,
              message: `Inpainting step ${step}/${params.steps}${where}`,
            }),
        });
        outputs = result.rgb.slice(carry.length);
      }
      for (const rgb of outputs) {
        onFrame?.(rgb, written);
        if (written === posterFrame) poster = rgb;
        await encoder.writeFrame(rgb);
        last = rgb;
        written++;
      }
      carry =
        chunking.overlapFrames > 0 ? [...carry, ...outputs].slice(-chunking.overlapFrames) : [];
    }
    if (!last) throw new PipelineError("FFMPEG_FAILED", "The clip has no frames to read.");
    const videoBytes = await encoder.finish();
    const posterBytes = await writePng({
      path: join(ctx.workDir, "poster.png"),
      rgb: poster ?? last,
      width,
      height,
    });
    return [
      { name: "video.mp4", mime: "video/mp4", bytes: videoBytes },
      { name: "poster.png", mime: "image/png", bytes: posterBytes },
    ];
  } catch (err) {
    await encoder.abort();
    if (isAbortError(err)) await ctx.sessions.release(model.id).catch(() => undefined);
    throw err;
  } finally {
    await reader.close();
  }
}

/** The `inpaint` pipeline for target "clip". */
export const inpaintClipPipeline: Pipeline<InpaintParams> = (params, ctx) =>
  inpaintClip({ params, ctx });
