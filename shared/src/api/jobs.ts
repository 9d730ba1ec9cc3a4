/** Request and response schemas of the `/api/jobs` routes (ARCHITECTURE §6). */
import { z } from "zod";
import { JOB_KINDS, JobKind, JobSchema, JobStatusSchema } from "../schema/job";
import { JobParamsSchemas } from "./job-params";

const createJobVariant = <K extends JobKind>(kind: K) =>
  z.object({ kind: z.literal(kind), params: JobParamsSchemas[kind] });

/** `POST /api/jobs` body: `{kind, params}` with params validated by the kind's schema. */
export const CreateJobRequestSchema = z.discriminatedUnion(
  "kind",
  [
    createJobVariant(JobKind.samEmbed),
    createJobVariant(JobKind.generateImage),
    createJobVariant(JobKind.generateVideo),
    createJobVariant(JobKind.inpaint),
    createJobVariant(JobKind.track),
    createJobVariant(JobKind.render),
  ],
  { error: `Job kind must be one of ${JOB_KINDS.join(", ")}` },
);
export type CreateJobRequest = z.input<typeof CreateJobRequestSchema>;
export type ParsedCreateJobRequest = z.output<typeof CreateJobRequestSchema>;

/** `202 {job}` from create; also the answer of get and cancel. */
export const JobResponseSchema = z.object({ job: JobSchema });
export type JobResponse = z.infer<typeof JobResponseSchema>;

const commaList = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .optional()
    .transform(s =>
      s === undefined
        ? undefined
        : s
            .split(",")
            .map(v => v.trim())
            .filter(v => v.length > 0),
    )
    .pipe(z.array(item).max(500, "At most 500 values").optional());

/** `GET /api/jobs?status=queued,running&ids=a,b&limit=100` (comma lists; newest first). */
export const ListJobsQuerySchema = z.object({
  status: commaList(JobStatusSchema),
  ids: commaList(z.string().min(1)),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type ListJobsQuery = z.output<typeof ListJobsQuerySchema>;

export const ListJobsResponseSchema = z.object({ jobs: z.array(JobSchema) });
export type ListJobsResponse = z.infer<typeof ListJobsResponseSchema>;

/** `GET /api/events?jobs=a,b&lastEventId=n&token=t`. */
export const EventsQuerySchema = z.object({
  jobs: commaList(z.string().min(1)),
  lastEventId: z.coerce.number().int().min(0).optional(),
  token: z.string().optional(),
});
export type EventsQuery = z.output<typeof EventsQuerySchema>;
