/**
 * `inpaint`: repaints the white area of a mask on one picture (an image, or a frame of a video)
 * from a prompt (FEATURES §8). RePaint-style: before every denoising step the latents outside the
 * mask are replaced by the picture's own latents noised to that step's level, so the model paints
 * the hole in context and never drifts the rest. `strength` acts as img2img inside the mask: while
 * the noise level is above it, the masked area is held to the noised original too. Finally the
 * decoded picture is composited over the original by the mask, so pixels outside it are kept
 * exactly. Artifacts: `image.png` and the same picture as `poster.png`, as `generate-image`.
 * `target: "clip"` repaints every frame of a video the same way, chunk by chunk (inpaint-clip.ts).
 *
 * The sampling core lives in inpaint-core.ts.
 */
import { copyFile } from "node:fs/promises";
import { join } from "node:path";
import { ErrorCode, type InpaintParams } from "@milimo/shared/api";
import { DomainError } from "../errors";
import { writePng } from "../media/png";
import { isAbortError } from "./diffusion/pipeline-error";
import { findDiffusionModel } from "./diffusion/resolve-model";
import { inpaintClipPipeline } from "./inpaint-clip";
import { inpaintChunk, prepareInpaint, resizeMaskNearest } from "./inpaint-core";
import { decodeFrameToRgb, type RgbImage } from "./sam-image";
import type { ModelManifestView, Pipeline, PipelineContext } from "./types";

export {
  blendKnownLatents,
  compositeOverSource,
  toKeepCells,
  toLatentKeepCells,
} from "./inpaint-core";

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
  const prepared = await prepareInpaint({ ctx, model, params });
  const result = await inpaintChunk({
    prepared,
    params,
    frames: [image.data],
    masks: [mask],
    width: image.width,
    height: image.height,
    seed: params.seed,
    signal: ctx.signal,
    onStep: step =>
      ctx.progress({
        step,
        total: params.steps,
        message: `Inpainting step ${step}/${params.steps}`,
      }),
  });
  return { raw: result.raw[0]!, rgb: result.rgb[0]!, width: image.width, height: image.height };
}

/**
 * Reads the picture and its mask, inpaints, and writes `image.png` + `poster.png`; a clip target
 * writes `video.mp4` + `poster.png` (see inpaint-clip.ts).
 */
export const inpaintPipeline: Pipeline<InpaintParams> = async (params, ctx) => {
  if (params.target === "clip") return inpaintClipPipeline(params, ctx);
  const imagePath = ctx.uploadPath(params.imageUploadId);
  const maskPath =
    params.maskUploadId === undefined ? undefined : ctx.uploadPath(params.maskUploadId);
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
