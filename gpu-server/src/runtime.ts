/**
 * Wires the server together from a `Config`: store, event hub, model registry, device, session
 * cache, uploads, SAM embedder, pipelines, queue (recovered), retention timer and the app.
 * `close()` releases everything in a safe order: running jobs fail with SERVER_RESTARTED, event
 * streams end, inference threads stop, SQLite closes.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createApp, type App } from "./app";
import type { AppDeps } from "./app-deps";
import { REPO_ROOT, type Config } from "./config";
import { detectInferenceDevice } from "./inference/create-session";
import { loadModelRegistry } from "./inference/model-registry";
import { makeSessionCache } from "./inference/session-cache";
import { makeEventHub } from "./jobs/event-hub";
import { makeJobQueue, type JobQueue, type PipelineMap } from "./jobs/job-queue";
import { openJobStore } from "./jobs/job-store";
import { pruneExpired } from "./jobs/retention";
import { makeLogger, type Logger } from "./logger";
import { makePipelines } from "./pipelines";
import { makeSamEmbedder } from "./pipelines/sam-embedder";
import { makeSlowPipeline } from "./pipelines/test-slow-pipeline";
import { makeUploadStore } from "./uploads/upload-store";

export interface Runtime {
  app: App;
  deps: AppDeps;
  /** Runs the retention cleanup now (also runs on a timer). */
  prune(): ReturnType<typeof pruneExpired>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  logger?: Logger;
  /** Replaces or adds pipelines (tests). */
  pipelines?: PipelineMap;
  now?: () => Date;
  progressIntervalMs?: number;
  /** Skip the periodic retention timer (tests call `prune()` themselves). */
  retentionTimer?: boolean;
}

/** The server's version from gpu-server/package.json. */
export function readServerVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "gpu-server/package.json"), "utf8")) as {
      version?: string;
    };
    return pkg.version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

/** Builds a runtime; interrupted jobs are failed and queued ones rescheduled before it returns. */
export function makeRuntime(config: Config, options: RuntimeOptions = {}): Runtime {
  const logger = options.logger ?? makeLogger(config.logLevel);
  const now = options.now ?? (() => new Date());
  const jobsDir = join(config.dataDir, "jobs");
  mkdirSync(jobsDir, { recursive: true });

  const store = openJobStore(join(config.dataDir, "jobs.sqlite"));
  const hub = makeEventHub({ store, now, heartbeatMs: config.heartbeatMs });
  const registry = loadModelRegistry({ modelsDir: config.modelsDir, logger });
  const device = detectInferenceDevice({ mode: config.inferenceDevice, logger });
  // The cache asks the queue which models running jobs hold; the queue is built after the cache.
  const queueRef: { current?: JobQueue } = {};
  const sessions = makeSessionCache({
    registry,
    device,
    budgetBytes: config.sessionMemoryBytes,
    logger,
    pinned: () => queueRef.current?.modelsInUse() ?? new Set(),
  });
  const uploads = makeUploadStore({ store, dataDir: config.dataDir, now });
  const samEmbedder = makeSamEmbedder({
    registry,
    sessions,
    uploads,
    cacheDir: join(config.dataDir, "embeddings"),
    logger,
  });
  const testOverrides: PipelineMap = config.testSlowPipeline
    ? {
        [config.testSlowPipeline.kind]: makeSlowPipeline({
          steps: 10_000,
          stepMs: config.testSlowPipeline.stepMs,
        }),
      }
    : {};
  const pipelines = makePipelines({
    samEmbedder,
    overrides: { ...testOverrides, ...options.pipelines },
  });
  const queue = makeJobQueue({
    store,
    hub,
    pipelines,
    sessions,
    findModel: q => registry.find(q),
    uploadPath: id => uploads.path(id),
    jobsDir,
    logger,
    now,
    progressIntervalMs: options.progressIntervalMs,
  });
  queueRef.current = queue;
  queue.recover();

  const deps: AppDeps = {
    config,
    logger,
    version: readServerVersion(),
    device,
    store,
    queue,
    hub,
    registry,
    sessions,
    uploads,
    samEmbedder,
    jobsDir,
  };
  const prune = () =>
    pruneExpired({
      store,
      uploads,
      samEmbedder,
      jobsDir,
      retentionMs: config.retentionMs,
      eventLogMax: config.eventLogMax,
      now: now(),
      logger,
    });
  let timer: NodeJS.Timeout | undefined;
  if (options.retentionTimer !== false) {
    const everyMs = Math.min(Math.max(config.retentionMs / 4, 60_000), 3_600_000);
    const run = () =>
      void prune().catch((err: unknown) =>
        logger.error("retention cleanup failed", { error: err }),
      );
    run();
    timer = setInterval(run, everyMs);
    timer.unref();
  }

  let closed: Promise<void> | undefined;
  return {
    app: createApp(deps),
    deps,
    prune,
    close() {
      closed ??= (async () => {
        clearInterval(timer);
        await queue.close();
        hub.close();
        await sessions.close();
        store.close();
      })();
      return closed;
    },
  };
}
