/**
 * Track slice (document scope: saved by autosave, undoable). It holds the timeline document and
 * nothing derived; V1 starts and the duration come from selectors.ts. Every computation is a call
 * into @milimo/shared/timeline, whose edits return the input timeline itself when refused (locked
 * track, unknown id), so an unchanged reference means "record nothing".
 *
 * Gestures: a drag or trim handle sends its TOTAL offset since pointerdown with a `gestureKey`.
 * The slice recomputes from the timeline as it was when the gesture began, so clamping never
 * accumulates error, and history coalesces every update of the key into one undo entry until
 * `endGesture()` (pointerup). `state.playback.gesture` says a gesture is open, so autosave can
 * hold its writes until the release.
 */
import { produce, unwrap } from "solid-js/store";
import type { SliceContext } from "../slice-context";
import {
  TimelineItemSchema,
  makeTimeline,
  makeTimelineItem,
  type MediaAsset,
  type Timeline,
  type TimelineItem,
  type TrackId,
} from "@milimo/shared/schema";
import {
  computeV1DropIndex,
  computeV1Layout,
  deleteItems,
  freeItemRange,
  insertItem,
  moveItem,
  reorderV1Item,
  splitItemAt,
  trackKindOf,
  trimTimelineItem,
  trimTimelineItemToFrame,
  updateItemInTimeline,
  canEditItem,
  type TrimEdge,
} from "@milimo/shared/timeline";

export interface TrackSlice {
  timeline: Timeline;
}

/** Fresh track state: the three default tracks, no items, no markers. */
export function initialTrackState(): TrackSlice {
  return { timeline: makeTimeline() };
}

/** Default clip length for a still image dropped on a track, in frames (FEATURES §6). */
export const IMAGE_CLIP_FRAMES = 49;
/** Default clip length for a video whose length is unknown, in frames (FEATURES §6). */
export const VIDEO_CLIP_FRAMES = 121;

/** Track flags a user can toggle from the track header. */
export type TrackFlag = "hidden" | "muted" | "locked";

/** Editable clip properties (the inspector's fields). */
export type ItemPatch = Partial<
  Pick<
    TimelineItem,
    "trimIn" | "trimOut" | "startFrame" | "opacity" | "x" | "y" | "scale" | "gain" | "label"
  >
>;

/** Result of an inspector edit: ok, or the first problem per field, in the schema's words. */
export type ItemPatchResult =
  { ok: true } | { ok: false; errors: Partial<Record<keyof ItemPatch, string>> };

/** Media facts addMedia needs; a MediaAsset fits. */
export type MediaForClip = Pick<MediaAsset, "id" | "kind" | "durationFrames" | "name">;

/** Source length in frames of a new clip for `media`: video its length (else 121), image 49, audio its length. */
export function clipFramesForMedia(media: Pick<MediaAsset, "kind" | "durationFrames">): number {
  switch (media.kind) {
    case "image":
      return IMAGE_CLIP_FRAMES;
    case "video":
      return media.durationFrames ?? VIDEO_CLIP_FRAMES;
    case "audio":
      return media.durationFrames ?? VIDEO_CLIP_FRAMES;
  }
}

/** Track a media kind may be dropped on: audio only on A1, images and video only on V1/V2. */
export function canPlaceMediaOn(kind: MediaAsset["kind"], track: TrackId): boolean {
  return (kind === "audio") === (trackKindOf(track) === "audio");
}

export type TrackActions = ReturnType<typeof createTrackActions>;

/** Document actions over the timeline; each user action (or gesture) is one undo entry. */
export function createTrackActions(ctx: SliceContext) {
  const { state, setState, history, deps } = ctx;
  let gesture: { key: string; origin: Timeline } | null = null;

  // Raw (unwrapped) document, so shared functions iterate it without proxy traps.
  const current = (): Timeline => unwrap(state.tracks.timeline);

  /**
   * Writes `next` with the fewest store writes: only the array slots and lists that changed.
   * Handing Solid a whole new 1,000-item timeline would make it walk (unwrap) every item on every
   * drag frame. Items are never mutated; the raw arrays are, so gestures keep a copy (baseFor).
   */
  function write(next: Timeline): void {
    const prev = current();
    if (next.items !== prev.items) {
      const before = prev.items;
      if (next.items.length === before.length) {
        const changed = next.items.flatMap((item, k) => (before[k] === item ? [] : [k]));
        if (changed.length > 0) {
          setState(
            "tracks",
            "timeline",
            "items",
            produce(items => {
              for (const k of changed) items[k] = next.items[k] as TimelineItem;
            }),
          );
        }
      } else {
        setState("tracks", "timeline", "items", next.items.slice());
      }
    }
    if (next.tracks !== prev.tracks) setState("tracks", "timeline", "tracks", next.tracks.slice());
    if (next.markers !== prev.markers)
      setState("tracks", "timeline", "markers", next.markers.slice());
  }

  /** Commits `next` as one history entry unless the shared edit refused (same reference). */
  function commit(label: string, next: Timeline, coalesceKey?: string): boolean {
    if (next === current()) return false;
    history.record(label, () => write(next), coalesceKey ? { coalesceKey } : undefined);
    return true;
  }

  /** The timeline a gesture computes from: a copy as it was when `key` began (or now, without a key). */
  function baseFor(key: string | undefined): Timeline {
    if (key === undefined) return current();
    if (gesture?.key !== key) {
      const now = current();
      gesture = { key, origin: { ...now, items: now.items.slice() } };
      setState("playback", "gesture", key);
    }
    return gesture.origin;
  }

  function selection(): string[] {
    return state.playback.selection;
  }

  return {
    /** Replaces the whole timeline (open/restore); not an undoable action. */
    load: (timeline: Timeline): void => {
      gesture = null;
      if (state.playback.gesture !== null) setState("playback", "gesture", null);
      setState("tracks", { timeline });
    },

    /**
     * Adds a clip for `media` on `track`: V1 at position `index`, else where `atFrame` falls
     * between clip centres, else at the end; V2/A1 at `atFrame` (default the playhead). Returns the new item's id, or null when refused (locked
     * track, audio on a video track or the reverse).
     */
    addMedia: ({
      media,
      track,
      atFrame,
      index,
    }: {
      media: MediaForClip;
      track: TrackId;
      atFrame?: number;
      index?: number;
    }): string | null => {
      if (!canPlaceMediaOn(media.kind, track)) return null;
      const item = makeTimelineItem({
        id: deps.newId(),
        track,
        mediaId: media.id,
        sourceFrames: clipFramesForMedia(media),
        startFrame: Math.max(0, Math.round(atFrame ?? state.playback.frame)),
        label: media.name,
      });
      const timeline = current();
      // Dropped on V1 at a frame: it goes between the clips whose centres are either side.
      const v1Index =
        index ??
        (track === "V1" && atFrame !== undefined
          ? computeV1DropIndex({ items: timeline.items, centreFrame: atFrame })
          : undefined);
      const next = insertItem({ timeline, item, index: v1Index });
      return commit("Add clip", next) ? item.id : null;
    },

    /** Adds a prepared item (V1 at `index`, default the end); returns whether it was added. */
    addItem: ({ item, index }: { item: TimelineItem; index?: number }): boolean =>
      commit("Add clip", insertItem({ timeline: current(), item, index })),

    /**
     * Moves an item, optionally to another track of the same kind: V2/A1 to `startFrame`, V1 to
     * position `index` (or by centre at `startFrame`). Pass `gestureKey` while dragging.
     */
    move: ({
      itemId,
      track,
      startFrame,
      index,
      gestureKey,
    }: {
      itemId: string;
      track?: TrackId;
      startFrame?: number;
      index?: number;
      gestureKey?: string;
    }): boolean => {
      const next = moveItem({ timeline: baseFor(gestureKey), itemId, track, startFrame, index });
      return commit("Move clip", next, gestureKey);
    },

    /** Moves a V1 clip to V1 position `toIndex`; the rest ripple. */
    reorder: ({
      itemId,
      toIndex,
      gestureKey,
    }: {
      itemId: string;
      toIndex: number;
      gestureKey?: string;
    }): boolean =>
      commit(
        "Reorder clip",
        reorderV1Item({ timeline: baseFor(gestureKey), itemId, toIndex }),
        gestureKey,
      ),

    /**
     * Trims one edge by `deltaFrames` (timeline frames, positive = right). With `gestureKey` the
     * delta is the total since the gesture began; at least 1 frame always remains.
     */
    trim: ({
      itemId,
      edge,
      deltaFrames,
      gestureKey,
    }: {
      itemId: string;
      edge: TrimEdge;
      deltaFrames: number;
      gestureKey?: string;
    }): boolean =>
      commit(
        "Trim clip",
        trimTimelineItem({ timeline: baseFor(gestureKey), itemId, edge, deltaFrames }),
        gestureKey,
      ),

    /** Sets the in ("I") or out ("O") point of a clip at timeline `frame` (default the playhead). */
    setInOut: ({
      itemId,
      edge,
      frame,
    }: {
      itemId: string;
      edge: TrimEdge;
      frame?: number;
    }): boolean =>
      commit(
        edge === "in" ? "Set in point" : "Set out point",
        trimTimelineItemToFrame({
          timeline: current(),
          itemId,
          edge,
          frame: frame ?? state.playback.frame,
        }),
      ),

    /**
     * Splits at `frame` (default the playhead): the selected clips that cover it, or when none do,
     * every clip under it. One undo entry; returns the ids of the new right-hand clips.
     */
    split: ({ frame }: { frame?: number } = {}): string[] => {
      const at = frame ?? state.playback.frame;
      const timeline = current();
      const covering = itemsCoveringFrame(timeline, at);
      const selected = new Set(selection());
      const chosen = covering.filter(id => selected.has(id));
      let next = timeline;
      const created: string[] = [];
      for (const itemId of chosen.length > 0 ? chosen : covering) {
        const newId = deps.newId();
        const after = splitItemAt({ timeline: next, itemId, frame: at, newId });
        if (after !== next) created.push(newId);
        next = after;
      }
      commit("Split clip", next);
      return created;
    },

    /** Deletes the selected clips (V1 ripples closed); clips on locked tracks stay. */
    deleteSelection: (): boolean => {
      const next = deleteItems({ timeline: current(), itemIds: selection() });
      if (!commit("Delete clips", next)) return false;
      const kept = new Set(next.items.map(i => i.id));
      setState("playback", "selection", ids => ids.filter(id => kept.has(id)));
      return true;
    },

    /** Deletes the given clips (V1 ripples closed). */
    deleteItems: (itemIds: readonly string[]): boolean =>
      commit("Delete clips", deleteItems({ timeline: current(), itemIds })),

    /**
     * Applies inspector edits to one clip after validating them with TimelineItemSchema (and that
     * at least one frame remains); returns the problems per field instead of applying bad values.
     */
    updateItem: ({ itemId, patch }: { itemId: string; patch: ItemPatch }): ItemPatchResult => {
      const item = current().items.find(i => i.id === itemId);
      if (!item) return { ok: false, errors: {} };
      const parsed = TimelineItemSchema.safeParse({ ...item, ...patch });
      const errors: Partial<Record<keyof ItemPatch, string>> = {};
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const key = issue.path[0] as keyof ItemPatch;
          errors[key] ??= issue.message;
        }
        return { ok: false, errors };
      }
      const merged = parsed.data;
      if (merged.trimIn + merged.trimOut >= merged.sourceFrames) {
        const message = `Trims must leave at least 1 of the ${merged.sourceFrames} source frames`;
        errors[patch.trimOut !== undefined && patch.trimIn === undefined ? "trimOut" : "trimIn"] =
          message;
        return { ok: false, errors };
      }
      const timeline = current();
      // A locked track refuses every edit, the inspector's included.
      if (!canEditItem(timeline, itemId)) return { ok: false, errors: {} };
      // An unchanged item keeps the timeline itself, so commit records nothing.
      commit(
        "Edit clip",
        updateItemInTimeline(timeline, itemId, i => (sameItem(i, merged) ? i : merged)),
      );
      return { ok: true };
    },

    /** Sets a track's hidden/muted/locked flag (undoable; allowed on a locked track). */
    setTrackFlag: ({
      track,
      flag,
      value,
    }: {
      track: TrackId;
      flag: TrackFlag;
      value: boolean;
    }): void => {
      const timeline = current();
      const tracks = timeline.tracks.map(t =>
        t.id === track && t[flag] !== value ? { ...t, [flag]: value } : t,
      );
      if (tracks.every((t, k) => t === timeline.tracks[k])) return;
      const labels: Record<TrackFlag, [string, string]> = {
        hidden: ["Hide track", "Show track"],
        muted: ["Mute track", "Unmute track"],
        locked: ["Lock track", "Unlock track"],
      };
      commit(labels[flag][value ? 0 : 1], { ...timeline, tracks });
    },

    /** Adds a marker at `frame` (default the playhead); no-op when one is there already. */
    addMarker: ({ frame }: { frame?: number } = {}): void => {
      const at = Math.max(0, Math.round(frame ?? state.playback.frame));
      const timeline = current();
      if (timeline.markers.includes(at)) return;
      const markers = [...timeline.markers, at].sort((a, b) => a - b);
      commit("Add marker", { ...timeline, markers });
    },

    /** Removes the marker at `frame`. */
    removeMarker: (frame: number): void => {
      const timeline = current();
      if (!timeline.markers.includes(frame)) return;
      commit("Remove marker", { ...timeline, markers: timeline.markers.filter(m => m !== frame) });
    },

    /** Selects clips (session state; not undoable); `additive` toggles `itemId` in the selection. */
    select: ({
      itemIds,
      additive = false,
    }: {
      itemIds: readonly string[];
      additive?: boolean;
    }): void => {
      if (!additive) {
        setState("playback", "selection", [...itemIds]);
        return;
      }
      const next = new Set(selection());
      for (const id of itemIds) {
        if (next.has(id)) next.delete(id);
        else next.add(id);
      }
      setState("playback", "selection", [...next]);
    },

    /** Ends the current drag/trim gesture so the next edit is a new undo entry (call on pointerup). */
    endGesture: (): void => {
      gesture = null;
      if (state.playback.gesture !== null) setState("playback", "gesture", null);
      history.endGesture();
    },
  };
}

/** Ids of every clip whose range covers `frame`, V1 first then V2/A1 in document order. */
function itemsCoveringFrame(timeline: Timeline, frame: number): string[] {
  const ids: string[] = [];
  for (const p of computeV1Layout(timeline.items).placements) {
    if (frame >= p.startFrame && frame < p.endFrame) ids.push(p.item.id);
  }
  for (const item of timeline.items) {
    if (item.track === "V1") continue;
    const r = freeItemRange(item);
    if (frame >= r.startFrame && frame < r.endFrame) ids.push(item.id);
  }
  return ids;
}

function sameItem(a: TimelineItem, b: TimelineItem): boolean {
  const keys = Object.keys(b) as (keyof TimelineItem)[];
  return keys.every(k => a[k] === b[k]) && Object.keys(a).length === keys.length;
}
