/**
 * Builds a real studio store for tests: a fresh fake-indexeddb database per call, a fake API that
 * answers nothing, a deterministic clock and ids, and a probe that reads nothing from the DOM.
 */
import { createRoot } from "solid-js";
import { makeApiClient } from "../api/client";
import { StudioDB } from "../db/studio-db";
import type { MediaProbe } from "../ui/library/probe-media";
import { createStudioStore, type StudioDeps } from "./create-studio-store";

let dbCounter = 0;

/** A unique database name, so tests never share IndexedDB state. */
export function uniqueDbName(prefix = "test"): string {
  dbCounter += 1;
  return `${prefix}-${dbCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Probe answer for a file of `kind` in tests (2 s for video/audio, 64×48, no thumbnail). */
export function fakeProbe(kind: string): MediaProbe {
  return {
    durationSeconds: kind === "image" ? null : 2,
    width: kind === "audio" ? null : 64,
    height: kind === "audio" ? null : 48,
    thumbnail: kind === "audio" ? null : new Blob([`thumb-${kind}`], { type: "image/jpeg" }),
    peaks: kind === "image" ? null : [0, 0.5, 1, 0.5],
  };
}

export type TestStudio = ReturnType<typeof createStudioStore> & {
  db: StudioDB;
  dispose: () => void;
  clock: { now: number };
};

/** A store on a fresh (or the given) database, inside its own reactive root. */
export function makeTestStudio(
  options: { db?: StudioDB; throttleMs?: number; deps?: Partial<StudioDeps> } = {},
): TestStudio {
  const db = options.db ?? new StudioDB(uniqueDbName());
  const clock = { now: Date.parse("2025-03-01T10:00:00.000Z") };
  let id = 0;
  const prefix = Math.random().toString(36).slice(2, 6);
  return createRoot(dispose => {
    const store = createStudioStore({
      db,
      api: makeApiClient({
        fetchFn: () => Promise.reject(new TypeError("no network in unit tests")),
      }),
      now: () => (clock.now += 1),
      newId: () => `${prefix}-${++id}`,
      probeMedia: (_file, kind) => Promise.resolve(fakeProbe(kind)),
      autosave: { throttleMs: options.throttleMs ?? 10, retryBaseMs: 10, retryMaxMs: 40 },
      ...options.deps,
    });
    return { ...store, db, clock, dispose };
  });
}

/** Resolves after `ms` real milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}
