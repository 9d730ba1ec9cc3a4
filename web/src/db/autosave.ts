/**
 * Autosave (STYLE §4, after tldraw's persistence rules). The store marks document parts dirty; this
 * module writes them on a ~300 ms throttle in ONE Dexie transaction per batch, so IndexedDB never
 * holds half an edit. It never writes before `begin()` — i.e. before the first load and restore
 * finished — because the first write is a full snapshot and would wipe the saved document. On
 * failure the dirty set is kept, writes are retried with backoff and the status carries the error
 * (STORAGE_FULL when the disk is full) so the banner can say what to do; nothing in memory is lost.
 * While a drag or trim gesture is open (`deferWhile`), timed writes wait for its end: a write costs
 * several ms and would land mid-gesture every 300 ms. `flush()` (pagehide, Ctrl+S) still writes the
 * current state at once, and `maxDeferMs` bounds the wait if a gesture never ends.
 */
import type { Element, Project, Scene, Shot, Timeline } from "@milimo/shared/schema";
import type { StudioError } from "../errors/studio-error";
import { toStorageError } from "./db-errors";
import type { StudioDB } from "./studio-db";

/** Document parts autosave tracks; each maps to one table (tracks -> the timeline row). */
export const DOC_KEYS = ["project", "scenes", "shots", "elements", "tracks"] as const;
export type DocKey = (typeof DOC_KEYS)[number];

/** The open project's document as the store holds it (plain objects, read synchronously). */
export type DocumentState = {
  project: Project;
  scenes: readonly Scene[];
  shots: readonly Shot[];
  elements: readonly Element[];
  timeline: Timeline;
};

export const SaveState = {
  idle: "idle",
  pending: "pending",
  saving: "saving",
  saved: "saved",
  error: "error",
} as const;
export type SaveState = (typeof SaveState)[keyof typeof SaveState];

export type AutosaveStatus = {
  state: SaveState;
  /** Epoch ms of the last successful write, or null. */
  lastSavedAt: number | null;
  /** The last failure while it is unresolved. */
  error: StudioError | null;
  /** Consecutive failures so far (0 after a success). */
  failures: number;
  /** Epoch ms of the next automatic retry, or null. */
  retryAt: number | null;
};

/** Delay between an edit and its write in ms (FEATURES §1). */
export const PERSIST_THROTTLE_MS = 300;
/** First retry delay after a failed write in ms; doubles per failure. */
export const RETRY_BASE_MS = 1_000;
/** Longest retry delay in ms. */
export const RETRY_MAX_MS = 30_000;
/** Longest time a gesture may hold back a timed write, in ms. */
export const MAX_DEFER_MS = 10_000;

export interface AutosaveTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface AutosaveOptions {
  db: StudioDB;
  /** Reads the current document; called synchronously at the start of each write. */
  read: () => DocumentState | null;
  onStatus: (status: AutosaveStatus) => void;
  /** `throttleMs`: delay between an edit and its write; default 300. */
  throttleMs?: number;
  /** `retryBaseMs`: first retry delay, doubled per failure up to `retryMaxMs`; default 1000. */
  retryBaseMs?: number;
  /** `retryMaxMs`: longest retry delay; default 30000. */
  retryMaxMs?: number;
  /**
   * `deferWhile`: while it returns true (a drag or trim is open), timed writes are put off and
   * re-checked every `throttleMs`; `flush()` ignores it. Default: never defer.
   */
  deferWhile?: () => boolean;
  /** `maxDeferMs`: longest a timed write is put off by `deferWhile`; default 10000. */
  maxDeferMs?: number;
  now?: () => number;
  timers?: AutosaveTimers;
}

export interface Autosave {
  /** Starts saving `projectId`; `baseline` is what restore loaded, so unchanged rows are not rewritten. */
  begin(projectId: string, baseline: DocumentState): void;
  /** Marks a document part changed; ignored before `begin`. */
  markDirty(key: DocKey): void;
  /** Writes everything dirty now (waits for a write in flight); rejects with the StudioError. */
  flush(): Promise<void>;
  /** Flushes, then stops saving (on close or before opening another project). */
  end(): Promise<void>;
  /** Whether edits are waiting to be written. */
  hasUnsavedChanges(): boolean;
  /** Cancels timers; pending edits are dropped (tests and teardown only). */
  dispose(): void;
}

type SavedCache = {
  project: string;
  timeline: string;
  scenes: Map<string, string>;
  shots: Map<string, string>;
  elements: Map<string, string>;
};

type Batch = {
  project?: Project;
  timeline?: Timeline;
  scenes: { put: Scene[]; remove: string[] };
  shots: { put: Shot[]; remove: string[] };
  elements: { put: Element[]; remove: string[] };
  next: SavedCache;
};

const defaultTimers: AutosaveTimers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: handle => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

function cacheRows(rows: readonly { id: string }[]): Map<string, string> {
  return new Map(rows.map(row => [row.id, JSON.stringify(row)]));
}

function makeCache(doc: DocumentState): SavedCache {
  return {
    project: JSON.stringify(doc.project),
    timeline: JSON.stringify(doc.timeline),
    scenes: cacheRows(doc.scenes),
    shots: cacheRows(doc.shots),
    elements: cacheRows(doc.elements),
  };
}

/** Rows that differ from the cache (cloned now, so later edits can't leak into this batch). */
function diffRows<T extends { id: string }>(
  rows: readonly T[],
  saved: Map<string, string>,
): { put: T[]; remove: string[]; next: Map<string, string> } {
  const next = new Map<string, string>();
  const put: T[] = [];
  for (const row of rows) {
    const json = JSON.stringify(row);
    next.set(row.id, json);
    if (saved.get(row.id) !== json) put.push(JSON.parse(json) as T);
  }
  const remove = [...saved.keys()].filter(id => !next.has(id));
  return { put, remove, next };
}

/** Creates the autosaver; nothing is written until `begin`. */
export function makeAutosave(options: AutosaveOptions): Autosave {
  const {
    db,
    read,
    onStatus,
    throttleMs = PERSIST_THROTTLE_MS,
    retryBaseMs = RETRY_BASE_MS,
    retryMaxMs = RETRY_MAX_MS,
    deferWhile = () => false,
    maxDeferMs = MAX_DEFER_MS,
    now = Date.now,
    timers = defaultTimers,
  } = options;

  let projectId: string | null = null;
  let saved: SavedCache | null = null;
  const dirty = new Set<DocKey>();
  let timer: unknown = null;
  let inFlight: Promise<void> | null = null;
  /** Epoch ms when the current wait for a gesture to end began, or null. */
  let deferredSince: number | null = null;
  let status: AutosaveStatus = {
    state: SaveState.idle,
    lastSavedAt: null,
    error: null,
    failures: 0,
    retryAt: null,
  };

  function setStatus(patch: Partial<AutosaveStatus>) {
    status = { ...status, ...patch };
    onStatus(status);
  }

  function clearTimer() {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  }

  function schedule(delayMs: number) {
    if (timer !== null) return;
    timer = timers.setTimeout(() => {
      timer = null;
      if (shouldDefer()) {
        schedule(throttleMs);
        return;
      }
      // The scheduled write reports failures through the status; nobody awaits it.
      write().catch(() => undefined);
    }, delayMs);
  }

  /** Whether a timed write should wait for the open gesture (never longer than maxDeferMs). */
  function shouldDefer(): boolean {
    if (!deferWhile()) {
      deferredSince = null;
      return false;
    }
    deferredSince ??= now();
    if (now() - deferredSince < maxDeferMs) return true;
    deferredSince = null;
    return false;
  }

  function buildBatch(doc: DocumentState, keys: ReadonlySet<DocKey>, cache: SavedCache): Batch {
    const next: SavedCache = { ...cache };
    const batch: Batch = {
      scenes: { put: [], remove: [] },
      shots: { put: [], remove: [] },
      elements: { put: [], remove: [] },
      next,
    };
    // Any change bumps the project's updatedAt, so the project row is written with every batch.
    const projectJson = JSON.stringify(doc.project);
    next.project = projectJson;
    batch.project = {
      ...(JSON.parse(projectJson) as Project),
      updatedAt: new Date(now()).toISOString(),
    };
    if (keys.has("tracks")) {
      const json = JSON.stringify(doc.timeline);
      if (json !== cache.timeline) batch.timeline = JSON.parse(json) as Timeline;
      next.timeline = json;
    }
    for (const key of ["scenes", "shots", "elements"] as const) {
      if (!keys.has(key)) continue;
      const { put, remove, next: rows } = diffRows<{ id: string }>(doc[key], cache[key]);
      (batch[key] as { put: unknown[]; remove: string[] }) = { put, remove };
      next[key] = rows;
    }
    return batch;
  }

  async function commit(id: string, batch: Batch): Promise<void> {
    await db.transaction(
      "rw",
      [db.projects, db.scenes, db.shots, db.elements, db.timelines],
      async () => {
        if (batch.project) await db.projects.put(batch.project);
        if (batch.timeline) await db.timelines.put({ ...batch.timeline, projectId: id });
        for (const key of ["scenes", "shots", "elements"] as const) {
          const table = db[key] as unknown as {
            bulkPut(rows: unknown[]): Promise<unknown>;
            bulkDelete(ids: string[]): Promise<void>;
          };
          if (batch[key].put.length > 0) await table.bulkPut(batch[key].put);
          if (batch[key].remove.length > 0) await table.bulkDelete(batch[key].remove);
        }
      },
    );
  }

  async function writeOnce(): Promise<void> {
    if (projectId === null || saved === null || dirty.size === 0) return;
    const id = projectId;
    const doc = read();
    if (!doc || doc.project.id !== id) return;
    const keys = new Set(dirty);
    dirty.clear();
    clearTimer();
    const batch = buildBatch(doc, keys, saved);
    setStatus({ state: SaveState.saving });
    try {
      await commit(id, batch);
    } catch (cause) {
      for (const key of keys) dirty.add(key);
      const error = toStorageError(cause);
      const failures = status.failures + 1;
      const delay = Math.min(retryMaxMs, retryBaseMs * 2 ** (failures - 1));
      clearTimer();
      schedule(delay);
      setStatus({ state: SaveState.error, error, failures, retryAt: now() + delay });
      throw error;
    }
    if (projectId === id) saved = batch.next;
    const pending = dirty.size > 0;
    setStatus({
      state: pending ? SaveState.pending : SaveState.saved,
      lastSavedAt: now(),
      error: null,
      failures: 0,
      retryAt: null,
    });
    if (pending) schedule(throttleMs);
  }

  function write(): Promise<void> {
    // Writes never overlap: a second caller waits for the one in flight, then writes what is left.
    const run = (inFlight ?? Promise.resolve())
      .catch(() => undefined)
      .then(writeOnce)
      .finally(() => {
        if (inFlight === run) inFlight = null;
      });
    inFlight = run;
    return run;
  }

  return {
    begin(id, baseline) {
      clearTimer();
      dirty.clear();
      projectId = id;
      saved = makeCache(baseline);
      setStatus({ state: SaveState.saved, error: null, failures: 0, retryAt: null });
    },
    markDirty(key) {
      if (projectId === null) return;
      dirty.add(key);
      if (status.state !== SaveState.error) {
        if (status.state !== SaveState.saving) setStatus({ state: SaveState.pending });
        schedule(throttleMs);
      }
    },
    flush() {
      return write();
    },
    async end() {
      // A failed final write keeps the project attached (and rethrows), so its edits stay retryable.
      await write();
      if (dirty.size > 0) await write();
      clearTimer();
      projectId = null;
      saved = null;
      dirty.clear();
      setStatus({ state: SaveState.idle, error: null, failures: 0, retryAt: null });
    },
    hasUnsavedChanges() {
      return dirty.size > 0 || inFlight !== null;
    },
    dispose() {
      clearTimer();
      projectId = null;
      saved = null;
      dirty.clear();
    },
  };
}
