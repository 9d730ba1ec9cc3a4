import { afterEach, describe, expect, it } from "vitest";
import { JobResponseSchema, ListJobsResponseSchema } from "@milimo/shared/api";
import { DomainError } from "../errors";
import { makeGatedPipeline } from "../test/fake-pipelines";
import { makeTestApp, type TestApp, type TestAppOptions } from "../test/make-test-app";
import { readSse } from "../test/sse";
import {
  createJob,
  expectBody,
  expectError,
  getJob,
  postJson,
  renderJob,
  waitForStatus,
} from "../test/requests";

let t: TestApp | undefined;
const start = async (options?: TestAppOptions) => (t = await makeTestApp(options));
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe("POST /api/jobs", () => {
  it("records the job as queued with the kind's defaults and answers 202", async () => {
    const app = await start({ pipelines: { "generate-image": makeGatedPipeline().pipeline } });
    const job = await createJob(app, {
      kind: "generate-image",
      params: { prompt: "a lighthouse", seed: 3 },
    });
    expect(job).toMatchObject({ kind: "generate-image", status: "queued", artifacts: [] });
    expect(job.params).toMatchObject({
      prompt: "a lighthouse",
      seed: 3,
      width: 512,
      height: 320,
      steps: 25,
    });
    expect(Date.parse(job.createdAt)).not.toBeNaN();
  });

  it.each([
    ["a missing kind", { params: {} }, /^kind:/],
    ["an unknown kind", { kind: "upscale", params: {} }, /^kind: Job kind must be one of/],
    ["a missing prompt", { kind: "generate-image", params: { seed: 1 } }, /^params\.prompt:/],
    [
      "a size that is not a multiple of 32",
      { kind: "generate-video", params: { prompt: "x", seed: 1, width: 500 } },
      /^params\.width: Width must be a multiple of 32/,
    ],
    [
      "an inpaint without a mask",
      { kind: "inpaint", params: { prompt: "x", seed: 1, imageUploadId: "a" } },
      /^params\.maskUploadId:/,
    ],
  ])("answers 400 INVALID_REQUEST naming the field for %s", async (_label, body, message) => {
    const app = await start();
    expect(
      await expectError(await postJson(app, "/api/jobs", body), 400, "INVALID_REQUEST"),
    ).toMatch(message);
  });

  it("answers 400 for a body that is not JSON", async () => {
    const app = await start();
    const res = await app.request("/api/jobs", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{not json",
    });
    await expectError(res, 400, "INVALID_REQUEST");
  });

  it("answers 404 UPLOAD_NOT_FOUND naming the field when params point at an unknown upload", async () => {
    const app = await start();
    const res = await postJson(app, "/api/jobs", {
      kind: "sam-embed",
      params: { uploadId: "f".repeat(64) },
    });
    expect(await expectError(res, 404, "UPLOAD_NOT_FOUND")).toMatch(
      /^params\.uploadId: upload f+ is not on the server/,
    );
  });

  it("fails a job whose kind has no pipeline with PIPELINE_UNAVAILABLE", async () => {
    const app = await start({ pipelines: { render: undefined } });
    const job = await createJob(app, renderJob("a"));
    const failed = await waitForStatus(app, job.id, "failed");
    expect(failed.error?.code).toBe("PIPELINE_UNAVAILABLE");
    expect(failed.error?.message).toMatch(/cannot run render jobs/);
  });
});

describe("GET /api/jobs and /api/jobs/:id", () => {
  it("returns a job by id and 404 JOB_NOT_FOUND for an unknown one", async () => {
    const gated = makeGatedPipeline();
    const app = await start({ pipelines: { render: gated.pipeline } });
    const job = await createJob(app, renderJob("a"));
    expect((await getJob(app, job.id)).id).toBe(job.id);
    await expectError(await app.request("/api/jobs/nope"), 404, "JOB_NOT_FOUND");
    await gated.waitStarted(job.id);
    gated.release(job.id);
    await app.deps.queue.whenIdle();
  });

  it("lists newest first, filtered by status and ids", async () => {
    const gated = makeGatedPipeline();
    const app = await start({ pipelines: { render: gated.pipeline } });
    const a = await createJob(app, renderJob("a"));
    const b = await createJob(app, renderJob("b"));
    const c = await createJob(app, renderJob("c"));
    await gated.waitStarted(a.id);

    const all = await expectBody(await app.request("/api/jobs"), 200, ListJobsResponseSchema);
    expect(all.jobs.map(j => j.id)).toEqual([c.id, b.id, a.id]);

    const queued = await expectBody(
      await app.request("/api/jobs?status=queued"),
      200,
      ListJobsResponseSchema,
    );
    expect(queued.jobs.map(j => j.id)).toEqual([c.id, b.id]);

    const some = await expectBody(
      await app.request(`/api/jobs?ids=${a.id},${c.id}&status=running,queued`),
      200,
      ListJobsResponseSchema,
    );
    expect(some.jobs.map(j => j.id)).toEqual([c.id, a.id]);

    await expectError(await app.request("/api/jobs?status=done"), 400, "INVALID_REQUEST");
    await app.deps.queue.close();
  });
});

describe("job lifecycle", () => {
  it("runs a job to completion with progress, fraction and ETA, and serves its artifact", async () => {
    const gated = makeGatedPipeline();
    const app = await start({ pipelines: { render: gated.pipeline } });
    const job = await createJob(app, renderJob("a"));
    await gated.waitStarted(job.id);
    const running = await getJob(app, job.id);
    expect(running.status).toBe("running");
    expect(running.startedAt).toBeDefined();
    expect(running.progress).toMatchObject({
      step: 0,
      total: 2,
      fraction: 0,
      message: "Waiting for the test",
    });

    gated.release(job.id);
    const done = await waitForStatus(app, job.id, "completed");
    expect(done.progress).toMatchObject({ fraction: 1, etaSeconds: 0 });
    expect(done.finishedAt).toBeDefined();
    const expected = `job ${job.id}\n`;
    expect(done.artifacts).toEqual([
      { name: "out.txt", mime: "text/plain", bytes: Buffer.byteLength(expected) },
    ]);

    const res = await app.request(`/api/jobs/${job.id}/artifacts/out.txt`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/plain");
    expect(res.headers.get("Accept-Ranges")).toBe("bytes");
    expect(await res.text()).toBe(expected);
  });

  it("estimates the time left from the pace of the steps", async () => {
    let finish: () => void = () => undefined;
    const app = await start({
      pipelines: {
        render: async (_params, ctx) => {
          ctx.progress({ step: 0, total: 4, message: "Denoising" });
          await new Promise(r => setTimeout(r, 200));
          ctx.progress({ step: 1, total: 4, message: "Denoising step 1/4" });
          await new Promise<void>(r => (finish = r));
          return [];
        },
      },
    });
    const sse = readSse(await app.request("/api/events"));
    const job = await createJob(app, renderJob("a"));
    const progress = (await sse.events(4)).filter(e => e.type === "progress");
    await sse.close();
    const [, second] = progress;
    expect(second?.type === "progress" && second.data.progress).toMatchObject({
      step: 1,
      total: 4,
      fraction: 0.25,
    });
    const eta = second?.type === "progress" ? (second.data.progress.etaSeconds ?? 0) : 0;
    // One step took ~0.2 s, three remain: about 0.6 s.
    expect(eta).toBeGreaterThan(0.4);
    expect(eta).toBeLessThan(3);
    expect(second?.data.message).toMatch(
      /^Denoising step 1\/4 · (less than a second|about \d+ s) left$/,
    );
    finish();
    await waitForStatus(app, job.id, "completed");
  });

  it("serves byte ranges of artifacts (206, Content-Range) and 416 past the end", async () => {
    const gated = makeGatedPipeline();
    const app = await start({ pipelines: { render: gated.pipeline } });
    const job = await createJob(app, renderJob("a"));
    await gated.waitStarted(job.id);
    gated.release(job.id);
    await waitForStatus(app, job.id, "completed");
    const text = `job ${job.id}\n`;
    const url = `/api/jobs/${job.id}/artifacts/out.txt`;

    const head = await app.request(url, { headers: { Range: "bytes=0-3" } });
    expect(head.status).toBe(206);
    expect(head.headers.get("Content-Range")).toBe(`bytes 0-3/${text.length}`);
    expect(await head.text()).toBe("job ");

    const tail = await app.request(url, { headers: { Range: "bytes=-3" } });
    expect(await tail.text()).toBe(text.slice(-3));

    const past = await app.request(url, { headers: { Range: "bytes=9999-" } });
    expect(past.headers.get("Content-Range")).toBe(`bytes */${text.length}`);
    await expectError(past, 416, "RANGE_NOT_SATISFIABLE");

    await expectError(
      await app.request(`/api/jobs/${job.id}/artifacts/other.mp4`),
      404,
      "ARTIFACT_NOT_FOUND",
    );
    await expectError(await app.request(`/api/jobs/nope/artifacts/out.txt`), 404, "JOB_NOT_FOUND");
  });

  it.each([
    [
      "a DomainError keeps its code",
      new DomainError("FFMPEG_FAILED", "ffmpeg could not encode"),
      "FFMPEG_FAILED",
      /ffmpeg could not encode/,
    ],
    [
      "any other error becomes PIPELINE_FAILED",
      new Error("tensor shape mismatch"),
      "PIPELINE_FAILED",
      /The render job failed: tensor shape mismatch/,
    ],
  ])("stores failures: %s", async (_label, error, code, message) => {
    const app = await start({
      pipelines: {
        render: () => Promise.reject(error),
      },
    });
    const job = await createJob(app, renderJob("a"));
    const failed = await waitForStatus(app, job.id, "failed");
    expect(failed.error?.code).toBe(code);
    expect(failed.error?.message).toMatch(message);
  });

  it("fails a job whose pipeline names an artifact it did not write", async () => {
    const app = await start({
      pipelines: {
        render: () => Promise.resolve([{ name: "ghost.mp4", mime: "video/mp4", bytes: 1 }]),
      },
    });
    const job = await createJob(app, renderJob("a"));
    const failed = await waitForStatus(app, job.id, "failed");
    expect(failed.error).toEqual({
      code: "PIPELINE_FAILED",
      message: "The pipeline did not write its ghost.mp4.",
    });
  });
});

describe("scheduling", () => {
  it("runs one GPU-heavy job at a time and interactive work before generation", async () => {
    const gpu = makeGatedPipeline();
    const app = await start({
      pipelines: {
        "generate-video": gpu.pipeline,
        "generate-image": gpu.pipeline,
        inpaint: gpu.pipeline,
      },
    });
    const params = { prompt: "x", seed: 1 };
    const first = await createJob(app, { kind: "generate-video", params });
    await gpu.waitStarted(first.id);
    const video = await createJob(app, { kind: "generate-video", params });
    const image = await createJob(app, { kind: "generate-image", params });
    const upload = await app.deps.uploads.put(
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]),
    );
    const inpaint = await createJob(app, {
      kind: "inpaint",
      params: { ...params, imageUploadId: upload.id, maskUploadId: upload.id },
    });
    expect((await getJob(app, video.id)).status).toBe("queued");

    for (const next of [inpaint, image, video]) {
      gpu.release(gpu.started.at(-1) as string);
      await gpu.waitStarted(next.id);
    }
    gpu.release(video.id);
    await app.deps.queue.whenIdle();
    expect(gpu.started).toEqual([first.id, inpaint.id, image.id, video.id]);
    expect(gpu.maxActive()).toBe(1);
  });

  it("runs SAM embeddings while a generation holds the GPU lane", async () => {
    const gpu = makeGatedPipeline();
    const sam = makeGatedPipeline();
    const app = await start({
      pipelines: { "generate-image": gpu.pipeline, "sam-embed": sam.pipeline },
    });
    const gen = await createJob(app, { kind: "generate-image", params: { prompt: "x", seed: 1 } });
    await gpu.waitStarted(gen.id);
    const upload = await app.deps.uploads.put(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0]));
    const embed = await createJob(app, { kind: "sam-embed", params: { uploadId: upload.id } });
    await sam.waitStarted(embed.id);
    sam.release(embed.id);
    await waitForStatus(app, embed.id, "completed");
    expect((await getJob(app, gen.id)).status).toBe("running");
    gpu.release(gen.id);
    await app.deps.queue.whenIdle();
  });
});

describe("POST /api/jobs/:id/cancel", () => {
  it("cancels a queued job, which never starts", async () => {
    const gated = makeGatedPipeline();
    const app = await start({ pipelines: { render: gated.pipeline } });
    const a = await createJob(app, renderJob("a"));
    const b = await createJob(app, renderJob("b"));
    await gated.waitStarted(a.id);

    const { job } = await expectBody(
      await app.request(`/api/jobs/${b.id}/cancel`, { method: "POST" }),
      200,
      JobResponseSchema,
    );
    expect(job.status).toBe("cancelled");
    expect(job.startedAt).toBeUndefined();

    gated.release(a.id);
    await app.deps.queue.whenIdle();
    expect(gated.started).toEqual([a.id]);
    expect((await getJob(app, b.id)).status).toBe("cancelled");
  });

  it("cancels a running job: its signal aborts, its models are released, the next job starts", async () => {
    const gated = makeGatedPipeline();
    const app = await start({ pipelines: { render: gated.pipeline } });
    const a = await createJob(app, renderJob("a"));
    const b = await createJob(app, renderJob("b"));
    await gated.waitStarted(a.id);

    const { job } = await expectBody(
      await app.request(`/api/jobs/${a.id}/cancel`, { method: "POST" }),
      200,
      JobResponseSchema,
    );
    expect(job.status).toBe("cancelled");
    expect(job.finishedAt).toBeDefined();
    await gated.waitStarted(b.id);
    expect(gated.aborted).toEqual([a.id]);
    expect((await getJob(app, a.id)).artifacts).toEqual([]);
    gated.release(b.id);
    await waitForStatus(app, b.id, "completed");
  });

  it("unloads the models a cancelled job had loaded", async () => {
    let loaded = false;
    const app = await start({
      pipelines: {
        render: async (_params, ctx) => {
          await ctx.sessions.get("sam-fixture-decoder", "decoder");
          loaded = true;
          await new Promise((_, reject) =>
            ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason as Error)),
          );
          return [];
        },
      },
    });
    const job = await createJob(app, renderJob("a"));
    while (!loaded) await new Promise(r => setTimeout(r, 5));
    expect(app.deps.sessions.loadedModelIds().has("sam-fixture-decoder")).toBe(true);
    await app.request(`/api/jobs/${job.id}/cancel`, { method: "POST" });
    await app.deps.queue.whenIdle();
    expect(app.deps.sessions.loadedModelIds().has("sam-fixture-decoder")).toBe(false);
  });

  it("answers 409 JOB_FINISHED for a finished job and 404 for an unknown one", async () => {
    const gated = makeGatedPipeline();
    const app = await start({ pipelines: { render: gated.pipeline } });
    const a = await createJob(app, renderJob("a"));
    await gated.waitStarted(a.id);
    gated.release(a.id);
    await waitForStatus(app, a.id, "completed");
    expect(
      await expectError(
        await app.request(`/api/jobs/${a.id}/cancel`, { method: "POST" }),
        409,
        "JOB_FINISHED",
      ),
    ).toMatch(/completed/);
    await expectError(
      await app.request(`/api/jobs/nope/cancel`, { method: "POST" }),
      404,
      "JOB_NOT_FOUND",
    );
  });
});
