import { describe, expect, it } from "vitest";
import type { Job, ShotStatus } from "@milimo/shared/schema";
import { JOB_LOST_ERROR, JOB_NEVER_SENT_ERROR, hydrateJobs } from "./hydrate-jobs";
import { applyJobEvent, formatEta, makeJobsState, mergeJob, upsertJob } from "./jobs-state";
import { apiError } from "./test-studio";
import { completeEvent, makeTestJob, progressEvent, statusEvent } from "./test-jobs";

function shot(id: string, status: ShotStatus, lastJobId: string | null) {
  return { id, status, lastJobId };
}

describe("hydrateJobs", () => {
  it("asks only about shots that were queued or generating and sorts the answers", async () => {
    const asked: string[] = [];
    const running = makeTestJob({ id: "j-run", status: "running" });
    const result = await hydrateJobs({
      shots: [
        shot("a", "generating", "j-run"),
        shot("b", "queued", "j-gone"),
        shot("c", "ready", "j-old"),
        shot("d", "draft", null),
        shot("e", "generating", "j-net"),
        shot("f", "queued", null),
      ],
      api: {
        getJob(id) {
          asked.push(id);
          if (id === "j-run") return Promise.resolve(running);
          if (id === "j-gone") return Promise.reject(apiError("JOB_NOT_FOUND"));
          return Promise.reject(apiError("SERVER_UNREACHABLE"));
        },
      },
    });
    expect(asked).toEqual(["j-run", "j-gone", "j-net"]);
    expect(result.found).toEqual([{ shotId: "a", job: running }]);
    expect(result.lost).toEqual([
      { shotId: "b", error: JOB_LOST_ERROR },
      { shotId: "f", error: JOB_NEVER_SENT_ERROR },
    ]);
    expect(result.pending).toEqual(["e"]);
  });
});

describe("job state", () => {
  const at = "2025-01-31T12:00:01.000Z";

  it("a stale snapshot never moves a job backwards", () => {
    const job: Job = applyJobEvent({
      job: undefined,
      event: progressEvent({ id: 1, jobId: "j", step: 5, total: 8 }),
      nowIso: at,
    });
    const stale = makeTestJob({ id: "j", status: "running" });
    stale.progress = { ...stale.progress, step: 2, total: 8 };
    expect(mergeJob(job, stale).progress.step).toBe(5);
    expect(mergeJob(job, makeTestJob({ id: "j", status: "queued" })).status).toBe("running");
  });

  it("a finished job stays finished whatever arrives later", () => {
    let job = applyJobEvent({
      job: undefined,
      event: statusEvent({ id: 1, jobId: "j", type: "cancelled" }),
      nowIso: at,
    });
    job = applyJobEvent({
      job,
      event: progressEvent({ id: 2, jobId: "j", step: 1, total: 2 }),
      nowIso: at,
    });
    job = applyJobEvent({ job, event: completeEvent({ id: 3, jobId: "j" }), nowIso: at });
    expect(job.status).toBe("cancelled");
  });

  it("a complete event fills artifacts and progress; params from the create answer survive", () => {
    const created = makeTestJob({ id: "j", params: { prompt: "sea" } });
    const job = applyJobEvent({
      job: created,
      event: completeEvent({ id: 4, jobId: "j" }),
      nowIso: at,
    });
    expect(job).toMatchObject({ status: "completed", params: { prompt: "sea" } });
    expect(job.progress.fraction).toBe(1);
    expect(job.artifacts.map(a => a.name)).toEqual(["video.mp4", "poster.png"]);
  });

  it("upsertJob keeps first-seen order and records links", () => {
    let state = makeJobsState();
    state = upsertJob(state, makeTestJob({ id: "a" }));
    state = upsertJob(state, makeTestJob({ id: "b" }), { shotId: "s", purpose: "video" });
    state = upsertJob(state, makeTestJob({ id: "a", status: "running" }));
    expect(state.order).toEqual(["a", "b"]);
    expect(state.byId.a?.status).toBe("running");
    expect(state.links).toEqual({ b: { shotId: "s", purpose: "video" } });
  });
});

describe("formatEta", () => {
  it.each([
    { eta: null, text: "" },
    { eta: 0, text: "0 s" },
    { eta: 44.6, text: "45 s" },
    { eta: 80, text: "1:20" },
    { eta: 3605, text: "60:05" },
  ])("$eta s reads $text", ({ eta, text }) => {
    expect(formatEta(eta)).toBe(text);
  });
});
