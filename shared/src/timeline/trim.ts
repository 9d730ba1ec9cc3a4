/**
 * Trim handles. `deltaFrames` is how far the handle moves on the timeline (positive = right):
 * the in handle moving right trims more of the head, the out handle moving right reveals more of
 * the tail. Clamped so trims stay >= 0 and >= 1 frame remains. On V2/A1 the in handle also moves
 * `startFrame` so the rest of the clip stays put; on V1 the following clips ripple by derivation.
 */
import type { Timeline, TimelineItem } from "../schema/timeline";
import { itemDurationFrames } from "./item";
import { updateItemInTimeline } from "./edit";
import { itemRange } from "./layout-free";

/** Which handle: "in" is the clip's left edge, "out" its right edge. */
export type TrimEdge = "in" | "out";

/** Item with one edge moved by `deltaFrames` (clamped to the source and >= 1 frame); pure. */
export function trimItem({
  item,
  edge,
  deltaFrames,
}: {
  item: TimelineItem;
  edge: TrimEdge;
  deltaFrames: number;
}): TimelineItem {
  const delta = Math.round(deltaFrames);
  const duration = itemDurationFrames(item);
  if (edge === "in") {
    const free = item.track !== "V1";
    // Left: can't reveal before the source's first frame, nor push a free clip before frame 0.
    const minDelta = -Math.min(item.trimIn, free ? item.startFrame : Infinity);
    const applied = clamp(delta, minDelta, duration - 1);
    if (applied === 0) return item;
    const trimIn = item.trimIn + applied;
    return free ? { ...item, trimIn, startFrame: item.startFrame + applied } : { ...item, trimIn };
  }
  const applied = clamp(delta, -(duration - 1), item.trimOut);
  if (applied === 0) return item;
  return { ...item, trimOut: item.trimOut - applied };
}

/** Timeline with one item's edge trimmed by `deltaFrames`; unchanged if missing or locked. */
export function trimTimelineItem({
  timeline,
  itemId,
  edge,
  deltaFrames,
}: {
  timeline: Timeline;
  itemId: string;
  edge: TrimEdge;
  deltaFrames: number;
}): Timeline {
  return updateItemInTimeline(timeline, itemId, item => trimItem({ item, edge, deltaFrames }));
}

/** Sets an item's in or out point at timeline `frame` (the I/O keys at the playhead), clamped. */
export function trimTimelineItemToFrame({
  timeline,
  itemId,
  edge,
  frame,
}: {
  timeline: Timeline;
  itemId: string;
  edge: TrimEdge;
  frame: number;
}): Timeline {
  const item = timeline.items.find(i => i.id === itemId);
  const range = item && itemRange({ timeline, item });
  if (!range) return timeline;
  const deltaFrames = frame - (edge === "in" ? range.startFrame : range.endFrame);
  return trimTimelineItem({ timeline, itemId, edge, deltaFrames });
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
