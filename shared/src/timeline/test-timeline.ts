/** Small builders the timeline tests share; not part of the public API (not re-exported). */
import {
  makeTimeline,
  makeTimelineItem,
  type Timeline,
  type TimelineItem,
  type TrackId,
} from "../schema/timeline";

/** A clip `id` on `track` with `sourceFrames` frames and optional overrides. */
export function clip(
  id: string,
  sourceFrames: number,
  overrides: Partial<TimelineItem> & { track?: TrackId } = {},
): TimelineItem {
  return makeTimelineItem({ id, sourceFrames, ...overrides });
}

/** A timeline whose V1 holds untrimmed clips "a", "b", "c"… with these lengths, plus `extra` items. */
export function v1Timeline(lengths: readonly number[], extra: TimelineItem[] = []): Timeline {
  const items = lengths.map((n, k) => clip(String.fromCharCode(97 + k), n));
  return makeTimeline({ items: [...items, ...extra] });
}

/** Copy of `timeline` with `track` locked. */
export function lockTrack(timeline: Timeline, track: TrackId): Timeline {
  return {
    ...timeline,
    tracks: timeline.tracks.map(t => (t.id === track ? { ...t, locked: true } : t)),
  };
}

/** V1 ids in play order. */
export function v1Ids(timeline: Timeline): string[] {
  return timeline.items.filter(i => i.track === "V1").map(i => i.id);
}
