/**
 * `generate-video`: text -> video, image -> video (an image at frame 0), keyframes (images at
 * chosen frames), chained past the model's frame limit. Frames stream from the sampler straight
 * into ffmpeg; the artifacts are `video.mp4` (H.264, yuv420p, +faststart) and `poster.png` (the
 * frame at 0.5 s). A cancelled or failed job leaves neither behind and frees the model's sessions.
 */
import { join } from "node:path";
import type { GenerateVideoParams } from "@milimo/shared/api";
import { openVideoEncoder } from "../media/ffmpeg";
import { writePng } from "../media/png";
import { readDiffusionConfig } from "./diffusion/config";
import { generateFrames } from "./diffusion/generate-frames";
import { loadConditioningFrames } from "./diffusion/load-conditioning";
import { isAbortError, PipelineError } from "./diffusion/pipeline-error";
import { findDiffusionModel } from "./diffusion/resolve-model";
import type { Pipeline } from "./types";

/** Seconds into the video of the poster frame (FEATURES §4). */
export const POSTER_AT_SECONDS = 0.5;

/** Generates a shot's video and poster into the job's workDir. */
export const generateVideoPipeline: Pipeline<GenerateVideoParams> = async (params, ctx) => {
  const model = findDiffusionModel(ctx, {
    modelId: params.modelId,
    tasks: ["text-to-video", "image-to-video"],
  });
  const config = readDiffusionConfig(model);
  if (config.latentLayout === "BCHW") {
    throw new PipelineError("MODEL_INVALID", `Model "${model.id}" makes still images, not video.`);
  }
  const { width, height, numFrames, fps } = params;
  const conditioning = await loadConditioningFrames({
    ctx,
    items: params.conditioning ?? [],
    width,
    height,
  });
  const videoPath = join(ctx.workDir, "video.mp4");
  const posterPath = join(ctx.workDir, "poster.png");
  const posterFrame = Math.min(numFrames - 1, Math.round(POSTER_AT_SECONDS * fps));
  const encoder = openVideoEncoder({ path: videoPath, width, height, fps, signal: ctx.signal });
  let poster: Uint8Array | undefined;
  let written = 0;
  try {
    await generateFrames({
      ctx,
      model,
      config,
      request: { ...params, conditioning },
      onFrames: async (frames, firstFrame) => {
        for (const [i, frame] of frames.entries()) {
          if (firstFrame + i === posterFrame) poster = frame;
          await encoder.writeFrame(frame);
          written++;
        }
      },
    });
    if (written !== numFrames || !poster) {
      throw new PipelineError("PIPELINE_FAILED", `Generated ${written} of ${numFrames} frames.`);
    }
    const videoBytes = await encoder.finish();
    const posterBytes = await writePng({ path: posterPath, rgb: poster, width, height });
    return [
      { name: "video.mp4", mime: "video/mp4", bytes: videoBytes },
      { name: "poster.png", mime: "image/png", bytes: posterBytes },
    ];
  } catch (err) {
    await encoder.abort();
    if (isAbortError(err)) await ctx.sessions.release(model.id).catch(() => undefined);
    throw err;
  }
};
