import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { HealthResponseSchema } from "@milimo/shared/api";
import { makeGatedPipeline } from "../test/fake-pipelines";
import { makeTestApp, type TestApp } from "../test/make-test-app";
import { redBluePng } from "../test/media";
import { createJob, expectBody, renderJob } from "../test/requests";

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const health = async (app: TestApp) =>
  expectBody(await app.request("/api/health"), 200, HealthResponseSchema);

describe("GET /api/health", () => {
  it("reports the device, the models (fixture, loaded) and the queue", async () => {
    const gated = makeGatedPipeline();
    t = await makeTestApp({ pipelines: { render: gated.pipeline } });
    const before = await health(t);
    expect(before).toMatchObject({ status: "ok", device: "cpu", queue: { queued: 0, running: 0 } });
    expect(before.version).toMatch(/^\d+\.\d+\.\d+/);
    const encoder = before.models.find(m => m.id === "sam-fixture-encoder");
    expect(encoder).toEqual({
      id: "sam-fixture-encoder",
      task: "sam-encoder",
      loaded: false,
      fixture: true,
    });

    const form = new FormData();
    form.append("image", new Blob([redBluePng(32, 32)]));
    expect((await t.request("/api/sam/embed", { method: "POST", body: form })).status).toBe(200);
    const a = await createJob(t, renderJob("a"));
    await createJob(t, renderJob("b"));
    await gated.waitStarted(a.id);

    const after = await health(t);
    expect(after.models.find(m => m.id === "sam-fixture-encoder")?.loaded).toBe(true);
    expect(after.queue).toEqual({ queued: 1, running: 1 });
    await t.deps.queue.close();
  });

  it("answers with no models when MODELS_DIR does not exist", async () => {
    const empty = mkdtempSync(join(tmpdir(), "milimo-nomodels-"));
    try {
      t = await makeTestApp({ modelsDir: join(empty, "missing") });
      expect((await health(t)).models).toEqual([]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
