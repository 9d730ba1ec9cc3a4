/**
 * Mask actions (document scope: saved and undoable). Masks belong to a timeline clip: a saved
 * mask sits on the clip as run lengths, and a track job's per-frame masks are stored in their own
 * table (db/tracked-masks.ts) with only a reference on the clip, so autosave and undo snapshots of
 * the timeline stay small. A locked track refuses both, like every other clip edit.
 */
import { decodeMaskRle, encodeMaskRle, type Mask, type MaskRle } from "@milimo/shared/sam";
import type { ItemMask, StoredMaskRle, TrackedMasksRef } from "@milimo/shared/schema";
import { readTrackedMasks, writeTrackedMasks } from "../../db/tracked-masks";
import type { SliceContext } from "../slice-context";

export type MaskActions = ReturnType<typeof createMaskActions>;

/** Run lengths as the document stores them (plain numbers, JSON-safe). */
export function toStoredRle(rle: MaskRle): StoredMaskRle {
  return { width: rle.width, height: rle.height, counts: Array.from(rle.counts) };
}

/** A stored mask back as pixels (0/255); throws RangeError when its runs are corrupt. */
export function decodeStoredRle(rle: StoredMaskRle): Mask {
  return decodeMaskRle({ ...rle, counts: Uint32Array.from(rle.counts) });
}

/** Mask actions over timeline clips. */
export function createMaskActions(ctx: SliceContext) {
  const { state, setState, deps, history } = ctx;

  /** The clip's index, or -1 when it is gone or its track is locked. */
  const editableIndex = (itemId: string) => {
    const items = state.tracks.timeline.items;
    const index = items.findIndex(item => item.id === itemId);
    const item = items[index];
    if (!item) return -1;
    const track = state.tracks.timeline.tracks.find(t => t.id === item.track);
    return track?.locked ? -1 : index;
  };

  const isoNow = () => new Date(deps.now()).toISOString();

  return {
    /**
     * Saves a mask (`rle`, drawn on source `frame` of `mediaId`) on a clip as one undo entry; `maskMediaId`
     * names its PNG in the library, if one was made. Returns the mask id, or null when the clip is
     * gone or its track is locked.
     */
    save({
      itemId,
      mediaId,
      frame,
      rle,
      maskMediaId = null,
    }: {
      itemId: string;
      mediaId: string;
      frame: number;
      rle: MaskRle;
      maskMediaId?: string | null;
    }): string | null {
      const index = editableIndex(itemId);
      if (index < 0) return null;
      const saved: ItemMask = {
        id: deps.newId(),
        mediaId,
        frame,
        rle: toStoredRle(rle),
        maskMediaId,
        createdAt: isoNow(),
      };
      history.record("Save mask", () => {
        setState("tracks", "timeline", "items", index, "masks", masks => [...(masks ?? []), saved]);
      });
      return saved.id;
    },

    /**
     * Stores a track job's masks (by source frame of `mediaId`) and points the clip at them, as one
     * undo entry (undo points the clip back; the stored row stays for redo). Returns the reference,
     * or null when the clip is gone or locked. Rejects with a storage error when the write fails.
     */
    async attachTracked({
      itemId,
      mediaId,
      masks,
    }: {
      itemId: string;
      mediaId: string;
      masks: ReadonlyMap<number, Mask>;
    }): Promise<TrackedMasksRef | null> {
      const projectId = state.project.current?.id;
      if (!projectId || editableIndex(itemId) < 0) return null;
      const ref: TrackedMasksRef = {
        id: deps.newId(),
        mediaId,
        frameCount: masks.size,
        createdAt: isoNow(),
      };
      const frames = [...masks]
        .sort(([a], [b]) => a - b)
        .map(([frame, mask]) => ({ frame, rle: toStoredRle(encodeMaskRle(mask)) }));
      await writeTrackedMasks(deps.db, { id: ref.id, projectId, mediaId, frames });
      // The clip may have been deleted, moved or locked while the row was written.
      const index = editableIndex(itemId);
      if (index < 0 || state.project.current?.id !== projectId) return null;
      history.record("Track mask", () => {
        setState("tracks", "timeline", "items", index, "trackedMasks", ref);
      });
      return ref;
    },

    /** The tracked masks a clip points at, by source frame; null when the stored row is missing. */
    async readTracked(ref: TrackedMasksRef): Promise<Map<number, Mask> | null> {
      const row = await readTrackedMasks(deps.db, ref.id);
      if (!row) return null;
      return new Map(row.frames.map(({ frame, rle }) => [frame, decodeStoredRle(rle)]));
    },
  };
}
