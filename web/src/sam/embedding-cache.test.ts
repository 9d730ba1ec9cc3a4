import { afterEach, describe, expect, it, vi } from "vitest";
import { ErrorCode, formatSamEmbeddingHeaders } from "@milimo/shared/api";
import { ApiError } from "../api/api-error";
import { SamCacheDB } from "../db/sam-cache-db";
import { makeEmbeddingCache, toEmbeddingKey } from "./embedding-cache";

const SHAPE = [1, 4, 2, 2];
const VALUES = SHAPE.reduce((a, b) => a * b, 1);

function makeEmbeddingResponse(fill: number, modelId = "sam-enc") {
  const data = new Float32Array(VALUES).fill(fill);
  return new Response(data.buffer, {
    headers: formatSamEmbeddingHeaders({
      shape: SHAPE,
      modelId,
      resizeScale: 0.5,
      imageWidth: 64,
      imageHeight: 48,
    }),
  });
}

const dbs: SamCacheDB[] = [];
function makeDb() {
  const db = new SamCacheDB(`sam-cache-test-${Math.random().toString(36).slice(2)}`);
  dbs.push(db);
  return db;
}
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

// happy-dom's FormData accepts only its own Blob class.
const readImage = () => Promise.resolve(new Blob([new Uint8Array(4)], { type: "image/png" }));

describe("makeEmbeddingCache", () => {
  it("asks the server once per frame, then answers from IndexedDB", async () => {
    const fetchRaw = vi.fn(() => Promise.resolve(makeEmbeddingResponse(1.5)));
    const cache = makeEmbeddingCache({ db: makeDb(), api: { fetchRaw } });
    const first = await cache.getOrFetch({ mediaId: "m1", frame: 3, readImage });
    expect(first).toMatchObject({ ok: true, fromCache: false, modelId: "sam-enc" });
    const second = await cache.getOrFetch({
      mediaId: "m1",
      frame: 3,
      modelId: "sam-enc",
      readImage,
    });
    expect(second).toMatchObject({
      ok: true,
      fromCache: true,
      key: toEmbeddingKey({ modelId: "sam-enc", mediaId: "m1", frame: 3 }),
      imageWidth: 64,
      imageHeight: 48,
      resizeScale: 0.5,
    });
    expect(second.ok && Array.from(second.data)).toEqual(new Array(VALUES).fill(1.5));
    expect(fetchRaw).toHaveBeenCalledTimes(1);
  });

  it("shares one request between concurrent asks for the same frame", async () => {
    const fetchRaw = vi.fn(() => Promise.resolve(makeEmbeddingResponse(2)));
    const cache = makeEmbeddingCache({ db: makeDb(), api: { fetchRaw } });
    const answers = await Promise.all(
      [1, 2, 3].map(() => cache.getOrFetch({ mediaId: "m", frame: 0, readImage })),
    );
    expect(answers.every(a => a.ok)).toBe(true);
    expect(fetchRaw).toHaveBeenCalledTimes(1);
  });

  it("segments a cached frame offline, and says what to do for an uncached one", async () => {
    let online = true;
    const fetchRaw = vi.fn(() =>
      online
        ? Promise.resolve(makeEmbeddingResponse(3))
        : Promise.reject(new ApiError(ErrorCode.SERVER_UNREACHABLE, "Could not reach the server.")),
    );
    const cache = makeEmbeddingCache({ db: makeDb(), api: { fetchRaw } });
    await cache.getOrFetch({ mediaId: "m", frame: 5, readImage });
    online = false;
    // The encoder model is not known offline: any model's embedding of the frame will do.
    const cached = await cache.getOrFetch({ mediaId: "m", frame: 5, readImage });
    expect(cached).toMatchObject({ ok: true, fromCache: true });
    const missing = await cache.getOrFetch({ mediaId: "m", frame: 6, readImage });
    expect(missing).toMatchObject({ ok: false, code: "SERVER_UNREACHABLE" });
    expect(!missing.ok && missing.message).toMatch(/Reconnect/);
  });

  it("refuses an embedding whose bytes do not match its shape", async () => {
    const fetchRaw = vi.fn(() =>
      Promise.resolve(
        new Response(new Float32Array(3).buffer, {
          headers: formatSamEmbeddingHeaders({
            shape: SHAPE,
            modelId: "x",
            resizeScale: 1,
            imageWidth: 2,
            imageHeight: 2,
          }),
        }),
      ),
    );
    const cache = makeEmbeddingCache({ db: makeDb(), api: { fetchRaw } });
    const answer = await cache.getOrFetch({ mediaId: "m", frame: 0, readImage });
    expect(answer).toMatchObject({ ok: false, code: "BAD_RESPONSE" });
  });

  it("drops the least recently used frames beyond the cap", async () => {
    let clock = 1000;
    const fetchRaw = vi.fn(() => Promise.resolve(makeEmbeddingResponse(1)));
    const db = makeDb();
    const cache = makeEmbeddingCache({ db, api: { fetchRaw }, now: () => clock++, maxEntries: 2 });
    await cache.getOrFetch({ mediaId: "m", frame: 0, readImage });
    await cache.getOrFetch({ mediaId: "m", frame: 1, readImage });
    // Reading frame 0 makes frame 1 the least recently used.
    await cache.getOrFetch({ mediaId: "m", frame: 0, modelId: "sam-enc", readImage });
    await cache.getOrFetch({ mediaId: "m", frame: 2, readImage });
    expect(await cache.peek({ mediaId: "m", frame: 1 })).toBeUndefined();
    expect(await cache.peek({ mediaId: "m", frame: 0 })).toBeDefined();
    expect(await cache.peek({ mediaId: "m", frame: 2 })).toBeDefined();
  });
});
