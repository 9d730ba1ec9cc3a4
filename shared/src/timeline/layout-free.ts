/**
 * Free placement on V2 and A1: items sit at their `startFrame` and may overlap; where they do, the
 * item later in `items` is on top, like layers. Stacking by array order rather than by start keeps
 * a split invisible (the right half takes the left's place in the stack) and moves keep the slot.
 */
import type { Timeline, TimelineItem, TrackId } from "../schema/timeline";
import { itemDurationFrames } from "./item";
import { computeV1Layout, findV1PlacementAt, type V1Layout } from "./layout-v1";

/** Frames [startFrame, endFrame) an item occupies on the timeline. */
export type FrameRange = { startFrame: number; endFrame: number };

/** Range a V2/A1 item occupies: [startFrame, startFrame + duration). */
export function freeItemRange(item: TimelineItem): FrameRange {
  return { startFrame: item.startFrame, endFrame: item.startFrame + itemDurationFrames(item) };
}

/** Range any item occupies; V1 needs the layout (computed when not given). */
export function itemRange({
  timeline,
  item,
  layout,
}: {
  timeline: Timeline;
  item: TimelineItem;
  layout?: V1Layout;
}): FrameRange | null {
  if (item.track !== "V1") return freeItemRange(item);
  const p = (layout ?? computeV1Layout(timeline.items)).byId.get(item.id);
  return p ? { startFrame: p.startFrame, endFrame: p.endFrame } : null;
}

/** Items of a free track sorted by startFrame (stable for ties). */
export function computeFreeLayout(
  items: readonly TimelineItem[],
  track: Exclude<TrackId, "V1">,
): TimelineItem[] {
  return items.filter(i => i.track === track).sort((a, b) => a.startFrame - b.startFrame);
}

/** Every item on a free track covering `frame`, in `items` order. */
export function freeItemsAt({
  items,
  track,
  frame,
}: {
  items: readonly TimelineItem[];
  track: Exclude<TrackId, "V1">;
  frame: number;
}): TimelineItem[] {
  return items.filter(i => {
    if (i.track !== track) return false;
    const r = freeItemRange(i);
    return frame >= r.startFrame && frame < r.endFrame;
  });
}

/** Items on a free track overlapping frames [startFrame, endFrame), optionally ignoring one id. */
export function findOverlappingItems({
  items,
  track,
  startFrame,
  endFrame,
  excludeId,
}: {
  items: readonly TimelineItem[];
  track: Exclude<TrackId, "V1">;
  excludeId?: string;
} & FrameRange): TimelineItem[] {
  return items.filter(i => {
    if (i.track !== track || i.id === excludeId) return false;
    const r = freeItemRange(i);
    return r.startFrame < endFrame && startFrame < r.endFrame;
  });
}

/** An item under the playhead and the frame of its source that shows there (trimIn-based). */
export type PlayingItem = { item: TimelineItem; sourceFrame: number; startFrame: number };

/**
 * What plays at a timeline frame, per track (null where nothing). Hidden/muted tracks are still
 * reported so the player decides what to draw or silence. Pass `layout` to reuse a memoised V1 layout.
 */
export function itemsAtFrame({
  timeline,
  frame,
  layout,
}: {
  timeline: Timeline;
  frame: number;
  layout?: V1Layout;
}): Record<TrackId, PlayingItem | null> {
  const v1 = findV1PlacementAt(layout ?? computeV1Layout(timeline.items), frame);
  return {
    V1: v1 ? toPlaying(v1.item, v1.startFrame, frame) : null,
    V2: topFreeItemAt(timeline.items, "V2", frame),
    A1: topFreeItemAt(timeline.items, "A1", frame),
  };
}

function topFreeItemAt(
  items: readonly TimelineItem[],
  track: Exclude<TrackId, "V1">,
  frame: number,
): PlayingItem | null {
  const top = freeItemsAt({ items, track, frame }).at(-1);
  return top ? toPlaying(top, top.startFrame, frame) : null;
}

function toPlaying(item: TimelineItem, startFrame: number, frame: number): PlayingItem {
  return { item, startFrame, sourceFrame: item.trimIn + (frame - startFrame) };
}
