import { afterEach, describe, expect, it } from "vitest";
import type { Job } from "@milimo/shared/schema";
import { makeTestStudio, type TestStudio } from "../store/test-studio-store";
import { jobsActionsOf, selectJobs } from "./jobs-slice";
import { applyJobEvent, mergeJob } from "./jobs-state";
import { completeEvent, makeTestJob, progressEvent, statusEvent } from "./test-jobs";

const CREATED = "2025-01-31T11:59:00.000Z";
const LATER = "2025-01-31T12:00:05.000Z";
const PARAMS = { prompt: "a lighthouse", seed: 3, width: 512, height: 320 };

/** The server's record as the create answer gives it: queued, with params. */
const record = (overrides: Partial<Job> = {}): Job =>
  makeTestJob({ id: "j", params: PARAMS, createdAt: CREATED, ...overrides });

/** The job as the store builds it from events alone (no params). */
function fromEvents(...events: Parameters<typeof applyJobEvent>[0]["event"][]): Job {
  let job: Job | undefined;
  for (const event of events) job = applyJobEvent({ job, event, nowIso: LATER });
  if (!job) throw new Error("no events");
  return job;
}

let studio: TestStudio | undefined;
afterEach(() => {
  studio?.dispose();
  studio = undefined;
});

describe("mergeJob", () => {
  it.each([
    ["running", fromEvents(progressEvent({ id: 1, jobId: "j", step: 4, total: 8 }))],
    ["completed", fromEvents(completeEvent({ id: 1, jobId: "j" }))],
    ["cancelled", fromEvents(statusEvent({ id: 1, jobId: "j", type: "cancelled" }))],
  ] as const)(
    "an event-built %s job takes params and createdAt from a later, older record",
    (status, eventJob) => {
      const merged = mergeJob(eventJob, record());
      expect(merged).toMatchObject({ status, params: PARAMS, createdAt: CREATED });
      expect(merged.progress).toEqual(eventJob.progress);
      expect(merged.artifacts).toEqual(eventJob.artifacts);
    },
  );

  it("a newer event-built copy keeps the record's params and createdAt", () => {
    const later = fromEvents(progressEvent({ id: 1, jobId: "j", step: 6, total: 8 }));
    expect(mergeJob(record(), later)).toMatchObject({
      status: "running",
      params: PARAMS,
      createdAt: CREATED,
      progress: { step: 6 },
    });
  });

  it("a finished record keeps its params when the same verdict arrives from an event", () => {
    const done = record({ status: "completed", finishedAt: LATER });
    const merged = mergeJob(done, fromEvents(completeEvent({ id: 1, jobId: "j" })));
    expect(merged).toMatchObject({ status: "completed", params: PARAMS, createdAt: CREATED });
  });

  it("a record with params replaces nothing the newer copy already knows", () => {
    const newer = record({ status: "running", params: { prompt: "b" } });
    expect(mergeJob(newer, record()).params).toEqual({ prompt: "b" });
  });
});

describe("the store's job when the event beats the create answer", () => {
  it("has the followed job's params and the event's later status", () => {
    studio = makeTestStudio();
    const jobs = jobsActionsOf(studio);
    jobs.applyEvent(progressEvent({ id: 1, jobId: "j", step: 3, total: 25 }));
    jobs.followJob(record({ kind: "generate-image" }));
    const job = selectJobs(studio.state).jobs.byId.j;
    expect(job).toMatchObject({
      status: "running",
      params: PARAMS,
      createdAt: CREATED,
      progress: { step: 3, total: 25 },
    });
    jobs.applyEvent(completeEvent({ id: 2, jobId: "j" }));
    expect(selectJobs(studio.state).jobs.byId.j).toMatchObject({
      status: "completed",
      params: PARAMS,
    });
  });
});
