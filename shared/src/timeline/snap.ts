/**
 * Snapping (FEATURES §6): within 15 px at the current zoom, to frame 0, the playhead, markers and
 * every clip's start and end except the dragged clip's. The threshold is in pixels so snapping feels
 * the same at every zoom. Ties go to the playhead, then markers, clip edges, then 0, so the guide
 * shown is stable and snapping an already snapped frame returns it unchanged.
 */
import type { Timeline } from "../schema/timeline";
import { freeItemRange } from "./layout-free";
import { computeV1Layout, type V1Layout } from "./layout-v1";

/** Snap distance in CSS pixels (FEATURES §6). */
export const SNAP_THRESHOLD_PX = 15;

/** What a snap target is, for drawing its guide. */
export type SnapTargetKind = "playhead" | "marker" | "item-start" | "item-end" | "origin";

/** A frame something can snap to; `itemId` is set for clip edges. */
export type SnapTarget = { frame: number; kind: SnapTargetKind; itemId?: string };

/** Outcome of a snap: the (possibly) moved frame and the target to draw a guide at, or null. */
export type SnapResult = { frame: number; target: SnapTarget | null };

const PRIORITY: Record<SnapTargetKind, number> = {
  playhead: 0,
  marker: 1,
  "item-start": 2,
  "item-end": 2,
  origin: 3,
};

/** Targets for a drag: 0, the playhead (if given), markers and clip edges except `excludeId`'s. */
export function collectSnapTargets({
  timeline,
  playheadFrame,
  excludeId,
  layout,
}: {
  timeline: Timeline;
  playheadFrame?: number;
  excludeId?: string;
  layout?: V1Layout;
}): SnapTarget[] {
  const targets: SnapTarget[] = [{ frame: 0, kind: "origin" }];
  if (playheadFrame !== undefined) targets.push({ frame: playheadFrame, kind: "playhead" });
  for (const frame of timeline.markers) targets.push({ frame, kind: "marker" });
  for (const p of (layout ?? computeV1Layout(timeline.items)).placements) {
    if (p.item.id === excludeId) continue;
    targets.push({ frame: p.startFrame, kind: "item-start", itemId: p.item.id });
    targets.push({ frame: p.endFrame, kind: "item-end", itemId: p.item.id });
  }
  for (const item of timeline.items) {
    if (item.track === "V1" || item.id === excludeId) continue;
    const r = freeItemRange(item);
    targets.push({ frame: r.startFrame, kind: "item-start", itemId: item.id });
    targets.push({ frame: r.endFrame, kind: "item-end", itemId: item.id });
  }
  return targets;
}

/** Snap threshold in frames for `thresholdPx` pixels at `pxPerSecond` zoom. */
export function snapThresholdFrames({
  thresholdPx = SNAP_THRESHOLD_PX,
  pxPerSecond,
  fps,
}: {
  thresholdPx?: number;
  pxPerSecond: number;
  fps: number;
}): number {
  return (thresholdPx * fps) / pxPerSecond;
}

/** Snaps `frame` to the nearest target within `thresholdPx` (default 15) at the zoom; idempotent. */
export function snapToNearest({
  frame,
  targets,
  thresholdPx = SNAP_THRESHOLD_PX,
  pxPerSecond,
  fps,
}: {
  frame: number;
  targets: readonly SnapTarget[];
  thresholdPx?: number;
  pxPerSecond: number;
  fps: number;
}): SnapResult {
  const hit = nearestTarget(frame, targets, snapThresholdFrames({ thresholdPx, pxPerSecond, fps }));
  return hit ? { frame: hit.target.frame, target: hit.target } : { frame, target: null };
}

/** Outcome of snapping a clip being dragged: its new start and which edge snapped (null if none). */
export type RangeSnapResult = SnapResult & { startFrame: number; edge: "start" | "end" | null };

/**
 * Snaps a dragged clip by whichever edge is nearer a target (start wins ties); `frame` in the result
 * is the snapped edge's frame. Start is kept >= 0. Idempotent in `startFrame`.
 */
export function snapItemRange({
  startFrame,
  durationFrames,
  targets,
  thresholdPx = SNAP_THRESHOLD_PX,
  pxPerSecond,
  fps,
}: {
  startFrame: number;
  durationFrames: number;
  targets: readonly SnapTarget[];
  thresholdPx?: number;
  pxPerSecond: number;
  fps: number;
}): RangeSnapResult {
  const threshold = snapThresholdFrames({ thresholdPx, pxPerSecond, fps });
  const endFrame = startFrame + durationFrames;
  const s = nearestTarget(startFrame, targets, threshold);
  const endHit = nearestTarget(endFrame, targets, threshold);
  // An end snap that would push the start before 0 is not offered.
  const e = endHit && endHit.target.frame - durationFrames >= 0 ? endHit : null;
  if (s && (!e || s.distance <= e.distance)) {
    return { startFrame: s.target.frame, frame: s.target.frame, target: s.target, edge: "start" };
  }
  if (e) {
    const start = e.target.frame - durationFrames;
    return { startFrame: start, frame: e.target.frame, target: e.target, edge: "end" };
  }
  return { startFrame, frame: startFrame, target: null, edge: null };
}

function nearestTarget(
  frame: number,
  targets: readonly SnapTarget[],
  thresholdFrames: number,
): { target: SnapTarget; distance: number } | null {
  let best: SnapTarget | null = null;
  let bestDistance = Infinity;
  for (const t of targets) {
    const d = Math.abs(t.frame - frame);
    if (d > thresholdFrames) continue;
    if (
      d < bestDistance ||
      (d === bestDistance && best && PRIORITY[t.kind] < PRIORITY[best.kind])
    ) {
      best = t;
      bestDistance = d;
    }
  }
  return best ? { target: best, distance: bestDistance } : null;
}
