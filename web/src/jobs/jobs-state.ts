/**
 * Pure job bookkeeping for the remote `server` slice: folding SSE events and `GET /api/jobs/:id`
 * snapshots into one `Job` per id, and what a shot shows for its job. Policy: a job only moves
 * forward (queued → running → finished, step never decreases), because the same job arrives from
 * three places in any order — the create response, the event stream (live or replayed) and
 * hydration — and a late, older copy must never undo a newer one.
 */
import type { Job, JobEvent, JobStatus, ShotStatus } from "@milimo/shared/schema";
import { isJobFinished } from "@milimo/shared/schema";

/** Where a job's result goes once it completes. */
export type JobPurpose = "video" | "thumbnail";

/** What the studio knows about a job beyond the server's record. */
export interface JobLink {
  shotId: string;
  purpose: JobPurpose;
}

/** The jobs part of the server slice. */
export interface JobsState {
  byId: Record<string, Job>;
  /** Job ids, oldest first (the queue panel shows them newest first). */
  order: string[];
  links: Record<string, JobLink>;
}

/** An empty jobs state. */
export function makeJobsState(): JobsState {
  return { byId: {}, order: [], links: {} };
}

const STATUS_RANK: Record<JobStatus, number> = {
  queued: 0,
  running: 1,
  completed: 2,
  failed: 2,
  cancelled: 2,
};

/**
 * The newer of two copies of a job: a finished copy beats an unfinished one (and the first finished
 * copy wins), a later status beats an earlier one, and within "running" the higher step wins. The
 * fields only the server's record has (params, its createdAt) come from whichever copy has them, so
 * a job first built from an event still gets them when the record arrives later but is behind.
 */
export function mergeJob(current: Job | undefined, incoming: Job): Job {
  if (!current) return incoming;
  return withRecordFields(pickNewer(current, incoming), [current, incoming]);
}

function pickNewer(current: Job, incoming: Job): Job {
  const a = STATUS_RANK[current.status];
  const b = STATUS_RANK[incoming.status];
  if (isJobFinished(current.status)) {
    // A snapshot can carry fields the event lacked (finishedAt, params); keep the verdict we have.
    return incoming.status === current.status ? { ...current, ...incoming } : current;
  }
  if (b > a) return incoming;
  if (b < a) return current;
  return incoming.progress.step >= current.progress.step ? incoming : current;
}

// Every job kind has required params, so an empty record marks a copy built from events alone.
function isServerRecord(job: Job): boolean {
  return Object.keys(job.params).length > 0;
}

function withRecordFields(job: Job, copies: readonly Job[]): Job {
  if (isServerRecord(job)) return job;
  const record = copies.find(isServerRecord);
  return record ? { ...job, params: record.params, createdAt: record.createdAt } : job;
}

/** The job after `event`, built from the event alone when the job is not known yet. */
export function applyJobEvent({
  job,
  event,
  nowIso,
}: {
  job: Job | undefined;
  event: JobEvent;
  nowIso: string;
}): Job {
  const base: Job = job ?? {
    id: event.data.jobId,
    kind: event.data.kind,
    status: "queued",
    params: {},
    progress: { step: 0, total: 0, fraction: 0, etaSeconds: null, message: event.data.message },
    artifacts: [],
    createdAt: nowIso,
  };
  const progress = { ...base.progress, message: event.data.message };
  let next: Job;
  switch (event.type) {
    case "queued":
      next = { ...base, status: "queued", progress };
      break;
    case "started":
      next = { ...base, status: "running", progress, startedAt: base.startedAt ?? nowIso };
      break;
    case "progress":
      next = {
        ...base,
        status: "running",
        progress: event.data.progress,
        startedAt: base.startedAt ?? nowIso,
      };
      break;
    case "complete":
      next = {
        ...base,
        status: "completed",
        artifacts: event.data.artifacts,
        progress: { ...progress, step: base.progress.total, fraction: 1, etaSeconds: 0 },
        finishedAt: nowIso,
      };
      break;
    case "error":
      next = {
        ...base,
        status: "failed",
        error: event.data.error,
        progress,
        finishedAt: nowIso,
      };
      break;
    case "cancelled":
      next = { ...base, status: "cancelled", progress, finishedAt: nowIso };
      break;
  }
  return mergeJob(job, next);
}

/** `state` with `job` merged in (appended to `order` when new) and, if given, its link recorded. */
export function upsertJob(state: JobsState, job: Job, link?: JobLink): JobsState {
  const merged = mergeJob(state.byId[job.id], job);
  return {
    byId: { ...state.byId, [job.id]: merged },
    order: state.order.includes(job.id) ? state.order : [...state.order, job.id],
    links: link ? { ...state.links, [job.id]: link } : state.links,
  };
}

/** The shot status that mirrors a job; a completed job is "ready" only once its media is stored. */
export function shotStatusForJob(status: JobStatus): ShotStatus {
  switch (status) {
    case "queued":
      return "queued";
    case "running":
    case "completed":
      return "generating";
    case "failed":
      return "failed";
    case "cancelled":
      return "cancelled";
  }
}

/** True for shot statuses that mean a job is in flight (hydrated on reload). */
export function isShotGenerating(status: ShotStatus): boolean {
  return status === "queued" || status === "generating";
}

/** "1:20", "45 s" or "" when unknown: an ETA as the queue panel prints it. */
export function formatEta(etaSeconds: number | null): string {
  if (etaSeconds === null || !Number.isFinite(etaSeconds)) return "";
  const total = Math.max(0, Math.round(etaSeconds));
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, "0")}`;
}
