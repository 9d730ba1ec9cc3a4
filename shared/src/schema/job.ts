/**
 * A job on the GPU server (ARCHITECTURE §6): anything that can take over 2 s. The server's SQLite
 * store is the source of truth; the studio hydrates from `GET /api/jobs/:id` and follows SSE.
 * `params` stays a free-form record here because each kind's schema lives in `api/job-params`.
 */
import { z } from "zod";
import { IdSchema, IsoDateTimeSchema } from "./ids";

export const JobKind = {
  samEmbed: "sam-embed",
  generateImage: "generate-image",
  generateVideo: "generate-video",
  inpaint: "inpaint",
  track: "track",
  render: "render",
} as const;
export type JobKind = (typeof JobKind)[keyof typeof JobKind];

/** Every job kind, in a stable order (for tables and tests). */
export const JOB_KINDS = Object.values(JobKind) as readonly JobKind[];

export const JobStatus = {
  queued: "queued",
  running: "running",
  completed: "completed",
  failed: "failed",
  cancelled: "cancelled",
} as const;
export type JobStatus = (typeof JobStatus)[keyof typeof JobStatus];

/** Statuses a job never leaves. */
export const FINISHED_JOB_STATUSES = [
  JobStatus.completed,
  JobStatus.failed,
  JobStatus.cancelled,
] as const satisfies readonly JobStatus[];

/** True when the job is completed, failed or cancelled. */
export function isJobFinished(status: JobStatus): boolean {
  return (FINISHED_JOB_STATUSES as readonly JobStatus[]).includes(status);
}

export const JobKindSchema = z.enum(JobKind, {
  error: `Job kind must be one of ${JOB_KINDS.join(", ")}`,
});
export const JobStatusSchema = z.enum(JobStatus, {
  error: `Job status must be one of ${Object.values(JobStatus).join(", ")}`,
});

/** Where a job stands; `etaSeconds` is null until the runner has timed a step. */
export const JobProgressSchema = z.object({
  step: z.number().int().min(0),
  total: z.number().int().min(0),
  /** 0..1; 1 once completed. */
  fraction: z.number().min(0).max(1),
  etaSeconds: z.number().min(0).nullable(),
  /** A sentence a filmmaker understands, e.g. "Denoising step 12/40 · about 1:20 left". */
  message: z.string(),
});
export type JobProgress = z.infer<typeof JobProgressSchema>;

/** A file the job produced, served at `/api/jobs/:id/artifacts/:name`. */
export const JobArtifactSchema = z.object({
  name: z.string().min(1),
  mime: z.string().min(1),
  bytes: z.number().int().min(0),
});
export type JobArtifact = z.infer<typeof JobArtifactSchema>;

/**
 * Why a job failed or was cancelled. `code` is an `ErrorCode` from `api/errors`, kept as a string
 * so a newer server's codes still parse in an older studio.
 */
export const JobErrorSchema = z.object({
  code: z.string().min(1),
  message: z.string(),
});
export type JobError = z.infer<typeof JobErrorSchema>;

export const JobSchema = z.object({
  id: IdSchema,
  kind: JobKindSchema,
  status: JobStatusSchema,
  params: z.record(z.string(), z.unknown()),
  progress: JobProgressSchema,
  error: JobErrorSchema.optional(),
  artifacts: z.array(JobArtifactSchema),
  createdAt: IsoDateTimeSchema,
  startedAt: IsoDateTimeSchema.optional(),
  finishedAt: IsoDateTimeSchema.optional(),
});
export type Job = z.infer<typeof JobSchema>;
