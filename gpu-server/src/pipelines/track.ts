/**
 * `track`: propagates an object's mask from one frame through a clip (FEATURES §8), forwards,
 * backwards or both. Each frame is encoded by the SAM encoder and decoded with the previous
 * frame's result as the prompt: its bounding box, one positive point deep inside it, and its
 * low-res logits as SAM's dense mask input. When the object vanishes (an empty mask) the last
 * good prompt carries on, so it is found again when it reappears. The artifact `masks.json` holds
 * a run-length mask for every frame of the tracked range, the seed frame included. With `range`
 * (inclusive source frames, e.g. up to the neighbouring keyframes) propagation never leaves it, and
 * masks.json covers only frames inside it and records it.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Tensor } from "onnxruntime-node";
import type { InferenceSession } from "onnxruntime-node";
import {
  ErrorCode,
  SamPreprocessingSchema,
  type RleMask,
  type SamPreprocessing,
  type TrackParams,
} from "@milimo/shared/api";
import {
  decodeMaskRle,
  encodeMaskRle,
  maskToBox,
  maskToLowResLogits,
  pickBestMask,
  SAM_LOW_RES_SIZE,
  thresholdMask,
  type Box,
  type Point,
} from "@milimo/shared/sam";
import { DomainError } from "../errors";
import { decodeFrames, probeMedia } from "../media/ffmpeg";
import { isAbortError, throwIfCancelled } from "./diffusion/pipeline-error";
import { decodeFrameToRgb, preprocessForSam, type RgbImage } from "./sam-image";
import type { ModelManifestView, Pipeline, PipelineContext } from "./types";

/** Name of the artifact with every frame's mask. */
export const TRACK_ARTIFACT = "masks.json";
/** Grid the interior point is searched on: the mask is sampled every this many pixels at most. */
const INTERIOR_GRID = 128;

export interface TrackedFrame {
  frame: number;
  mask: RleMask;
  /** Predicted IoU of the chosen mask; 1 for the seed frame. */
  score: number;
  /** Bounding box in pixels (x1/y1 exclusive), null when the object was not found. */
  box: Box | null;
}

/** The JSON in `masks.json`. */
export interface TrackManifest {
  version: 1;
  uploadId: string;
  seedFrame: number;
  direction: TrackParams["direction"];
  width: number;
  height: number;
  /** Frames in the clip; `frames` covers the tracked range in frame order. */
  frameCount: number;
  encoderId: string;
  decoderId: string;
  /** The requested range (clamped to the clip) when the job had one; frames lie inside it. */
  range?: { start: number; end: number };
  frames: TrackedFrame[];
}

interface SamModels {
  encoder: ModelManifestView;
  decoder: ModelManifestView;
}

function findSamModels(ctx: Pick<PipelineContext, "findModel">, modelId?: string): SamModels {
  const encoder = ctx.findModel(modelId ? { id: modelId } : { task: "sam-encoder" });
  if (!encoder) {
    throw new DomainError(
      ErrorCode.MODEL_MISSING,
      modelId
        ? `The SAM encoder ${modelId} is not installed on this server.`
        : "No SAM encoder is installed on this server; add one to MODELS_DIR or run `npm run models`.",
    );
  }
  const linked = encoder.config.decoderId;
  const decoder =
    (typeof linked === "string" ? ctx.findModel({ id: linked }) : undefined) ??
    ctx.findModel({ task: "sam-decoder" });
  if (!decoder) {
    throw new DomainError(
      ErrorCode.MODEL_MISSING,
      "No SAM decoder is installed on this server; add one to MODELS_DIR or run `npm run models`.",
    );
  }
  return { encoder, decoder };
}

function fileKey(model: ModelManifestView, preferred: string): string {
  if (preferred in model.files) return preferred;
  const first = Object.keys(model.files)[0];
  if (!first) throw new DomainError(ErrorCode.MODEL_INVALID, `Model ${model.id} lists no files.`);
  return first;
}

/** Nearest-neighbour resize of a 0/255 mask (a mask drawn on a differently sized preview). */
function resizeMaskNearest(mask: Uint8Array, from: Size, to: Size): Uint8Array {
  if (from.width === to.width && from.height === to.height) return mask;
  const out = new Uint8Array(to.width * to.height);
  for (let y = 0; y < to.height; y++) {
    const sy = Math.min(from.height - 1, Math.floor(((y + 0.5) * from.height) / to.height));
    for (let x = 0; x < to.width; x++) {
      const sx = Math.min(from.width - 1, Math.floor(((x + 0.5) * from.width) / to.width));
      out[y * to.width + x] = mask[sy * from.width + sx]! >= 128 ? 255 : 0;
    }
  }
  return out;
}

interface Size {
  width: number;
  height: number;
}

/** The seed mask at the clip's size, from the inline RLE or a PNG upload (255 = object). */
async function loadSeedMask(
  params: TrackParams,
  size: Size,
  ctx: Pick<PipelineContext, "uploadPath" | "signal">,
): Promise<Uint8Array> {
  if (params.maskRle) {
    const { data, width, height } = decodeMaskRle({
      ...params.maskRle,
      counts: Uint32Array.from(params.maskRle.counts),
    });
    return resizeMaskNearest(data, { width, height }, size);
  }
  const path = params.maskUploadId ? ctx.uploadPath(params.maskUploadId) : undefined;
  if (!path) {
    throw new DomainError(
      ErrorCode.UPLOAD_NOT_FOUND,
      "The mask to track is no longer on the server; save the mask and try again.",
    );
  }
  const image: RgbImage = await decodeFrameToRgb({ input: { path }, signal: ctx.signal });
  const mask = new Uint8Array(image.width * image.height);
  for (let i = 0; i < mask.length; i++) mask[i] = image.data[i * 3]! >= 128 ? 255 : 0;
  return resizeMaskNearest(mask, image, size);
}

/**
 * A point deep inside the mask (the on-pixel farthest from any off-pixel, by a two-pass chamfer
 * distance on a coarse grid), in pixels; null for an empty mask. A centroid can fall outside a
 * ring- or C-shaped object; this point cannot.
 */
export function findInteriorPoint({
  mask,
  width,
  height,
}: Size & { mask: Uint8Array }): Point | null {
  const step = Math.max(1, Math.ceil(Math.max(width, height) / INTERIOR_GRID));
  const gw = Math.ceil(width / step);
  const gh = Math.ceil(height / step);
  const big = gw + gh;
  const dist = new Float32Array(gw * gh);
  for (let gy = 0; gy < gh; gy++) {
    for (let gx = 0; gx < gw; gx++) {
      const x = Math.min(width - 1, gx * step + (step >> 1));
      const y = Math.min(height - 1, gy * step + (step >> 1));
      dist[gy * gw + gx] = mask[y * width + x]! >= 128 ? big : 0;
    }
  }
  const at = (x: number, y: number) =>
    x < 0 || y < 0 || x >= gw || y >= gh ? 0 : dist[y * gw + x]!;
  for (let y = 0; y < gh; y++) {
    for (let x = 0; x < gw; x++) {
      const i = y * gw + x;
      if (dist[i] === 0) continue;
      dist[i] = Math.min(
        dist[i]!,
        at(x - 1, y) + 1,
        at(x, y - 1) + 1,
        at(x - 1, y - 1) + 1.4,
        at(x + 1, y - 1) + 1.4,
      );
    }
  }
  let best = -1;
  let bestValue = 0;
  for (let y = gh - 1; y >= 0; y--) {
    for (let x = gw - 1; x >= 0; x--) {
      const i = y * gw + x;
      if (dist[i] === 0) continue;
      const value = Math.min(
        dist[i]!,
        at(x + 1, y) + 1,
        at(x, y + 1) + 1,
        at(x + 1, y + 1) + 1.4,
        at(x - 1, y + 1) + 1.4,
      );
      dist[i] = value;
      if (value >= bestValue) {
        bestValue = value;
        best = i;
      }
    }
  }
  if (best < 0) return null;
  const gx = best % gw;
  const gy = Math.floor(best / gw);
  return {
    x: Math.min(width - 1, gx * step + (step >> 1)),
    y: Math.min(height - 1, gy * step + (step >> 1)),
  };
}

interface Prompt {
  point: Point;
  box: Box;
  lowRes: Float32Array;
}

function readFloat(outputs: InferenceSession.OnnxValueMapType, name: string, model: string) {
  const value = outputs[name];
  if (!(value instanceof Tensor) || !(value.data instanceof Float32Array)) {
    throw new DomainError(
      ErrorCode.MODEL_INVALID,
      `Model ${model} has no float32 output "${name}".`,
    );
  }
  return value;
}

/** Encodes one frame; returns the embedding tensor. */
async function encodeFrame({
  session,
  image,
  pre,
  encoderId,
}: {
  session: InferenceSession;
  image: RgbImage;
  pre: SamPreprocessing;
  encoderId: string;
}): Promise<{ embedding: Tensor; scale: number }> {
  const input = preprocessForSam(image, pre);
  const inputName = session.inputNames[0] ?? "image";
  const outputName = session.outputNames[0] ?? "image_embeddings";
  const outputs = await session.run({
    [inputName]: new Tensor("float32", input.data, [...input.dims]),
  });
  return { embedding: readFloat(outputs, outputName, encoderId), scale: input.scale };
}

/** Decodes one frame from the previous frame's prompt; the mask is binary 0/255 at the clip size. */
async function decodeFrame({
  session,
  embedding,
  prompt,
  scale,
  size,
  decoderId,
}: {
  session: InferenceSession;
  embedding: Tensor;
  prompt: Prompt;
  scale: number;
  size: Size;
  decoderId: string;
}): Promise<{ mask: Uint8Array; score: number; lowRes: Float32Array }> {
  const { point, box } = prompt;
  // SAM's prompt order: clicks first, then the box corners (labels 2 and 3); no padding point.
  const coords = Float32Array.of(
    point.x * scale,
    point.y * scale,
    box.x0 * scale,
    box.y0 * scale,
    box.x1 * scale,
    box.y1 * scale,
  );
  const outputs = await session.run({
    image_embeddings: embedding,
    point_coords: new Tensor("float32", coords, [1, 3, 2]),
    point_labels: new Tensor("float32", Float32Array.of(1, 2, 3), [1, 3]),
    mask_input: new Tensor("float32", prompt.lowRes, [1, 1, SAM_LOW_RES_SIZE, SAM_LOW_RES_SIZE]),
    has_mask_input: new Tensor("float32", Float32Array.of(1), [1]),
    orig_im_size: new Tensor("float32", Float32Array.of(size.height, size.width), [2]),
  });
  const masks = readFloat(outputs, "masks", decoderId);
  const iou = readFloat(outputs, "iou_predictions", decoderId);
  const lowRes = readFloat(outputs, "low_res_masks", decoderId);
  const [, , height = size.height, width = size.width] = masks.dims;
  if (width !== size.width || height !== size.height) {
    throw new DomainError(
      ErrorCode.MODEL_INVALID,
      `Decoder ${decoderId} answered ${width}×${height} masks for a ${size.width}×${size.height} clip.`,
    );
  }
  const best = pickBestMask({
    masks: masks.data as Float32Array,
    iouPredictions: iou.data as Float32Array,
    width,
    height,
  });
  const lowSize = SAM_LOW_RES_SIZE * SAM_LOW_RES_SIZE;
  const lowData = lowRes.data as Float32Array;
  return {
    mask: thresholdMask(best.logits),
    score: best.score,
    lowRes: lowData.slice(best.index * lowSize, (best.index + 1) * lowSize),
  };
}

function toTrackedFrame(frame: number, mask: Uint8Array, size: Size, score: number): TrackedFrame {
  const rle = encodeMaskRle({ data: mask, ...size });
  return {
    frame,
    mask: { width: size.width, height: size.height, counts: Array.from(rle.counts) },
    score,
    box: maskToBox({ data: mask, ...size }),
  };
}

/** Frames to visit from the seed, nearest first, for each direction asked. */
export function planTrackFrames({
  seedFrame,
  frameCount,
  direction,
  maxFrames,
  range,
}: {
  seedFrame: number;
  frameCount: number;
  direction: TrackParams["direction"];
  maxFrames?: number | undefined;
  /** Inclusive frames the propagation stays inside. */
  range?: { start: number; end: number } | undefined;
}): { forward: number[]; backward: number[] } {
  const limit = maxFrames ?? frameCount;
  const last = Math.min(frameCount - 1, range?.end ?? Infinity);
  const first = Math.max(0, range?.start ?? 0);
  const forward: number[] = [];
  const backward: number[] = [];
  if (direction !== "backward") {
    for (let f = seedFrame + 1; f <= last && f - seedFrame <= limit; f++) forward.push(f);
  }
  if (direction !== "forward") {
    for (let f = seedFrame - 1; f >= first && seedFrame - f <= limit; f--) backward.push(f);
  }
  return { forward, backward };
}

/** Propagates the seed mask through the clip and writes `masks.json`. */
export const trackPipeline: Pipeline<TrackParams> = async (params, ctx) => {
  const path = ctx.uploadPath(params.uploadId);
  if (!path) {
    throw new DomainError(
      ErrorCode.UPLOAD_NOT_FOUND,
      `The clip ${params.uploadId} is no longer on the server; upload it again.`,
    );
  }
  const { encoder, decoder } = findSamModels(ctx, params.modelId);
  const pre = SamPreprocessingSchema.parse(encoder.config.preprocessing ?? {});
  const probe = await probeMedia(path);
  const size = { width: probe.width, height: probe.height };
  const { range } = params;
  if (range && (params.frame < range.start || params.frame > range.end)) {
    throw new DomainError(
      ErrorCode.INVALID_REQUEST,
      `frame: Frame ${params.frame} is outside the range ${range.start}–${range.end}.`,
    );
  }
  // Decode only as far as the tracked range reaches.
  const reach = [
    params.direction === "backward" ? params.frame + 1 : undefined,
    params.maxFrames === undefined ? undefined : params.frame + 1 + params.maxFrames,
    range ? range.end + 1 : undefined,
  ].filter((n): n is number => n !== undefined);
  const decodeLimit = reach.length > 0 ? Math.min(...reach) : undefined;
  const frames = await decodeFrames({ path, ...size, signal: ctx.signal, maxFrames: decodeLimit });
  if (params.frame >= frames.length) {
    throw new DomainError(
      ErrorCode.INVALID_REQUEST,
      `Frame ${params.frame} is past the end of this clip (${frames.length} frames).`,
    );
  }
  const frameCount = probe.frameCount ?? frames.length;
  const plan = planTrackFrames({
    seedFrame: params.frame,
    frameCount: Math.min(frameCount, frames.length),
    direction: params.direction,
    maxFrames: params.maxFrames,
    range,
  });
  const total = plan.forward.length + plan.backward.length;
  const seedMask = await loadSeedMask(params, size, ctx);
  const seedBox = maskToBox({ data: seedMask, ...size });
  const seedPoint = findInteriorPoint({ mask: seedMask, ...size });
  if (!seedBox || !seedPoint) {
    throw new DomainError(
      ErrorCode.INVALID_REQUEST,
      "The mask to track is empty; select an object first.",
    );
  }
  const scale = 1024 / Math.max(size.width, size.height);
  const seedPrompt: Prompt = {
    point: seedPoint,
    box: seedBox,
    lowRes: maskToLowResLogits({ data: seedMask, ...size, scale }),
  };

  const tracked = new Map<number, TrackedFrame>([
    [params.frame, toTrackedFrame(params.frame, seedMask, size, 1)],
  ]);
  try {
    const encoderSession = await ctx.sessions.get(encoder.id, fileKey(encoder, "encoder"));
    const decoderSession = await ctx.sessions.get(decoder.id, fileKey(decoder, "decoder"));
    let done = 0;
    ctx.progress({ step: 0, total, message: `Tracking from frame ${params.frame}` });
    for (const run of [plan.forward, plan.backward]) {
      let prompt = seedPrompt;
      for (const frame of run) {
        throwIfCancelled(ctx.signal);
        const image: RgbImage = { ...size, data: frames[frame]! };
        const { embedding, scale: frameScale } = await encodeFrame({
          session: encoderSession,
          image,
          pre,
          encoderId: encoder.id,
        });
        const result = await decodeFrame({
          session: decoderSession,
          embedding,
          prompt,
          scale: frameScale,
          size,
          decoderId: decoder.id,
        });
        const entry = toTrackedFrame(frame, result.mask, size, result.score);
        tracked.set(frame, entry);
        const point = entry.box ? findInteriorPoint({ mask: result.mask, ...size }) : null;
        // A lost object keeps the last good prompt, so it is picked up again when it returns.
        if (entry.box && point) prompt = { point, box: entry.box, lowRes: result.lowRes };
        done++;
        ctx.progress({
          step: done,
          total,
          message: `Tracking frame ${frame} · ${done}/${total}`,
        });
      }
    }
  } catch (error) {
    if (isAbortError(error)) {
      await ctx.sessions.release(encoder.id).catch(() => undefined);
      await ctx.sessions.release(decoder.id).catch(() => undefined);
    }
    throw error;
  }

  const manifest: TrackManifest = {
    version: 1,
    uploadId: params.uploadId,
    seedFrame: params.frame,
    direction: params.direction,
    ...size,
    frameCount,
    encoderId: encoder.id,
    decoderId: decoder.id,
    ...(range && { range: { start: range.start, end: Math.min(range.end, frameCount - 1) } }),
    frames: [...tracked.values()].sort((a, b) => a.frame - b.frame),
  };
  const json = JSON.stringify(manifest);
  await writeFile(join(ctx.workDir, TRACK_ARTIFACT), json);
  return [{ name: TRACK_ARTIFACT, mime: "application/json", bytes: Buffer.byteLength(json) }];
};
