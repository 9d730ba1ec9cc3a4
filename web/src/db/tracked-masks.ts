/**
 * Tracked-mask rows: a track job's per-frame masks live in their own table, not in the timeline
 * row, because autosave rewrites the whole timeline on every edit and a clip's masks run to
 * hundreds of kilobytes. The clip keeps only a reference per object (`TimelineItem.trackedObjects`).
 * Rows are never rewritten in place by an edit: a re-propagation writes a new row, so undo can point
 * the object back at the old one.
 */
import { toStorageError } from "./db-errors";
import type { ProjectDocument, TrackedMasksRecord } from "./records";
import type { StudioDB } from "./studio-db";

/** Stores (or replaces) one set of tracked masks. */
export async function writeTrackedMasks(db: StudioDB, record: TrackedMasksRecord): Promise<void> {
  try {
    await db.trackedMasks.put(record);
  } catch (error) {
    throw toStorageError(error);
  }
}

/** One set of tracked masks by id, or null when it is missing (e.g. its project was deleted). */
export async function readTrackedMasks(
  db: StudioDB,
  id: string,
): Promise<TrackedMasksRecord | null> {
  try {
    return (await db.trackedMasks.get(id)) ?? null;
  } catch (error) {
    throw toStorageError(error);
  }
}

/** The tracked-mask ids a document's clips point at (every object's), each once, in clip order. */
export function referencedTrackedMaskIds(document: ProjectDocument): string[] {
  const ids = document.timeline.items.flatMap(item =>
    (item.trackedObjects ?? []).map(object => object.id),
  );
  return [...new Set(ids)];
}

/**
 * A stored clip from before tracked objects (one `trackedMasks` reference) in today's shape: that
 * reference becomes "Object 1" in the first colour, with no keyframes (the seed frame was not
 * recorded then). Clips without one only lose the empty field. Used by the Dexie upgrade and when
 * opening an older project file; returns a new object, the input is untouched.
 */
export function upgradeLegacyTrackedMasks(item: Record<string, unknown>): Record<string, unknown> {
  if (!("trackedMasks" in item)) return item;
  const { trackedMasks: ref, ...rest } = item;
  if (!ref || typeof ref !== "object") return rest;
  const objects: unknown[] = Array.isArray(rest.trackedObjects) ? rest.trackedObjects : [];
  return {
    ...rest,
    trackedObjects: [...objects, { ...ref, name: "Object 1", color: 0, keyframes: [] }],
  };
}

/**
 * The tracked-mask rows a document's clips point at. Read by id, not by project: a copy made before
 * duplicate copied these rows still points at its original's. Missing rows are left out.
 */
export async function readReferencedTrackedMasks(
  db: StudioDB,
  document: ProjectDocument,
): Promise<TrackedMasksRecord[]> {
  try {
    const rows = await db.trackedMasks.bulkGet(referencedTrackedMaskIds(document));
    return rows.filter(row => row !== undefined);
  } catch (error) {
    throw toStorageError(error);
  }
}

/** Whether any of these tracked-mask ids is already stored here. */
export async function hasAnyTrackedMasks(db: StudioDB, ids: readonly string[]): Promise<boolean> {
  try {
    return (await db.trackedMasks.bulkGet([...ids])).some(row => row !== undefined);
  } catch (error) {
    throw toStorageError(error);
  }
}
