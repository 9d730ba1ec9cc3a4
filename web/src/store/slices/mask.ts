/**
 * Mask actions. Document scope (saved, undoable): masks belong to a timeline clip; a saved mask sits
 * on the clip as run lengths, and each tracked object's per-frame masks are stored in their own
 * table (db/tracked-masks.ts) with only a reference on the clip, so autosave and undo snapshots of
 * the timeline stay small. A re-propagation writes a NEW row and moves the object's reference, so
 * undo points back at the old row. A locked track refuses every one of them, like every other clip
 * edit. Session scope (never saved or undone): which tracked object is selected, in the ui slice.
 */
import {
  addKeyframe,
  decodeMaskRle,
  encodeMaskRle,
  firstFreeColor,
  mergeTrackedFrames,
  nextObjectName,
  type FrameRange,
  type Mask,
  type MaskRle,
} from "@milimo/shared/sam";
import {
  TRACK_COLOR_COUNT,
  type ItemMask,
  type StoredMaskRle,
  type TrackedObject,
} from "@milimo/shared/schema";
import { readTrackedMasks, writeTrackedMasks } from "../../db/tracked-masks";
import type { StudioState } from "../create-studio-store";
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

/** The selected tracked object (session state): a clip's object by its current row id. */
export interface MaskSelection {
  itemId: string;
  objectId: string;
}

/** Fields the ui slice gains for masks (session scope). */
export interface MaskUiFields {
  maskSelection: MaskSelection | null;
}

/** The selected tracked object, or null. */
export function selectMaskSelection(state: StudioState): MaskSelection | null {
  return state.ui.maskSelection;
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

  /** The clip's index and the object's index in it, or null when either is gone or locked. */
  const editableObject = (itemId: string, objectId: string) => {
    const index = editableIndex(itemId);
    const objects = state.tracks.timeline.items[index]?.trackedObjects ?? [];
    const object = objects.find(candidate => candidate.id === objectId);
    return object ? { index, object } : null;
  };

  const isoNow = () => new Date(deps.now()).toISOString();

  /**
   * Replaces one object with `next(object)` through a new array on the clip, so the write lands on
   * the clip itself (the timeline selectors track clips, not what nests in them).
   */
  const replaceObject = (
    index: number,
    objectId: string,
    next: (object: TrackedObject) => TrackedObject,
  ) => {
    setState("tracks", "timeline", "items", index, "trackedObjects", list =>
      (list ?? []).map(object => (object.id === objectId ? next(object) : object)),
    );
  };

  const toStoredFrames = (masks: ReadonlyMap<number, Mask>) =>
    [...masks]
      .sort(([a], [b]) => a - b)
      .map(([frame, mask]) => ({ frame, rle: toStoredRle(encodeMaskRle(mask)) }));

  const readTracked = async ({ id }: { id: string }): Promise<Map<number, Mask> | null> => {
    const row = await readTrackedMasks(deps.db, id);
    if (!row) return null;
    return new Map(row.frames.map(({ frame, rle }) => [frame, decodeStoredRle(rle)]));
  };

  const setSelection = (selection: MaskSelection | null) =>
    setState("ui", "maskSelection", selection);

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
     * Deletes a saved mask from a clip as one undo entry (its PNG stays in the library). Returns
     * false when the clip or mask is gone or the track is locked.
     */
    deleteMask({ itemId, maskId }: { itemId: string; maskId: string }): boolean {
      const index = editableIndex(itemId);
      const masks = state.tracks.timeline.items[index]?.masks ?? [];
      if (!masks.some(mask => mask.id === maskId)) return false;
      history.record("Delete mask", () => {
        setState("tracks", "timeline", "items", index, "masks", list =>
          (list ?? []).filter(mask => mask.id !== maskId),
        );
      });
      return true;
    },

    /**
     * Stores a track job's masks (by source frame of `mediaId`, seeded at source frame `keyframe`) as
     * a new tracked object on the clip — "Object N" in the first colour no object of the clip uses —
     * as one undo entry (undo removes it; the stored row stays for redo), and selects it. Returns the
     * object, or null when the clip is gone or locked. Rejects with a storage error when the write fails.
     */
    async addTracked({
      itemId,
      mediaId,
      masks,
      keyframe,
    }: {
      itemId: string;
      mediaId: string;
      masks: ReadonlyMap<number, Mask>;
      keyframe: number;
    }): Promise<TrackedObject | null> {
      const projectId = state.project.current?.id;
      if (!projectId || editableIndex(itemId) < 0) return null;
      const id = deps.newId();
      await writeTrackedMasks(deps.db, { id, projectId, mediaId, frames: toStoredFrames(masks) });
      // The clip may have been deleted, moved or locked while the row was written.
      const index = editableIndex(itemId);
      if (index < 0 || state.project.current?.id !== projectId) return null;
      const existing = state.tracks.timeline.items[index]?.trackedObjects ?? [];
      const object: TrackedObject = {
        id,
        mediaId,
        frameCount: masks.size,
        createdAt: isoNow(),
        name: nextObjectName(existing.map(o => o.name)),
        color: firstFreeColor(existing.map(o => o.color)),
        keyframes: [keyframe],
      };
      history.record(`Track ${object.name}`, () => {
        setState("tracks", "timeline", "items", index, "trackedObjects", list => [
          ...(list ?? []),
          object,
        ]);
      });
      setSelection({ itemId, objectId: id });
      // A copy: the store took `object` itself and later edits merge into it.
      return { ...object, keyframes: [...object.keyframes] };
    },

    /**
     * Applies a re-propagation from a correction at source frame `keyframe`: `masks` replace the
     * object's masks inside `range` (frames outside it are kept), stored as a new row the object then
     * points at, and `keyframe` joins its keyframes — one undo entry (undo points back at the old
     * row). The selection follows the object. Returns the updated object, or null when the clip or
     * object is gone or locked.
     */
    async applyRetrack({
      itemId,
      objectId,
      masks,
      range,
      keyframe,
    }: {
      itemId: string;
      objectId: string;
      masks: ReadonlyMap<number, Mask>;
      range: FrameRange;
      keyframe: number;
    }): Promise<TrackedObject | null> {
      const projectId = state.project.current?.id;
      const found = editableObject(itemId, objectId);
      if (!projectId || !found) return null;
      const existing = (await readTracked(found.object)) ?? new Map<number, Mask>();
      const merged = mergeTrackedFrames(existing, masks, range);
      const id = deps.newId();
      await writeTrackedMasks(deps.db, {
        id,
        projectId,
        mediaId: found.object.mediaId,
        frames: toStoredFrames(merged),
      });
      const again = editableObject(itemId, objectId);
      if (!again || state.project.current?.id !== projectId) return null;
      const updated: TrackedObject = {
        ...again.object,
        keyframes: addKeyframe(again.object.keyframes, keyframe),
        id,
        frameCount: merged.size,
      };
      history.record(`Re-track ${updated.name}`, () => {
        replaceObject(again.index, objectId, () => updated);
      });
      const selection = selectMaskSelection(state);
      if (selection?.itemId === itemId && selection.objectId === objectId) {
        setSelection({ itemId, objectId: id });
      }
      return { ...updated, keyframes: [...updated.keyframes] };
    },

    /** Renames a tracked object (trimmed, 1–80 characters) as one undo entry; false when refused. */
    renameObject({
      itemId,
      objectId,
      name,
    }: {
      itemId: string;
      objectId: string;
      name: string;
    }): boolean {
      const found = editableObject(itemId, objectId);
      const trimmed = name.trim().slice(0, 80);
      if (!found || !trimmed || trimmed === found.object.name) return false;
      history.record("Rename object", () => {
        replaceObject(found.index, objectId, object => ({ ...object, name: trimmed }));
      });
      return true;
    },

    /** Gives a tracked object colour `color` (0–7) as one undo entry; false when refused. */
    recolorObject({
      itemId,
      objectId,
      color,
    }: {
      itemId: string;
      objectId: string;
      color: number;
    }): boolean {
      const found = editableObject(itemId, objectId);
      const valid = Number.isInteger(color) && color >= 0 && color < TRACK_COLOR_COUNT;
      if (!found || !valid || color === found.object.color) return false;
      history.record("Recolour object", () => {
        replaceObject(found.index, objectId, object => ({ ...object, color }));
      });
      return true;
    },

    /**
     * Removes a tracked object from its clip as one undo entry (its stored row stays, so undo brings
     * it back whole); clears the selection when it was selected. False when refused.
     */
    deleteObject({ itemId, objectId }: { itemId: string; objectId: string }): boolean {
      const found = editableObject(itemId, objectId);
      if (!found) return false;
      history.record(`Delete ${found.object.name}`, () => {
        setState("tracks", "timeline", "items", found.index, "trackedObjects", list =>
          (list ?? []).filter(object => object.id !== objectId),
        );
      });
      if (selectMaskSelection(state)?.objectId === objectId) setSelection(null);
      return true;
    },

    /**
     * Selects a clip's tracked object (session state: not saved, not undoable), or clears the
     * selection with null. False (and nothing changes) when the object is gone or its track locked.
     */
    selectObject(selection: MaskSelection | null): boolean {
      if (selection === null) {
        setSelection(null);
        return true;
      }
      if (!editableObject(selection.itemId, selection.objectId)) return false;
      setSelection({ ...selection });
      return true;
    },

    /** A tracked object's masks by source frame; null when the stored row is missing. */
    readTracked,
  };
}
