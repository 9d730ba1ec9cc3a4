/**
 * Insert, move, reorder and delete. V1 order is the order of V1 items in `items`, so V1 edits are
 * array edits and ripple by derivation; V2/A1 edits set `startFrame`. Items move only between
 * tracks of the same kind (V1 <-> V2); a V1 clip moved to V2 keeps its place in time unless told.
 */
import type { Timeline, TimelineItem, TrackId } from "../schema/timeline";
import { findItemIndex, itemDurationFrames } from "./item";
import { computeV1DropIndex, computeV1Layout } from "./layout-v1";
import { isTrackLocked, trackKindOf } from "./tracks";

/**
 * Adds `item` on its track: on V1 at V1 position `index` (default: the end), on V2/A1 at its
 * `startFrame`. Unchanged when the track is locked or the id is taken.
 */
export function insertItem({
  timeline,
  item,
  index,
}: {
  timeline: Timeline;
  item: TimelineItem;
  index?: number;
}): Timeline {
  if (isTrackLocked(timeline, item.track)) return timeline;
  if (findItemIndex(timeline.items, item.id) !== -1) return timeline;
  if (item.track !== "V1") {
    const placed = { ...item, startFrame: Math.max(0, Math.round(item.startFrame)) };
    return { ...timeline, items: [...timeline.items, placed] };
  }
  return { ...timeline, items: insertAtV1Index(timeline.items, item, index) };
}

/** Moves a V1 item to V1 position `toIndex` (its index after the move, clamped); the rest ripple. */
export function reorderV1Item({
  timeline,
  itemId,
  toIndex,
}: {
  timeline: Timeline;
  itemId: string;
  toIndex: number;
}): Timeline {
  const item = timeline.items.find(i => i.id === itemId);
  if (!item || item.track !== "V1" || isTrackLocked(timeline, "V1")) return timeline;
  // V1 items keep the array slots V1 items had, so V2/A1 entries don't shuffle.
  const slots: number[] = [];
  const order: TimelineItem[] = [];
  timeline.items.forEach((i, slot) => {
    if (i.track !== "V1") return;
    slots.push(slot);
    if (i.id !== itemId) order.push(i);
  });
  const target = clampIndex(toIndex, order.length);
  order.splice(target, 0, item);
  const items = timeline.items.slice();
  let changed = false;
  slots.forEach((slot, k) => {
    const next = order[k];
    if (next && items[slot] !== next) {
      items[slot] = next;
      changed = true;
    }
  });
  return changed ? { ...timeline, items } : timeline;
}

/**
 * Moves an item, optionally to another track of the same kind. On V2/A1 it lands at `startFrame`
 * (default: where it is now; clamped >= 0). On V1 it lands at V1 position `index`, else at the
 * position its centre would have at `startFrame`, else stays. Unchanged when the item is missing,
 * either track is locked, or the kinds differ.
 */
export function moveItem({
  timeline,
  itemId,
  track,
  startFrame,
  index,
}: {
  timeline: Timeline;
  itemId: string;
  track?: TrackId;
  startFrame?: number;
  index?: number;
}): Timeline {
  const at = findItemIndex(timeline.items, itemId);
  const item = timeline.items[at];
  if (!item) return timeline;
  const to = track ?? item.track;
  if (trackKindOf(to) !== trackKindOf(item.track)) return timeline;
  if (isTrackLocked(timeline, item.track) || isTrackLocked(timeline, to)) return timeline;

  if (to === "V1") {
    const target =
      index ??
      (startFrame === undefined
        ? undefined
        : computeV1DropIndex({
            items: timeline.items,
            centreFrame: startFrame + itemDurationFrames(item) / 2,
            excludeId: item.id,
          }));
    if (item.track === "V1") {
      return target === undefined ? timeline : reorderV1Item({ timeline, itemId, toIndex: target });
    }
    const rest = timeline.items.filter(i => i.id !== itemId);
    return { ...timeline, items: insertAtV1Index(rest, { ...item, track: "V1" }, target) };
  }

  const fromStart =
    item.track === "V1"
      ? (computeV1Layout(timeline.items).byId.get(item.id)?.startFrame ?? 0)
      : item.startFrame;
  const nextStart = Math.max(0, Math.round(startFrame ?? fromStart));
  if (to === item.track && nextStart === item.startFrame) return timeline;
  const items = timeline.items.slice();
  // A free track ignores array order, so the item keeps its slot.
  items[at] = { ...item, track: to, startFrame: nextStart };
  return { ...timeline, items };
}

/**
 * Deletes the given items: V1 ripples closed (starts are derived), V2/A1 leave a gap. Items on
 * locked tracks are kept; unchanged when nothing was deleted.
 */
export function deleteItems({
  timeline,
  itemIds,
}: {
  timeline: Timeline;
  itemIds: readonly string[];
}): Timeline {
  const ids = new Set(itemIds);
  const items = timeline.items.filter(i => !ids.has(i.id) || isTrackLocked(timeline, i.track));
  return items.length === timeline.items.length ? timeline : { ...timeline, items };
}

function clampIndex(index: number, length: number): number {
  return Math.min(length, Math.max(0, Math.round(index)));
}

/** New items array with `item` before the `index`-th V1 item (after the last V1 item when past it). */
function insertAtV1Index(
  items: readonly TimelineItem[],
  item: TimelineItem,
  index: number | undefined,
): TimelineItem[] {
  const next = items.slice();
  let seen = 0;
  let lastV1Slot = -1;
  for (let slot = 0; slot < items.length; slot += 1) {
    if (items[slot]?.track !== "V1") continue;
    if (index !== undefined && seen === Math.max(0, Math.round(index))) {
      next.splice(slot, 0, item);
      return next;
    }
    seen += 1;
    lastV1Slot = slot;
  }
  next.splice(lastV1Slot === -1 ? next.length : lastV1Slot + 1, 0, item);
  return next;
}
