/** Request helpers shared by the route tests; every body is checked against the shared schemas. */
import { expect } from "vitest";
import type { z } from "zod";
import { ErrorBodySchema, JobResponseSchema, type CreateJobRequest } from "@milimo/shared/api";
import type { Job, JobStatus } from "@milimo/shared/schema";
import type { TestApp } from "./make-test-app";

/** POSTs JSON. */
export function postJson(
  t: TestApp,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return t.request(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

/** Asserts the status and parses the body with `schema`. */
export async function expectBody<S extends z.ZodType>(
  res: Response,
  status: number,
  schema: S,
): Promise<z.output<S>> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return schema.parse(JSON.parse(text));
}

/** Asserts an `{error:{code}}` answer and returns its message. */
export async function expectError(res: Response, status: number, code: string): Promise<string> {
  const body = await expectBody(res, status, ErrorBodySchema);
  expect(body.error.code).toBe(code);
  return body.error.message;
}

/** Creates a job and returns it (202). */
export async function createJob(t: TestApp, request: CreateJobRequest): Promise<Job> {
  const { job } = await expectBody(await postJson(t, "/api/jobs", request), 202, JobResponseSchema);
  return job;
}

/** Reads a job. */
export async function getJob(t: TestApp, id: string): Promise<Job> {
  return (await expectBody(await t.request(`/api/jobs/${id}`), 200, JobResponseSchema)).job;
}

/** Polls until the job has `status`; fails after `timeoutMs`. */
export async function waitForStatus(
  t: TestApp,
  id: string,
  status: JobStatus,
  timeoutMs = 5000,
): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob(t, id);
    if (job.status === status) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} is ${job.status}, not ${status}`);
    await new Promise(r => setTimeout(r, 10));
  }
}

/**
 * A small valid render job request, handy for fake pipelines; `label` becomes the film's length in
 * frames so requests stay distinguishable in assertions on params.
 */
export const renderJob = (label: string): CreateJobRequest => ({
  kind: "render",
  params: {
    spec: {
      width: 64,
      height: 64,
      fps: 25,
      durationFrames: 1 + [...label].reduce((sum, ch) => sum + ch.charCodeAt(0), 0),
      container: "mp4",
      videoCodec: "avc",
      audioCodec: "aac",
      video: [],
      audio: [],
    },
    media: [],
  },
});
