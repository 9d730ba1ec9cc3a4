import { describe, expect, it } from "vitest";
import { isJobFinished, JobSchema, type Job } from "./job";

const job: Job = {
  id: "j1",
  kind: "generate-video",
  status: "running",
  params: { prompt: "x" },
  progress: { step: 3, total: 40, fraction: 0.075, etaSeconds: 80, message: "Denoising step 3/40" },
  artifacts: [],
  createdAt: "2025-01-31T12:00:00.000Z",
  startedAt: "2025-01-31T12:00:01.000Z",
};

describe("JobSchema", () => {
  it("accepts a job as §6 describes it", () => {
    expect(JobSchema.parse(job)).toEqual(job);
  });

  it("accepts a failed job with its error and a null ETA", () => {
    const failed = {
      ...job,
      status: "failed",
      progress: { ...job.progress, etaSeconds: null },
      error: { code: "SERVER_RESTARTED", message: "The server restarted" },
      finishedAt: "2025-01-31T12:05:00.000Z",
    };
    expect(JobSchema.safeParse(failed).success).toBe(true);
  });

  it.each([
    ["an unknown status", { status: "done" }],
    ["an unknown kind", { kind: "upscale" }],
    ["a fraction above 1", { progress: { ...job.progress, fraction: 1.2 } }],
    ["an artifact without size", { artifacts: [{ name: "a.mp4", mime: "video/mp4" }] }],
    ["a non-ISO time", { createdAt: "yesterday" }],
  ])("rejects %s", (_label, patch) => {
    expect(JobSchema.safeParse({ ...job, ...patch }).success).toBe(false);
  });
});

describe("isJobFinished", () => {
  it.each([
    ["queued", false],
    ["running", false],
    ["completed", true],
    ["failed", true],
    ["cancelled", true],
  ] as const)("%s -> %s", (status, finished) => {
    expect(isJobFinished(status)).toBe(finished);
  });
});
