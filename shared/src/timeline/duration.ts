import type { Timeline } from "../schema/timeline";
import { freeItemRange } from "./layout-free";
import { computeV1Layout, type V1Layout } from "./layout-v1";

/** Total length in frames: the latest end of V1 and every V2/A1 item (0 when empty). */
export function computeTimelineDuration({
  timeline,
  layout,
}: {
  timeline: Timeline;
  layout?: V1Layout;
}): number {
  let end = (layout ?? computeV1Layout(timeline.items)).endFrame;
  for (const item of timeline.items) {
    if (item.track !== "V1") end = Math.max(end, freeItemRange(item).endFrame);
  }
  return end;
}
