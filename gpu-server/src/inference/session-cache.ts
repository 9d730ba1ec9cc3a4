/**
 * Loaded ONNX sessions, least recently used first out, within a memory budget. Models share GPU
 * memory, so before a load would pass the budget the cache unloads idle models (those no running job
 * or embed request holds). A model that alone exceeds the budget still loads, with a warning.
 * Memory per file is `memoryBytes` from model.json split over its files, else 1.5 × the file size.
 * SAM models run in the "interactive" inference thread, everything else in the "heavy" one, so a
 * click's embedding never waits behind a diffusion step.
 */
import { statSync } from "node:fs";
import type { InferenceDevice } from "@milimo/shared/api";
import { ErrorCode, ModelTask } from "@milimo/shared/api";
import { DomainError } from "../errors";
import type { Logger } from "../logger";
import type { SessionProvider } from "../pipelines/types";
import { sessionOptionsFor } from "./create-session";
import { InferenceThread, type WorkerSession } from "./inference-thread";
import { compareSignature, expectedSignature, type ModelRegistry } from "./model-registry";

interface CacheEntry {
  modelId: string;
  role: string;
  bytes: number;
  lastUsed: number;
  session: WorkerSession;
}

export interface SessionCache extends SessionProvider {
  /** Like `get`, returning the session object with worker-specific extras. */
  load(modelId: string, role: string): Promise<WorkerSession>;
  /** Keeps a model loaded while `fn` runs (eviction skips it). */
  withModel<T>(modelId: string, fn: () => Promise<T>): Promise<T>;
  loadedModelIds(): Set<string>;
  /** Bytes the loaded sessions are estimated to use. */
  usedBytes(): number;
  close(): Promise<void>;
}

/** Creates the cache; `pinned()` returns models held by running jobs (never evicted). */
export function makeSessionCache(args: {
  registry: ModelRegistry;
  device: InferenceDevice;
  budgetBytes: number;
  logger: Logger;
  pinned?: () => ReadonlySet<string>;
}): SessionCache {
  const { registry, logger } = args;
  const entries = new Map<string, CacheEntry>();
  const loading = new Map<string, Promise<WorkerSession>>();
  const holds = new Map<string, number>();
  const threads = {
    interactive: new InferenceThread("inference-interactive", logger),
    heavy: new InferenceThread("inference-heavy", logger),
  };
  let clock = 0;
  const keyOf = (modelId: string, role: string) => `${modelId}\u0000${role}`;
  const total = () => [...entries.values()].reduce((n, e) => n + e.bytes, 0);
  const isHeld = (modelId: string) =>
    (holds.get(modelId) ?? 0) > 0 || (args.pinned?.().has(modelId) ?? false);

  const unload = async (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    await entry.session
      .release()
      .catch((err: unknown) => logger.warn("session release failed", { key, error: err }));
  };

  const makeRoom = async (bytes: number, forModel: string) => {
    const victims = [...entries.entries()]
      .filter(([, e]) => e.modelId !== forModel && !isHeld(e.modelId))
      .sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    for (const [key, entry] of victims) {
      if (total() + bytes <= args.budgetBytes) break;
      logger.info("unloading model to free memory", { modelId: entry.modelId, role: entry.role });
      await unload(key);
    }
    if (total() + bytes > args.budgetBytes) {
      logger.warn("loading a model beyond the session memory budget", {
        modelId: forModel,
        budgetBytes: args.budgetBytes,
        usedBytes: total(),
        needBytes: bytes,
      });
    }
  };

  const loadFresh = async (modelId: string, role: string): Promise<WorkerSession> => {
    const entry = registry.get(modelId);
    if (!entry?.manifest) {
      throw new DomainError(
        ErrorCode.MODEL_MISSING,
        `Model ${modelId} is not installed on this server.`,
      );
    }
    if (entry.error) throw new DomainError(entry.error.code, entry.error.message);
    const manifest = entry.manifest;
    const path = registry.filePath(modelId, role);
    if (!Object.hasOwn(manifest.files, role) || !path) {
      throw new DomainError(ErrorCode.MODEL_MISSING, `Model ${modelId} has no "${role}" file.`);
    }
    const fileCount = Object.keys(manifest.files).length;
    const bytes =
      manifest.memoryBytes !== undefined
        ? Math.ceil(manifest.memoryBytes / fileCount)
        : Math.ceil(statSync(path).size * 1.5);
    await makeRoom(bytes, modelId);
    // A click waits on these (segmentation, text selection); diffusion steps must not block them.
    const interactive = manifest.task.startsWith("sam") || manifest.task === ModelTask.grounding;
    const thread = interactive ? threads.interactive : threads.heavy;
    let session: WorkerSession;
    try {
      session = await thread.load(path, sessionOptionsFor(args.device));
    } catch (err) {
      const message = `Model ${modelId} (${manifest.files[role]}) could not be loaded: ${(err as Error).message.split("\n")[0]?.slice(0, 300)}`;
      registry.markInvalid(modelId, message);
      throw new DomainError(ErrorCode.MODEL_INVALID, message, { cause: err });
    }
    const expected = expectedSignature(manifest, role);
    const problems = expected ? compareSignature(expected, session) : [];
    if (problems.length) {
      await session.release().catch(() => undefined);
      const message = `Model ${modelId} (${manifest.files[role]}) does not match its model.json: ${problems.join("; ")}.`;
      registry.markInvalid(modelId, message);
      throw new DomainError(ErrorCode.MODEL_INVALID, message);
    }
    entries.set(keyOf(modelId, role), { modelId, role, bytes, lastUsed: ++clock, session });
    logger.info("model loaded", { modelId, role, device: args.device });
    return session;
  };

  const load = (modelId: string, role: string): Promise<WorkerSession> => {
    const key = keyOf(modelId, role);
    const cached = entries.get(key);
    if (cached?.session.alive) {
      cached.lastUsed = ++clock;
      return Promise.resolve(cached.session);
    }
    if (cached) entries.delete(key);
    let inFlight = loading.get(key);
    if (!inFlight) {
      inFlight = loadFresh(modelId, role).finally(() => loading.delete(key));
      loading.set(key, inFlight);
    }
    return inFlight;
  };

  return {
    load,
    get: async (modelId, role) => (await load(modelId, role)).asInferenceSession(),
    async release(modelId) {
      const keys = [...entries.entries()].filter(([, e]) => e.modelId === modelId).map(([k]) => k);
      for (const key of keys) await unload(key);
    },
    async withModel(modelId, fn) {
      holds.set(modelId, (holds.get(modelId) ?? 0) + 1);
      try {
        return await fn();
      } finally {
        holds.set(modelId, (holds.get(modelId) ?? 1) - 1);
      }
    },
    loadedModelIds: () =>
      new Set([...entries.values()].filter(e => e.session.alive).map(e => e.modelId)),
    usedBytes: total,
    async close() {
      entries.clear();
      await Promise.all([threads.interactive.terminate(), threads.heavy.terminate()]);
    },
  };
}
