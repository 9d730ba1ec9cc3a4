/**
 * A separate IndexedDB for SAM image embeddings ("milimo-sam-cache"). It is a cache, not the
 * user's document: it is never exported with a project, and clearing it only costs a re-encode on
 * the server. Keeping it apart from StudioDB means no migration of the studio's schema for it.
 */
import { Dexie, type EntityTable } from "dexie";

/** Name of the production cache database. */
export const SAM_CACHE_DB_NAME = "milimo-sam-cache";

/** One frame's embedding as the server answered it. */
export interface EmbeddingRecord {
  /** `${modelId}|${mediaId}|${frame}`. */
  key: string;
  mediaId: string;
  frame: number;
  modelId: string;
  /** Little-endian float32 bytes. */
  data: ArrayBuffer;
  shape: number[];
  imageWidth: number;
  imageHeight: number;
  resizeScale: number;
  bytes: number;
  /** Epoch ms of the last read or write; the least recently used go first when pruning. */
  usedAt: number;
}

export class SamCacheDB extends Dexie {
  embeddings!: EntityTable<EmbeddingRecord, "key">;

  /** `name` defaults to the production database; tests pass a unique one. */
  constructor(name: string = SAM_CACHE_DB_NAME) {
    super(name);
    this.version(1).stores({ embeddings: "key, usedAt, [mediaId+frame]" });
  }

  /** Reads a record and marks it used, in one transaction. */
  async touchEmbedding(key: string, now: number): Promise<EmbeddingRecord | undefined> {
    return this.transaction("rw", this.embeddings, async () => {
      const record = await this.embeddings.get(key);
      if (record) await this.embeddings.update(key, { usedAt: now });
      return record;
    });
  }

  /**
   * Stores a record, then drops the least recently used beyond `maxEntries` (counting keys only:
   * reading each row would load megabytes of embedding data).
   */
  async putEmbedding(record: EmbeddingRecord, maxEntries: number): Promise<void> {
    await this.transaction("rw", this.embeddings, async () => {
      await this.embeddings.put(record);
      const newestFirst = await this.embeddings.orderBy("usedAt").reverse().primaryKeys();
      const stale = newestFirst.slice(maxEntries).filter(key => key !== record.key);
      if (stale.length > 0) await this.embeddings.bulkDelete(stale);
    });
  }

  /** Keys cached for one frame of one media, whatever the model. */
  async listFrameKeys(mediaId: string, frame: number): Promise<string[]> {
    return (
      await this.embeddings.where("[mediaId+frame]").equals([mediaId, frame]).primaryKeys()
    ).map(String);
  }
}
