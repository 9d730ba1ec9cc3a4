import { afterEach, describe, expect, it, vi } from "vitest";
import type { Job } from "@milimo/shared/schema";
import { makeTestStudio, type TestStudio } from "../store/test-studio-store";
import { followJobToEnd } from "./follow-job";
import { jobsActionsOf } from "./jobs-slice";
import { completeEvent, makeTestJob, progressEvent } from "./test-jobs";

let studio: TestStudio | undefined;
afterEach(() => {
  studio?.dispose();
  studio = undefined;
  vi.useRealTimers();
});

function setUp() {
  studio = makeTestStudio();
  const jobs = jobsActionsOf(studio);
  const job = makeTestJob({ id: "j", kind: "inpaint" });
  const getJob = vi.fn((_id: string) => Promise.resolve(job));
  return { studio, jobs, job, getJob };
}

describe("followJobToEnd", () => {
  it("reports progress from the job's events and resolves with the finished job", async () => {
    const { studio, jobs, job, getJob } = setUp();
    const updates: number[] = [];
    const done = followJobToEnd({
      state: studio.state,
      followJob: current => jobs.followJob(current),
      getJob,
      job,
      onUpdate: current => updates.push(current.progress.fraction),
    });
    await Promise.resolve();
    jobs.applyEvent(progressEvent({ id: 1, jobId: "j", step: 5, total: 10 }));
    jobs.applyEvent(completeEvent({ id: 2, jobId: "j" }));
    await expect(done).resolves.toMatchObject({ id: "j", status: "completed" });
    expect(updates.at(-1)).toBe(0.5);
  });

  it("asks the server while no event comes, and stops asking once finished", async () => {
    vi.useFakeTimers();
    const { studio, jobs, job, getJob } = setUp();
    getJob.mockResolvedValue({ ...job, status: "completed" });
    const done = followJobToEnd({
      state: studio.state,
      followJob: current => jobs.followJob(current),
      getJob,
      job,
      onUpdate: () => undefined,
      pollMs: 100,
    });
    await vi.advanceTimersByTimeAsync(100);
    await expect(done).resolves.toMatchObject({ status: "completed" });
    await vi.advanceTimersByTimeAsync(500);
    expect(getJob).toHaveBeenCalledTimes(1);
  });

  it("rejects with the abort's reason when the caller stops following", async () => {
    const { studio, jobs, job, getJob } = setUp();
    const controller = new AbortController();
    const done: Promise<Job> = followJobToEnd({
      state: studio.state,
      followJob: current => jobs.followJob(current),
      getJob,
      job,
      onUpdate: () => undefined,
      signal: controller.signal,
    });
    controller.abort(new Error("Stopped following the job."));
    await expect(done).rejects.toThrow("Stopped following the job.");
  });
});
