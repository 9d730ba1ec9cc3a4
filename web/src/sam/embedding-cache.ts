/**
 * Frame embeddings: asked of the server once per (media, frame, encoder model) and kept in
 * IndexedDB, so a frame segmented once segments again offline (ARCHITECTURE §3.7). Concurrent asks
 * for the same frame share one request; the least recently used embeddings are dropped past a cap.
 */
import {
  ApiPath,
  ErrorCode,
  parseSamEmbeddingHeaders,
  SAM_IMAGE_FIELD,
  type SamEmbeddingMeta,
} from "@milimo/shared/api";
import { ApiError } from "../api/api-error";
import type { ApiClient } from "../api/client";
import type { SamCacheDB } from "../db/sam-cache-db";
import { fail, toFailure, type EmbeddingPayload, type Result } from "./decode-protocol";

/** Embeddings kept; at SAM's 1×256×64×64 float32 that is 4 MiB each. Default 48 (~192 MiB). */
export const EMBEDDING_CACHE_ENTRIES = 48;
/** Uploading a frame and encoding it may take a while on a CPU server; in ms. */
export const EMBED_TIMEOUT_MS = 60_000;

export interface FrameEmbedding extends EmbeddingPayload {
  /** The cache key, also the worker's embedding key. */
  key: string;
  modelId: string;
  /** True when it came from IndexedDB rather than the server. */
  fromCache: boolean;
}

/** The cache key of one frame's embedding by one encoder model. */
export function toEmbeddingKey({
  modelId,
  mediaId,
  frame,
}: {
  modelId: string;
  mediaId: string;
  frame: number;
}): string {
  return `${modelId}|${mediaId}|${frame}`;
}

export interface EmbeddingCache {
  /**
   * The frame's embedding: from IndexedDB when cached (by `modelId`, or by any model when it is
   * not known), else encoded by the server from `readImage()` and cached.
   */
  getOrFetch(request: {
    mediaId: string;
    frame: number;
    modelId?: string | undefined;
    readImage: () => Promise<Blob>;
  }): Promise<Result<FrameEmbedding>>;
  /** A cached embedding only; never asks the server. */
  peek(request: {
    mediaId: string;
    frame: number;
    modelId?: string | undefined;
  }): Promise<FrameEmbedding | undefined>;
}

/** Creates the cache over `db`; `now` is epoch ms (injected for tests). */
export function makeEmbeddingCache({
  db,
  api,
  now = Date.now,
  maxEntries = EMBEDDING_CACHE_ENTRIES,
}: {
  db: SamCacheDB;
  api: Pick<ApiClient, "fetchRaw">;
  now?: () => number;
  maxEntries?: number;
}): EmbeddingCache {
  const inFlight = new Map<string, Promise<Result<FrameEmbedding>>>();

  async function peek({
    mediaId,
    frame,
    modelId,
  }: {
    mediaId: string;
    frame: number;
    modelId?: string | undefined;
  }): Promise<FrameEmbedding | undefined> {
    const keys =
      modelId === undefined
        ? await db.listFrameKeys(mediaId, frame)
        : [toEmbeddingKey({ modelId, mediaId, frame })];
    for (const key of keys) {
      const record = await db.touchEmbedding(key, now());
      if (!record) continue;
      return {
        key: record.key,
        modelId: record.modelId,
        data: new Float32Array(record.data),
        shape: record.shape,
        imageWidth: record.imageWidth,
        imageHeight: record.imageHeight,
        resizeScale: record.resizeScale,
        fromCache: true,
      };
    }
    return undefined;
  }

  async function fetchFromServer(
    mediaId: string,
    frame: number,
    image: Blob,
  ): Promise<FrameEmbedding> {
    const form = new FormData();
    form.append(SAM_IMAGE_FIELD, image);
    const response = await api.fetchRaw(ApiPath.samEmbed, {
      method: "POST",
      body: form,
      timeoutMs: EMBED_TIMEOUT_MS,
    });
    const parsed = parseSamEmbeddingHeaders(name => response.headers.get(name));
    if (!parsed.success) {
      throw new ApiError(ErrorCode.BAD_RESPONSE, "The server's embedding lacks its shape headers.");
    }
    const meta: SamEmbeddingMeta = parsed.data;
    const bytes = await response.arrayBuffer();
    const expected = meta.shape.reduce((a, b) => a * b, 1) * 4;
    if (bytes.byteLength !== expected) {
      throw new ApiError(
        ErrorCode.BAD_RESPONSE,
        `The embedding has ${bytes.byteLength} bytes; shape ${meta.shape.join("×")} needs ${expected}.`,
      );
    }
    const key = toEmbeddingKey({ modelId: meta.modelId, mediaId, frame });
    await db.putEmbedding(
      {
        key,
        mediaId,
        frame,
        modelId: meta.modelId,
        // A copy: the Float32Array handed out below may be transferred to the worker.
        data: bytes.slice(0),
        shape: meta.shape,
        imageWidth: meta.imageWidth,
        imageHeight: meta.imageHeight,
        resizeScale: meta.resizeScale,
        bytes: bytes.byteLength,
        usedAt: now(),
      },
      maxEntries,
    );
    return {
      key,
      modelId: meta.modelId,
      data: new Float32Array(bytes),
      shape: meta.shape,
      imageWidth: meta.imageWidth,
      imageHeight: meta.imageHeight,
      resizeScale: meta.resizeScale,
      fromCache: false,
    };
  }

  async function load(request: {
    mediaId: string;
    frame: number;
    modelId?: string | undefined;
    readImage: () => Promise<Blob>;
  }): Promise<Result<FrameEmbedding>> {
    try {
      const cached = await peek(request);
      if (cached) return { ok: true, ...cached };
    } catch {
      // An unreadable cache only costs a request to the server.
    }
    try {
      const image = await request.readImage();
      return { ok: true, ...(await fetchFromServer(request.mediaId, request.frame, image)) };
    } catch (error) {
      if (error instanceof ApiError) {
        const offline = error.code === ErrorCode.SERVER_UNREACHABLE;
        return fail(
          error.code,
          offline
            ? "This frame was never prepared for segmentation and the server cannot be reached. Reconnect, or pick a frame you have segmented before."
            : error.message,
        );
      }
      return toFailure(error, ErrorCode.INTERNAL);
    }
  }

  return {
    peek,
    getOrFetch(request) {
      const flightKey = `${request.modelId ?? "*"}|${request.mediaId}|${request.frame}`;
      const running = inFlight.get(flightKey);
      if (running) return running;
      const started = load(request).finally(() => inFlight.delete(flightKey));
      inFlight.set(flightKey, started);
      return started;
    },
  };
}
