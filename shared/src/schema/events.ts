/**
 * Server-sent job events (ARCHITECTURE §6). On the wire each message is
 * `id: <n>\nevent: <type>\ndata: <json>\n\n`, where n is a server-wide increasing integer that a
 * reconnecting client sends back as `Last-Event-ID`. Every `data` has `{jobId, kind, status,
 * message}`; progress adds `progress`, complete adds `artifacts`, error adds `error`.
 */
import { z } from "zod";
import { err, ok, type Result } from "../lib/result";
import { IdSchema } from "./ids";
import { JobArtifactSchema, JobErrorSchema, JobKindSchema, JobProgressSchema } from "./job";

export const JobEventType = {
  queued: "queued",
  started: "started",
  progress: "progress",
  complete: "complete",
  error: "error",
  cancelled: "cancelled",
} as const;
export type JobEventType = (typeof JobEventType)[keyof typeof JobEventType];

export const JOB_EVENT_TYPES = Object.values(JobEventType) as readonly JobEventType[];

const eventBase = {
  jobId: IdSchema,
  kind: JobKindSchema,
  /** Human-readable, e.g. "Queued behind 2 jobs" or "Denoising step 3/40". */
  message: z.string(),
};

export const QueuedEventDataSchema = z.object({ ...eventBase, status: z.literal("queued") });
export const StartedEventDataSchema = z.object({ ...eventBase, status: z.literal("running") });
export const ProgressEventDataSchema = z.object({
  ...eventBase,
  status: z.literal("running"),
  progress: JobProgressSchema,
});
export const CompleteEventDataSchema = z.object({
  ...eventBase,
  status: z.literal("completed"),
  artifacts: z.array(JobArtifactSchema),
});
export const ErrorEventDataSchema = z.object({
  ...eventBase,
  status: z.literal("failed"),
  error: JobErrorSchema,
});
export const CancelledEventDataSchema = z.object({
  ...eventBase,
  status: z.literal("cancelled"),
});

/** The `data` schema of each event type. */
export const JobEventDataSchemas = {
  queued: QueuedEventDataSchema,
  started: StartedEventDataSchema,
  progress: ProgressEventDataSchema,
  complete: CompleteEventDataSchema,
  error: ErrorEventDataSchema,
  cancelled: CancelledEventDataSchema,
} as const satisfies Record<JobEventType, z.ZodType>;

export type JobEventData<T extends JobEventType = JobEventType> = z.infer<
  (typeof JobEventDataSchemas)[T]
>;

const EventIdSchema = z.number().int().positive();
const envelope = <T extends JobEventType>(type: T) =>
  z.object({ id: EventIdSchema, type: z.literal(type), data: JobEventDataSchemas[type] });

/** One parsed SSE message: `{id, type, data}` discriminated by `type`. */
export const JobEventSchema = z.discriminatedUnion("type", [
  envelope("queued"),
  envelope("started"),
  envelope("progress"),
  envelope("complete"),
  envelope("error"),
  envelope("cancelled"),
]);
export type JobEvent = z.infer<typeof JobEventSchema>;

/** Raw SSE fields as an EventSource or a stream reader sees them; `data` is the JSON text. */
export interface RawSseMessage {
  id: string | number;
  type: string;
  data: string;
}

/** Parses one SSE message into a typed event; an error string names what is wrong. */
export function parseJobEvent(raw: RawSseMessage): Result<JobEvent, string> {
  let data: unknown;
  try {
    data = JSON.parse(raw.data);
  } catch {
    return err(`event ${String(raw.id)}: data is not JSON`);
  }
  const parsed = JobEventSchema.safeParse({ id: Number(raw.id), type: raw.type, data });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return err(`event ${String(raw.id)}: ${issue?.path.join(".") ?? ""} ${issue?.message ?? ""}`);
  }
  return ok(parsed.data);
}

/** The wire form of one event, ending with the blank line that terminates an SSE message. */
export function serializeJobEvent(event: JobEvent): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
}
