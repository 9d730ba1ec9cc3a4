/**
 * The job routes of the HTTP contract over the studio's typed api client: uploads, create, get,
 * cancel and artifact downloads. Answers are validated by the shared schemas (the client maps
 * network failures to SERVER_UNREACHABLE and bad bodies to BAD_RESPONSE).
 */
import {
  ApiPath,
  CreateUploadResponseSchema,
  JobResponseSchema,
  ListJobsResponseSchema,
  UPLOAD_FIELD,
  type CreateJobRequest,
} from "@milimo/shared/api";
import type { ApiClient } from "../api/client";
import type { JobsApi } from "./job-actions";

/** Uploads and artifacts can be tens of MB: allow them longer than a JSON call; in ms. */
export const TRANSFER_TIMEOUT_MS = 120_000;

/** `JobsApi` over the studio's `ApiClient`. */
export function makeJobsApi(client: ApiClient): JobsApi {
  return {
    async upload(file, name) {
      const form = new FormData();
      form.append(UPLOAD_FIELD, file, name);
      const { upload } = await client.request(ApiPath.uploads, {
        method: "POST",
        body: form,
        schema: CreateUploadResponseSchema,
        timeoutMs: TRANSFER_TIMEOUT_MS,
      });
      return upload;
    },
    async createJob(request: CreateJobRequest) {
      const { job } = await client.request(ApiPath.jobs(), {
        method: "POST",
        body: request,
        schema: JobResponseSchema,
      });
      return job;
    },
    async getJob(jobId) {
      const { job } = await client.request(ApiPath.job(jobId), { schema: JobResponseSchema });
      return job;
    },
    async cancelJob(jobId) {
      const { job } = await client.request(ApiPath.cancelJob(jobId), {
        method: "POST",
        schema: JobResponseSchema,
      });
      return job;
    },
    async listJobs() {
      const { jobs } = await client.request(ApiPath.jobs(), { schema: ListJobsResponseSchema });
      return jobs;
    },
    async fetchArtifact(jobId, name) {
      const response = await client.fetchRaw(ApiPath.artifact(jobId, name), {
        timeoutMs: TRANSFER_TIMEOUT_MS,
      });
      return response.blob();
    },
  };
}

/** URL of the event stream under the client's server (token and resume id are added per connection). */
export function eventsUrlOf(client: ApiClient): string {
  return client.url(ApiPath.events());
}
