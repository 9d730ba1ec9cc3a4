/**
 * `generate-image`: text (+ reference images at frame 0) -> image (shot thumbnails, the image
 * generation view). Runs on a text-to-image model, or on a text-to-video model asked for one frame
 * when no image model is installed. References are VAE-encoded and pinned at frame 0 with their
 * strength, as for video. The artifacts are `image.png` and `poster.png` (the same picture).
 */
import { copyFile } from "node:fs/promises";
import { join } from "node:path";
import type { GenerateImageParams } from "@milimo/shared/api";
import { writePng } from "../media/png";
import { readDiffusionConfig } from "./diffusion/config";
import { generateFrames } from "./diffusion/generate-frames";
import { loadConditioningFrames } from "./diffusion/load-conditioning";
import { isAbortError, PipelineError } from "./diffusion/pipeline-error";
import { findDiffusionModel } from "./diffusion/resolve-model";
import type { Pipeline } from "./types";

/** Generates one image into the job's workDir. */
export const generateImagePipeline: Pipeline<GenerateImageParams> = async (params, ctx) => {
  const model = findDiffusionModel(ctx, {
    modelId: params.modelId,
    tasks: ["text-to-image", "text-to-video"],
  });
  const config = readDiffusionConfig(model);
  const { width, height } = params;
  const conditioning = await loadConditioningFrames({
    ctx,
    items: params.conditioning ?? [],
    width,
    height,
  });
  let image: Uint8Array | undefined;
  try {
    await generateFrames({
      ctx,
      model,
      config,
      request: { ...params, numFrames: 1, conditioning },
      onFrames: frames => {
        image ??= frames[0];
      },
    });
  } catch (err) {
    if (isAbortError(err)) await ctx.sessions.release(model.id).catch(() => undefined);
    throw err;
  }
  if (!image) throw new PipelineError("PIPELINE_FAILED", "The model produced no image.");
  const imagePath = join(ctx.workDir, "image.png");
  const bytes = await writePng({ path: imagePath, rgb: image, width, height });
  await copyFile(imagePath, join(ctx.workDir, "poster.png"));
  return [
    { name: "image.png", mime: "image/png", bytes },
    { name: "poster.png", mime: "image/png", bytes },
  ];
};
