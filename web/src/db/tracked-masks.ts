/**
 * Tracked-mask rows: a track job's per-frame masks live in their own table, not in the timeline
 * row, because autosave rewrites the whole timeline on every edit and a clip's masks run to
 * hundreds of kilobytes. The clip keeps only a reference (`TimelineItem.trackedMasks`).
 */
import { toStorageError } from "./db-errors";
import type { TrackedMasksRecord } from "./records";
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
