/** Builders for jobs and job events in unit tests; each returns a fresh, schema-valid value. */
import type { Job, JobEvent } from "@milimo/shared/schema";

const T0 = "2025-01-31T12:00:00.000Z";

/** A generate-video job; `overrides` replace top-level fields. */
export function makeTestJob(overrides: Partial<Job> & { id: string }): Job {
  return {
    kind: "generate-video",
    status: "queued",
    params: {},
    progress: { step: 0, total: 0, fraction: 0, etaSeconds: null, message: "Queued" },
    artifacts: [],
    createdAt: T0,
    ...overrides,
  };
}

/** Progress event `id` for `jobId` at `step`/`total`. */
export function progressEvent({
  id,
  jobId,
  step,
  total,
}: {
  id: number;
  jobId: string;
  step: number;
  total: number;
}): JobEvent {
  const message = `Denoising step ${step}/${total}`;
  return {
    id,
    type: "progress",
    data: {
      jobId,
      kind: "generate-video",
      status: "running",
      message,
      progress: { step, total, fraction: step / total, etaSeconds: total - step, message },
    },
  };
}

/** A `complete` event with the video and poster artifacts. */
export function completeEvent({ id, jobId }: { id: number; jobId: string }): JobEvent {
  return {
    id,
    type: "complete",
    data: {
      jobId,
      kind: "generate-video",
      status: "completed",
      message: "Done",
      artifacts: [
        { name: "video.mp4", mime: "video/mp4", bytes: 10 },
        { name: "poster.png", mime: "image/png", bytes: 5 },
      ],
    },
  };
}

/** An `error` event with `code` and `message`. */
export function errorEvent({
  id,
  jobId,
  code,
  message,
}: {
  id: number;
  jobId: string;
  code: string;
  message: string;
}): JobEvent {
  return {
    id,
    type: "error",
    data: { jobId, kind: "generate-video", status: "failed", message, error: { code, message } },
  };
}

/** A `cancelled`, `queued` or `started` event. */
export function statusEvent({
  id,
  jobId,
  type,
}: {
  id: number;
  jobId: string;
  type: "queued" | "started" | "cancelled";
}): JobEvent {
  const kind = "generate-video";
  switch (type) {
    case "queued":
      return { id, type, data: { jobId, kind, status: "queued", message: "Queued" } };
    case "started":
      return { id, type, data: { jobId, kind, status: "running", message: "Started" } };
    case "cancelled":
      return { id, type, data: { jobId, kind, status: "cancelled", message: "Cancelled" } };
  }
}
