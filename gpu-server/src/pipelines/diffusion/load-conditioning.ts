import type { ConditioningItem } from "@milimo/shared/api";
import { extractFrame } from "../../media/ffmpeg";
import type { PipelineContext } from "../types";
import type { ConditioningFrame } from "./generate-frames";
import { PipelineError } from "./pipeline-error";

/**
 * Reads each conditioning upload as one RGB frame at the output size. A video upload gives its
 * last frame: continuity and "extend" start a shot from where the previous one ended.
 */
export async function loadConditioningFrames({
  ctx,
  items,
  width,
  height,
}: {
  ctx: Pick<PipelineContext, "uploadPath" | "signal">;
  items: readonly ConditioningItem[];
  width: number;
  height: number;
}): Promise<ConditioningFrame[]> {
  const frames: ConditioningFrame[] = [];
  for (const item of items) {
    const path = ctx.uploadPath(item.uploadId);
    if (!path) {
      throw new PipelineError(
        "UPLOAD_NOT_FOUND",
        `The conditioning image ${item.uploadId} is no longer on the server; upload it again.`,
      );
    }
    const rgb = await extractFrame({ path, width, height, at: "last", signal: ctx.signal });
    frames.push({ rgb, frame: item.frame, strength: item.strength });
  }
  return frames;
}
