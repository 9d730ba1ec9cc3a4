/**
 * The job runner. Jobs wait in lanes: `interactive` (SAM embeddings), `gpu` (generation, inpaint,
 * tracking: models share GPU memory, so one at a time) and `cpu` (renders with ffmpeg). Each lane
 * runs one job at a time, highest priority first, then oldest first.
 *
 * Every transition is written to the store together with its event in one transaction, then
 * broadcast. Cancelling is recorded at once: a queued job leaves its lane and never starts; a running
 * job's AbortSignal fires, its status becomes `cancelled` immediately, and whatever its pipeline
 * returns afterwards is ignored; its models are released when the pipeline settles, and only then
 * does the next job of the lane start. Jobs found `running` at start were interrupted by a crash and
 * are failed with SERVER_RESTARTED; queued ones never started, so they are safely queued again.
 */
import { mkdir, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { ErrorCode, JobParamsSchemas, type ParsedCreateJobRequest } from "@milimo/shared/api";
import type { Job, JobError, JobKind, JobProgress } from "@milimo/shared/schema";
import { DomainError, toJobError } from "../errors";
import type { Logger } from "../logger";
import type {
  Pipeline,
  PipelineArtifact,
  PipelineContext,
  PipelineProgress,
  SessionProvider,
} from "../pipelines/types";
import type { EventHub } from "./event-hub";
import { formatEta } from "./format-eta";
import type { JobStore } from "./job-store";

export type JobLane = "interactive" | "gpu" | "cpu";

/** Which lane each kind waits in. */
export const JOB_LANE: Record<JobKind, JobLane> = {
  "sam-embed": "interactive",
  "generate-image": "gpu",
  "generate-video": "gpu",
  inpaint: "gpu",
  track: "gpu",
  render: "cpu",
};

/** Lower runs first within a lane: interactive work before long generations. */
export const JOB_PRIORITY: Record<JobKind, number> = {
  "sam-embed": 0,
  inpaint: 1,
  track: 1,
  "generate-image": 2,
  "generate-video": 3,
  render: 4,
};

// Pipelines are looked up by kind at run time, so their params type is erased here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PipelineMap = Partial<Record<JobKind, Pipeline<any>>>;

export interface JobQueue {
  /** Records the job as queued (params already validated), then schedules it. */
  submit(request: ParsedCreateJobRequest): Job;
  /** Cancels a queued or running job; JOB_NOT_FOUND / JOB_FINISHED otherwise. */
  cancel(jobId: string): Job;
  /** At start: fails jobs a crash left running, queues the queued ones again. */
  recover(): { failed: string[]; requeued: string[] };
  counts(): { queued: number; running: number };
  /** Models the running jobs have loaded (the session cache never evicts them). */
  modelsInUse(): Set<string>;
  /** Resolves when nothing is queued or running (tests, benchmarks). */
  whenIdle(): Promise<void>;
  /** Stops starting jobs; fails running ones with SERVER_RESTARTED and waits up to `timeoutMs`. */
  close(args?: { timeoutMs?: number }): Promise<void>;
}

export interface JobQueueDeps {
  store: JobStore;
  hub: EventHub;
  pipelines: PipelineMap;
  sessions: SessionProvider;
  findModel: PipelineContext["findModel"];
  uploadPath: PipelineContext["uploadPath"];
  /** Artifact folders live in `<jobsDir>/<jobId>/`. */
  jobsDir: string;
  logger: Logger;
  now?: () => Date;
  /** Minimum gap between stored progress events of one job; default 100 ms (the last step always goes out). */
  progressIntervalMs?: number;
  makeId?: () => string;
}

interface PendingEntry {
  id: string;
  priority: number;
  seq: number;
}

interface RunningJob {
  job: Job;
  controller: AbortController;
  startedMs: number;
  usedModels: Set<string>;
  lastProgressMs: number;
  pendingProgress: PipelineProgress | undefined;
  progressTimer: NodeJS.Timeout | undefined;
  settled: Promise<void>;
}

const LANES: readonly JobLane[] = ["interactive", "gpu", "cpu"];

const startingProgress = (message: string): JobProgress => ({
  step: 0,
  total: 0,
  fraction: 0,
  etaSeconds: null,
  message,
});

/** Creates the runner; call `recover()` once before serving. */
export function makeJobQueue(deps: JobQueueDeps): JobQueue {
  const { store, hub, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const progressIntervalMs = deps.progressIntervalMs ?? 100;
  const makeId = deps.makeId ?? (() => crypto.randomUUID());
  const pending: Record<JobLane, PendingEntry[]> = { interactive: [], gpu: [], cpu: [] };
  const running = new Map<string, RunningJob>();
  const runningByLane: Record<JobLane, number> = { interactive: 0, gpu: 0, cpu: 0 };
  let seq = 0;
  let closing = false;
  let idleWaiters: Array<() => void> = [];

  const iso = () => now().toISOString();
  const isIdle = () => running.size === 0 && LANES.every(l => pending[l].length === 0);
  const notifyIdle = () => {
    if (!isIdle()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    waiters.forEach(w => w());
  };

  const enqueue = (entry: PendingEntry, lane: JobLane) => {
    const list = pending[lane];
    let i = list.length;
    while (i > 0) {
      const prev = list[i - 1] as PendingEntry;
      if (
        prev.priority < entry.priority ||
        (prev.priority === entry.priority && prev.seq < entry.seq)
      )
        break;
      i--;
    }
    list.splice(i, 0, entry);
  };

  /** Finishes a job and sends its event, in one transaction; false when it was not in `from`. */
  const finish = (args: {
    job: Job;
    from: Array<"queued" | "running">;
    status: "completed" | "failed" | "cancelled";
    message: string;
    error?: JobError;
    artifacts?: PipelineArtifact[];
    progress?: JobProgress;
  }) => {
    const { job, status, message } = args;
    const event = store.transaction(() => {
      const changed = store.finishJob({
        id: job.id,
        from: args.from,
        status,
        finishedAt: iso(),
        progress: args.progress,
        error: args.error,
        artifacts: args.artifacts,
      });
      if (!changed) return undefined;
      const base = { jobId: job.id, kind: job.kind, message };
      if (status === "completed")
        return hub.record({
          jobId: job.id,
          type: "complete",
          data: { ...base, status, artifacts: args.artifacts ?? [] },
        });
      if (status === "failed")
        return hub.record({
          jobId: job.id,
          type: "error",
          data: { ...base, status, error: args.error ?? toJobError(undefined) },
        });
      return hub.record({ jobId: job.id, type: "cancelled", data: { ...base, status } });
    });
    if (event) hub.broadcast(event);
    return event !== undefined;
  };

  const writeProgress = (run: RunningJob, p: PipelineProgress) => {
    run.pendingProgress = undefined;
    run.lastProgressMs = performance.now();
    const total = Math.max(0, Math.floor(p.total));
    const step = Math.min(Math.max(0, Math.floor(p.step)), Math.max(total, 0));
    const fraction = total > 0 ? step / total : 0;
    const elapsedS = (performance.now() - run.startedMs) / 1000;
    const etaSeconds =
      total > 0 && step >= total
        ? 0
        : step > 0
          ? Math.round((elapsedS / step) * (total - step) * 10) / 10
          : null;
    const progress: JobProgress = { step, total, fraction, etaSeconds, message: p.message };
    const { job } = run;
    const event = store.transaction(() => {
      if (!store.updateProgress(job.id, progress)) return undefined;
      const message =
        etaSeconds === null || step >= total
          ? p.message
          : `${p.message} · ${formatEta(etaSeconds)}`;
      return hub.record({
        jobId: job.id,
        type: "progress",
        data: { jobId: job.id, kind: job.kind, status: "running", message, progress },
      });
    });
    if (event) hub.broadcast(event);
  };

  const reportProgress = (run: RunningJob, p: PipelineProgress) => {
    if (run.controller.signal.aborted) return;
    const sinceLast = performance.now() - run.lastProgressMs;
    const isLast = p.total > 0 && p.step >= p.total;
    if (isLast || sinceLast >= progressIntervalMs) {
      if (run.progressTimer) clearTimeout(run.progressTimer);
      run.progressTimer = undefined;
      writeProgress(run, p);
      return;
    }
    run.pendingProgress = p;
    run.progressTimer ??= setTimeout(() => {
      run.progressTimer = undefined;
      if (run.pendingProgress && !run.controller.signal.aborted)
        writeProgress(run, run.pendingProgress);
    }, progressIntervalMs - sinceLast);
  };

  const checkArtifacts = async (workDir: string, artifacts: PipelineArtifact[]) => {
    const checked: PipelineArtifact[] = [];
    for (const a of artifacts) {
      if (basename(a.name) !== a.name || a.name.startsWith(".")) {
        throw new DomainError(
          ErrorCode.PIPELINE_FAILED,
          `The pipeline named an invalid artifact "${a.name}".`,
        );
      }
      const info = await stat(join(workDir, a.name)).catch(() => undefined);
      if (!info?.isFile()) {
        throw new DomainError(
          ErrorCode.PIPELINE_FAILED,
          `The pipeline did not write its ${a.name}.`,
        );
      }
      checked.push({ name: a.name, mime: a.mime, bytes: info.size });
    }
    return checked;
  };

  const execute = async (run: RunningJob) => {
    const { job, controller } = run;
    const signal = controller.signal;
    const workDir = join(deps.jobsDir, job.id);
    const ctx: PipelineContext = {
      jobId: job.id,
      signal,
      workDir,
      progress: p => reportProgress(run, p),
      sessions: {
        get: (modelId, file) => {
          if (signal.aborted) return Promise.reject(signal.reason as Error);
          run.usedModels.add(modelId);
          return deps.sessions.get(modelId, file);
        },
        release: modelId => deps.sessions.release(modelId),
      },
      findModel: deps.findModel,
      uploadPath: deps.uploadPath,
    };
    try {
      const pipeline = deps.pipelines[job.kind];
      if (!pipeline) {
        throw new DomainError(
          ErrorCode.PIPELINE_UNAVAILABLE,
          `This server cannot run ${job.kind} jobs yet: no pipeline is installed for them.`,
        );
      }
      await mkdir(workDir, { recursive: true });
      signal.throwIfAborted();
      const params: unknown = JobParamsSchemas[job.kind].parse(job.params);
      const artifacts = await pipeline(params, ctx);
      if (signal.aborted) return;
      const checked = await checkArtifacts(workDir, artifacts);
      if (run.progressTimer) clearTimeout(run.progressTimer);
      const last = store.getJob(job.id)?.progress;
      const total = Math.max(last?.total ?? 0, 1);
      finish({
        job,
        from: ["running"],
        status: "completed",
        message: "Done",
        artifacts: checked,
        progress: { step: total, total, fraction: 1, etaSeconds: 0, message: "Done" },
      });
      logger.info("job completed", {
        jobId: job.id,
        kind: job.kind,
        ms: Math.round(performance.now() - run.startedMs),
      });
    } catch (err) {
      if (signal.aborted) return;
      const jobError =
        err instanceof DomainError
          ? { code: err.code, message: err.message }
          : {
              ...toJobError(err),
              message: `The ${job.kind} job failed: ${err instanceof Error ? err.message.slice(0, 300) : "unknown error"}.`,
            };
      logger.warn("job failed", { jobId: job.id, kind: job.kind, error: err });
      finish({
        job,
        from: ["running"],
        status: "failed",
        message: jobError.message,
        error: jobError,
      });
    } finally {
      if (run.progressTimer) clearTimeout(run.progressTimer);
      if (signal.aborted) {
        // Free GPU memory of a cancelled job before the lane starts the next one.
        for (const modelId of run.usedModels) {
          await deps.sessions
            .release(modelId)
            .catch((e: unknown) => logger.warn("release failed", { modelId, error: e }));
        }
      }
    }
  };

  const start = (entry: PendingEntry, lane: JobLane) => {
    const job = store.getJob(entry.id);
    if (!job || job.status !== "queued") return;
    const startedEvent = store.transaction(() => {
      if (!store.markRunning(job.id, iso(), startingProgress("Starting"))) return undefined;
      return hub.record({
        jobId: job.id,
        type: "started",
        data: { jobId: job.id, kind: job.kind, status: "running", message: "Started" },
      });
    });
    if (!startedEvent) return;
    hub.broadcast(startedEvent);
    runningByLane[lane]++;
    const run: RunningJob = {
      job,
      controller: new AbortController(),
      startedMs: performance.now(),
      usedModels: new Set(),
      lastProgressMs: 0,
      pendingProgress: undefined,
      progressTimer: undefined,
      settled: Promise.resolve(),
    };
    running.set(job.id, run);
    logger.info("job started", { jobId: job.id, kind: job.kind });
    run.settled = execute(run)
      .catch((err: unknown) => logger.error("job runner error", { jobId: job.id, error: err }))
      .finally(() => {
        running.delete(job.id);
        runningByLane[lane]--;
        schedule();
        notifyIdle();
      });
  };

  const schedule = () => {
    if (closing) return;
    for (const lane of LANES) {
      while (runningByLane[lane] < 1 && pending[lane].length > 0) {
        start(pending[lane].shift() as PendingEntry, lane);
      }
    }
  };

  const queuedAhead = (lane: JobLane) => pending[lane].length + runningByLane[lane];

  return {
    submit(request) {
      const { kind } = request;
      const lane = JOB_LANE[kind];
      const ahead = queuedAhead(lane);
      const id = makeId();
      const priority = JOB_PRIORITY[kind];
      const message =
        ahead === 0 ? "Queued" : `Queued behind ${ahead} job${ahead === 1 ? "" : "s"}`;
      const event = store.transaction(() => {
        store.insertJob({
          id,
          kind,
          params: request.params,
          priority,
          createdAt: iso(),
        });
        return hub.record({
          jobId: id,
          type: "queued",
          data: { jobId: id, kind, status: "queued", message },
        });
      });
      hub.broadcast(event);
      enqueue({ id, priority, seq: seq++ }, lane);
      const job = store.getJob(id) as Job;
      queueMicrotask(schedule);
      return job;
    },

    cancel(jobId) {
      const job = store.getJob(jobId);
      if (!job)
        throw new DomainError(ErrorCode.JOB_NOT_FOUND, `There is no job ${jobId} on this server.`);
      if (job.status === "queued") {
        for (const lane of LANES) pending[lane] = pending[lane].filter(e => e.id !== jobId);
        finish({
          job,
          from: ["queued"],
          status: "cancelled",
          message: "Cancelled before it started",
        });
        notifyIdle();
      } else if (job.status === "running") {
        const run = running.get(jobId);
        finish({ job, from: ["running"], status: "cancelled", message: "Cancelled" });
        run?.controller.abort(new DomainError(ErrorCode.JOB_CANCELLED, "The job was cancelled."));
      }
      const after = store.getJob(jobId) as Job;
      if (after.status !== "cancelled") {
        throw new DomainError(
          ErrorCode.JOB_FINISHED,
          `This job already finished (${after.status}).`,
          {
            details: { status: after.status },
          },
        );
      }
      return after;
    },

    recover() {
      const failed: string[] = [];
      for (const id of store.runningJobIds()) {
        const job = store.getJob(id);
        if (!job) continue;
        const error = {
          code: ErrorCode.SERVER_RESTARTED,
          message: "The server restarted while this job was running. Start it again.",
        };
        if (finish({ job, from: ["running"], status: "failed", message: error.message, error }))
          failed.push(id);
      }
      const requeued: string[] = [];
      for (const { job, priority, seq: dbSeq } of store.queuedJobs()) {
        enqueue(
          { id: job.id, priority, seq: dbSeq - Number.MAX_SAFE_INTEGER / 2 },
          JOB_LANE[job.kind],
        );
        requeued.push(job.id);
      }
      if (failed.length || requeued.length)
        logger.info("recovered jobs", { failed, requeued: requeued.length });
      queueMicrotask(schedule);
      return { failed, requeued };
    },

    counts() {
      return {
        queued: LANES.reduce((n, l) => n + pending[l].length, 0),
        running: running.size,
      };
    },

    modelsInUse() {
      const ids = new Set<string>();
      for (const run of running.values()) run.usedModels.forEach(id => ids.add(id));
      return ids;
    },

    whenIdle() {
      if (isIdle()) return Promise.resolve();
      return new Promise(resolve => idleWaiters.push(resolve));
    },

    async close({ timeoutMs = 5000 } = {}) {
      closing = true;
      for (const lane of LANES) pending[lane] = [];
      const runs = [...running.values()];
      for (const run of runs) {
        const error = {
          code: ErrorCode.SERVER_RESTARTED,
          message: "The server stopped while this job was running. Start it again.",
        };
        finish({
          job: run.job,
          from: ["running"],
          status: "failed",
          message: error.message,
          error,
        });
        run.controller.abort(new DomainError(ErrorCode.SERVER_RESTARTED, error.message));
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(runs.map(r => r.settled)),
        new Promise(resolve => (timer = setTimeout(resolve, timeoutMs))),
      ]);
      clearTimeout(timer);
      notifyIdle();
    },
  };
}
