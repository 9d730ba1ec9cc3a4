import type { Timeline, TimelineItem } from "../schema/timeline";
import { findItemIndex } from "./item";
import { isTrackLocked } from "./tracks";

/**
 * Applies `update` to one item when it exists and its track is unlocked; otherwise, or when the
 * update returns the same item, returns the input timeline itself (the refusal convention).
 */
export function updateItemInTimeline(
  timeline: Timeline,
  itemId: string,
  update: (item: TimelineItem) => TimelineItem,
): Timeline {
  const index = findItemIndex(timeline.items, itemId);
  const item = timeline.items[index];
  if (!item || isTrackLocked(timeline, item.track)) return timeline;
  const next = update(item);
  if (next === item) return timeline;
  const items = timeline.items.slice();
  items[index] = next;
  return { ...timeline, items };
}
