import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeGatedPipeline } from "../test/fake-pipelines";
import { makeTestApp, type TestApp } from "../test/make-test-app";
import { redBluePng } from "../test/media";
import { createJob, renderJob, waitForStatus } from "../test/requests";

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe("retention", () => {
  it("deletes finished jobs, their files, events, uploads and embeddings past RETENTION_HOURS, but not running jobs", async () => {
    // The real clock at start: cached embeddings are aged by their file times.
    let nowMs = Date.now();
    const gated = makeGatedPipeline();
    t = await makeTestApp({
      env: { RETENTION_HOURS: "1" },
      now: () => new Date(nowMs),
      pipelines: { render: gated.pipeline },
    });
    const app = t;
    const done = await createJob(app, renderJob("done"));
    await gated.waitStarted(done.id);
    gated.release(done.id);
    await waitForStatus(app, done.id, "completed");
    const running = await createJob(app, renderJob("running"));
    await gated.waitStarted(running.id);
    const upload = await app.deps.uploads.put(redBluePng(8, 8));
    await app.deps.samEmbedder.embed({ source: { uploadId: upload.id } });
    mkdirSync(join(app.deps.jobsDir, "orphan"), { recursive: true });
    writeFileSync(join(app.deps.jobsDir, "orphan", "x"), "left by a crash");

    expect(await app.prune()).toMatchObject({ jobs: 0, uploads: 0, embeddings: 0 });
    expect(existsSync(join(app.deps.jobsDir, "orphan"))).toBe(false);

    nowMs += 2 * 3_600_000;
    const result = await app.prune();
    expect(result).toMatchObject({ jobs: 1, uploads: 1, embeddings: 1 });
    expect(app.deps.store.getJob(done.id)).toBeUndefined();
    expect(existsSync(join(app.deps.jobsDir, done.id))).toBe(false);
    expect(app.deps.store.getJob(running.id)?.status).toBe("running");
    expect(app.deps.uploads.get(upload.id)).toBeUndefined();
    expect(app.deps.store.eventsAfter({ afterId: 0 })).toEqual([]);
    await app.deps.queue.close();
  });
});
