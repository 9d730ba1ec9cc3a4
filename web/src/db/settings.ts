/** Studio-wide preferences in the settings table (not part of any project). */
import { toStorageError } from "./db-errors";
import type { StudioDB } from "./studio-db";

/** Reads a setting, or `fallback` when it is absent. */
export async function readSetting<T>(db: StudioDB, key: string, fallback: T): Promise<T> {
  try {
    const row = await db.settings.get(key);
    return row === undefined ? fallback : (row.value as T);
  } catch (error) {
    throw toStorageError(error);
  }
}

/** Writes a setting. */
export async function writeSetting(db: StudioDB, key: string, value: unknown): Promise<void> {
  try {
    await db.settings.put({ key, value });
  } catch (error) {
    throw toStorageError(error);
  }
}
