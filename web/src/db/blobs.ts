/**
 * Media rows and their Blob values. A media row and its blobs are written and deleted in one
 * transaction, so the library never lists a file whose bytes are missing.
 */
import { toStorageError } from "./db-errors";
import { BlobRole, mediaBlobKey, thumbnailBlobKey, type MediaRecord } from "./records";
import type { StudioDB } from "./studio-db";

/** Stores a media row with its file and optional thumbnail. */
export async function addMediaRecord(
  db: StudioDB,
  { media, blob, thumbnail }: { media: MediaRecord; blob: Blob; thumbnail?: Blob | null },
): Promise<void> {
  const base = { projectId: media.projectId, mediaId: media.id };
  try {
    await db.transaction("rw", [db.media, db.blobs], async () => {
      await db.media.add({ ...media, hasThumbnail: thumbnail ? true : undefined });
      await db.blobs.put({ ...base, key: mediaBlobKey(media.id), role: BlobRole.media, blob });
      if (thumbnail) {
        await db.blobs.put({
          ...base,
          key: thumbnailBlobKey(media.id),
          role: BlobRole.thumbnail,
          blob: thumbnail,
        });
      }
    });
  } catch (error) {
    throw toStorageError(error);
  }
}

/** Deletes a media row and its blobs. */
export async function deleteMediaRecord(db: StudioDB, mediaId: string): Promise<void> {
  try {
    await db.transaction("rw", [db.media, db.blobs], async () => {
      await db.media.delete(mediaId);
      await db.blobs.where("mediaId").equals(mediaId).delete();
    });
  } catch (error) {
    throw toStorageError(error);
  }
}

/** The file and thumbnail of every media id given (missing ones are absent from the map). */
export async function readMediaBlobs(
  db: StudioDB,
  mediaIds: readonly string[],
): Promise<Map<string, { media?: Blob; thumbnail?: Blob }>> {
  const rows = await db.blobs
    .where("mediaId")
    .anyOf([...mediaIds])
    .toArray()
    .catch((error: unknown) => {
      throw toStorageError(error);
    });
  const out = new Map<string, { media?: Blob; thumbnail?: Blob }>();
  for (const row of rows) {
    const entry = out.get(row.mediaId) ?? {};
    entry[row.role] = row.blob;
    out.set(row.mediaId, entry);
  }
  return out;
}
