/**
 * Pointing a shot's V1 clip at freshly generated media. The clip keeps its place and trims (trims
 * are clamped so at least one frame stays visible when the new source is shorter); a shot without a
 * clip gets one at the end of V1 so a generated shot is always on the timeline.
 */
import { makeTimelineItem, type Timeline, type TimelineItem } from "@milimo/shared/schema";

/** The timeline with the shot's V1 clip(s) playing `mediaId` (`sourceFrames` at project fps). */
export function attachMediaToShotClip({
  timeline,
  shotId,
  mediaId,
  sourceFrames,
  newId,
  label,
}: {
  timeline: Timeline;
  shotId: string;
  mediaId: string;
  sourceFrames: number;
  newId: () => string;
  label?: string;
}): Timeline {
  const frames = Math.max(1, Math.round(sourceFrames));
  let found = false;
  const items = timeline.items.map((item): TimelineItem => {
    if (item.track !== "V1" || item.shotId !== shotId) return item;
    found = true;
    const trimIn = Math.min(item.trimIn, frames - 1);
    const trimOut = Math.min(item.trimOut, frames - 1 - trimIn);
    return { ...item, mediaId, sourceFrames: frames, trimIn, trimOut };
  });
  if (found) return { ...timeline, items };
  const clip = makeTimelineItem({
    id: newId(),
    track: "V1",
    shotId,
    mediaId,
    sourceFrames: frames,
    ...(label ? { label } : {}),
  });
  return { ...timeline, items: [...timeline.items, clip] };
}
