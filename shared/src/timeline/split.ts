import type { Timeline } from "../schema/timeline";
import { findItemIndex } from "./item";
import { itemRange } from "./layout-free";
import { isTrackLocked } from "./tracks";

/**
 * Splits an item at timeline `frame` into two clips that play exactly as before: the left keeps the
 * id, the right gets `newId` and follows it in `items`. Unchanged when the item is missing, locked,
 * `newId` is taken, or `frame` is not strictly inside the clip.
 */
export function splitItemAt({
  timeline,
  itemId,
  frame,
  newId,
}: {
  timeline: Timeline;
  itemId: string;
  frame: number;
  newId: string;
}): Timeline {
  const index = findItemIndex(timeline.items, itemId);
  const item = timeline.items[index];
  if (!item || isTrackLocked(timeline, item.track)) return timeline;
  if (findItemIndex(timeline.items, newId) !== -1) return timeline;
  const range = itemRange({ timeline, item });
  if (!range || !Number.isInteger(frame)) return timeline;
  if (frame <= range.startFrame || frame >= range.endFrame) return timeline;
  const left = { ...item, trimOut: item.trimOut + (range.endFrame - frame) };
  const right = {
    ...item,
    id: newId,
    trimIn: item.trimIn + (frame - range.startFrame),
    startFrame: item.track === "V1" ? item.startFrame : frame,
  };
  const items = timeline.items.slice();
  items.splice(index, 1, left, right);
  return { ...timeline, items };
}
