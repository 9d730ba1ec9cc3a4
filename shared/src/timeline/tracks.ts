import type { Timeline, TrackId, TrackKind } from "../schema/timeline";

/** Kind of a track id; V1 and V2 are video, A1 audio (fixed by the track model, not the document). */
export function trackKindOf(track: TrackId): TrackKind {
  return track === "A1" ? "audio" : "video";
}

/** Whether the timeline's track is locked; a track missing from `tracks` counts as unlocked. */
export function isTrackLocked(timeline: Timeline, track: TrackId): boolean {
  return timeline.tracks.some(t => t.id === track && t.locked);
}

/** Whether the item exists and sits on an unlocked track, i.e. an edit to it would be accepted. */
export function canEditItem(timeline: Timeline, itemId: string): boolean {
  const item = timeline.items.find(i => i.id === itemId);
  return item !== undefined && !isTrackLocked(timeline, item.track);
}
