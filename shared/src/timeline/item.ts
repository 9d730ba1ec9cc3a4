import type { TimelineItem, TrackId } from "../schema/timeline";

/** Visible length of an item in frames: max(1, sourceFrames - trimIn - trimOut). */
export function itemDurationFrames(item: TimelineItem): number {
  return Math.max(1, item.sourceFrames - item.trimIn - item.trimOut);
}

/** Whether a track places items by array order (V1) rather than by `startFrame` (V2, A1). */
export function isMagneticTrack(track: TrackId): boolean {
  return track === "V1";
}

/** Index of the item with this id in `items`, or -1. */
export function findItemIndex(items: readonly TimelineItem[], itemId: string): number {
  return items.findIndex(i => i.id === itemId);
}
