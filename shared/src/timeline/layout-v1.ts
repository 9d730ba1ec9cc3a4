/**
 * Magnetic V1 layout. V1 starts are never stored: they are derived from the order of V1 items in
 * `timeline.items` and their trimmed durations, so every trim, split, move and delete ripples for
 * free and V1 can never have gaps or overlaps. One O(n) pass; the web studio memoises it per edit.
 */
import type { TimelineItem } from "../schema/timeline";
import { itemDurationFrames } from "./item";

/** Where one V1 item plays: frames [startFrame, endFrame); `index` is its position in V1 order. */
export type V1Placement = {
  item: TimelineItem;
  index: number;
  startFrame: number;
  endFrame: number;
};

/** V1 placements in play order, a lookup by item id, and the frame where V1 ends (0 when empty). */
export type V1Layout = {
  placements: V1Placement[];
  byId: ReadonlyMap<string, V1Placement>;
  endFrame: number;
};

/** Lays V1 items end to end from frame 0 in array order; non-V1 items are ignored. */
export function computeV1Layout(items: readonly TimelineItem[]): V1Layout {
  const placements: V1Placement[] = [];
  const byId = new Map<string, V1Placement>();
  let cursor = 0;
  for (const item of items) {
    if (item.track !== "V1") continue;
    const endFrame = cursor + itemDurationFrames(item);
    const placement: V1Placement = { item, index: placements.length, startFrame: cursor, endFrame };
    placements.push(placement);
    byId.set(item.id, placement);
    cursor = endFrame;
  }
  return { placements, byId, endFrame: cursor };
}

/** The V1 placement covering `frame` (binary search, O(log n)), or null past the end or before 0. */
export function findV1PlacementAt(layout: V1Layout, frame: number): V1Placement | null {
  const { placements } = layout;
  let lo = 0;
  let hi = placements.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = placements[mid];
    if (!p) break;
    if (frame < p.startFrame) hi = mid - 1;
    else if (frame >= p.endFrame) lo = mid + 1;
    else return p;
  }
  return null;
}

/**
 * V1 index a clip dropped with its centre at `centreFrame` lands at: the number of other V1 clips
 * whose centre is before it (FEATURES §6 "V1 reorders by clip centre"). Excludes `excludeId`.
 */
export function computeV1DropIndex({
  items,
  centreFrame,
  excludeId,
}: {
  items: readonly TimelineItem[];
  centreFrame: number;
  excludeId?: string;
}): number {
  // Centres are measured in the layout without the dragged clip, i.e. where the others will be.
  const others = excludeId === undefined ? items : items.filter(i => i.id !== excludeId);
  let index = 0;
  for (const p of computeV1Layout(others).placements) {
    if ((p.startFrame + p.endFrame) / 2 < centreFrame) index = p.index + 1;
    else break;
  }
  return index;
}
