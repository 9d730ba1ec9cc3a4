/** `/api/jobs`: create, list, get, cancel, artifacts (ARCHITECTURE §6). */
import { join } from "node:path";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import {
  ApiRoute,
  CreateJobRequestSchema,
  ErrorCode,
  JobResponseSchema,
  ListJobsQuerySchema,
  ListJobsResponseSchema,
} from "@milimo/shared/api";
import { DomainError } from "../errors";
import type { AppDeps } from "../app-deps";
import { validate } from "../middleware/validate";
import { sendJson } from "./respond";
import { sendFile } from "./send-file";

const MAX_JOB_BODY_BYTES = 1024 * 1024;

/** Every `uploadId` / `…UploadId` string in params, with its path ("params.conditioning.0.uploadId"). */
export function findUploadRefs(
  value: unknown,
  path: string[] = ["params"],
): Array<{ path: string; id: string }> {
  if (Array.isArray(value)) return value.flatMap((v, i) => findUploadRefs(v, [...path, String(i)]));
  if (!value || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, v]) =>
    typeof v === "string" && (key === "uploadId" || key.endsWith("UploadId"))
      ? [{ path: [...path, key].join("."), id: v }]
      : findUploadRefs(v, [...path, key]),
  );
}

export function jobsRoutes(deps: AppDeps) {
  const { store, queue, uploads } = deps;
  const jobNotFound = (id: string) =>
    new DomainError(
      ErrorCode.JOB_NOT_FOUND,
      `There is no job ${id} on this server (it may have expired).`,
    );

  return new Hono()
    .post(
      ApiRoute.jobs,
      bodyLimit({
        maxSize: MAX_JOB_BODY_BYTES,
        onError: () => {
          throw new DomainError(
            ErrorCode.INVALID_REQUEST,
            "The job request is too large (over 1 MiB).",
            {
              status: 413,
            },
          );
        },
      }),
      validate("json", CreateJobRequestSchema),
      c => {
        const request = c.req.valid("json");
        for (const ref of findUploadRefs(request.params)) {
          if (!uploads.get(ref.id)) {
            throw new DomainError(
              ErrorCode.UPLOAD_NOT_FOUND,
              `${ref.path}: upload ${ref.id} is not on the server; upload it again.`,
              { details: { field: ref.path } },
            );
          }
        }
        const job = queue.submit(request);
        return sendJson(c, JobResponseSchema, { job }, 202);
      },
    )
    .get(ApiRoute.jobs, validate("query", ListJobsQuerySchema), c => {
      const { status, ids, limit } = c.req.valid("query");
      return sendJson(c, ListJobsResponseSchema, { jobs: store.listJobs({ status, ids, limit }) });
    })
    .get(ApiRoute.job, c => {
      const id = c.req.param("id");
      const job = store.getJob(id);
      if (!job) throw jobNotFound(id);
      return sendJson(c, JobResponseSchema, { job });
    })
    .post(ApiRoute.cancelJob, c => {
      const job = queue.cancel(c.req.param("id"));
      return sendJson(c, JobResponseSchema, { job });
    })
    .get(ApiRoute.artifact, async c => {
      const id = c.req.param("id");
      const name = c.req.param("name");
      const job = store.getJob(id);
      if (!job) throw jobNotFound(id);
      const artifact = job.artifacts.find(a => a.name === name);
      const missing = new DomainError(
        ErrorCode.ARTIFACT_NOT_FOUND,
        artifact
          ? `The file ${name} of job ${id} has expired on the server; run the job again.`
          : `Job ${id} has no file named ${name}.`,
      );
      if (!artifact) throw missing;
      return sendFile(c, {
        path: join(deps.jobsDir, id, artifact.name),
        mime: artifact.mime,
        // Artifacts never change once the job completed.
        cacheControl: "private, max-age=31536000, immutable",
        missing,
      });
    });
}
