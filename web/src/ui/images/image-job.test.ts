import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createRoot } from "solid-js";
import type { GenerateImageParams } from "@milimo/shared/api";
import { makeApiClient } from "../../api/client";
import { jobsActionsOf } from "../../jobs/jobs-slice";
import { completeEvent, errorEvent, progressEvent } from "../../jobs/test-jobs";
import { TestFormData, makeFakeServerFetch } from "../../jobs/test-server-fetch";
import { makeTestStudio, sleep, type TestStudio } from "../../store/test-studio-store";
import { DEFAULT_IMAGE_FORM, planImageJob, type ImageJobPlan } from "./image-form";
import { createImageJobRunner, type ImageJobRunner } from "./image-job";

let studio: TestStudio;
let disposeRunner: (() => void) | undefined;

beforeEach(() => vi.stubGlobal("FormData", TestFormData));
afterEach(() => {
  disposeRunner?.();
  studio?.dispose();
  vi.unstubAllGlobals();
});

async function setup() {
  const server = makeFakeServerFetch();
  const api = makeApiClient({ fetchFn: server.fetchFn });
  studio = makeTestStudio({ deps: { api } });
  const projectId = await studio.actions.project.create({ name: "Stills" });
  await studio.actions.project.open(projectId);
  const runner = createRoot(dispose => {
    disposeRunner = dispose;
    return createImageJobRunner({ store: studio, api });
  });
  return { server, runner, jobs: jobsActionsOf(studio) };
}

function planOf(patch: Partial<typeof DEFAULT_IMAGE_FORM>): ImageJobPlan {
  const result = planImageJob({
    form: { ...DEFAULT_IMAGE_FORM, prompt: "a lamp", ...patch },
    elements: [],
  });
  if (!result.ok) throw new Error("invalid form");
  return result.plan;
}

/** Waits until the runner has a job id (the job was created). */
async function jobIdOf(runner: ImageJobRunner): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const id = runner.progress()?.jobId;
    if (id) return id;
    await sleep(5);
  }
  throw new Error("no job was created");
}

describe("createImageJobRunner", () => {
  it("shows progress, then stores the image as a generated library image of the asked size", async () => {
    const { server, runner, jobs } = await setup();
    const run = runner.run({ plan: planOf({ width: 512, height: 256 }), name: "Lamp.png" });
    const jobId = await jobIdOf(runner);
    expect(server.created[0]).toMatchObject({ kind: "generate-image" });
    // No references: no conditioning and nothing uploaded.
    expect(server.created[0]?.params).not.toHaveProperty("conditioning");
    expect(server.uploads).toEqual([]);

    jobs.applyEvent(progressEvent({ id: 1, jobId, step: 5, total: 25 }));
    expect(runner.progress()).toMatchObject({
      fraction: 0.2,
      message: "Denoising step 5/25",
      etaSeconds: 20,
    });
    jobs.applyEvent(completeEvent({ id: 2, jobId }));
    const outcome = await run;

    if (!outcome.ok) throw new Error(outcome.message);
    expect(runner.progress()).toBeNull();
    expect(studio.state.project.media.byId[outcome.mediaId]).toMatchObject({
      kind: "image",
      name: "Lamp.png",
      source: "generated",
      width: 512,
      height: 256,
    });
    const blob = await studio.actions.project.readBlob(outcome.mediaId);
    expect(await blob?.text()).toBe(`${jobId}:image.png`);
  });

  it("uploads reference images as the generate-image job's frame-0 conditioning", async () => {
    const { server, runner, jobs } = await setup();
    const refId = "ref-1";
    await studio.actions.project.addMedia({
      media: {
        id: refId,
        projectId: studio.state.project.current?.id ?? "",
        kind: "image",
        name: "sky.png",
        mime: "image/png",
        bytes: 3,
        durationFrames: null,
        width: 64,
        height: 64,
        createdAt: new Date().toISOString(),
        source: "import",
      },
      blob: new Blob(["sky"], { type: "image/png" }),
    });
    const run = runner.run({ plan: planOf({ referenceMediaIds: [refId] }), name: "Sea.png" });
    const jobId = await jobIdOf(runner);
    jobs.applyEvent(completeEvent({ id: 1, jobId }));
    const outcome = await run;

    if (!outcome.ok) throw new Error(outcome.message);
    expect(await server.uploads[0]?.text).toBe("sky");
    const request = server.created[0];
    expect(request?.kind).toBe("generate-image");
    expect(request?.params).not.toHaveProperty("numFrames");
    expect((request?.params as GenerateImageParams).conditioning).toEqual([
      { uploadId: server.uploads[0]?.id, frame: 0, strength: 0.8 },
    ]);
    const blob = await studio.actions.project.readBlob(outcome.mediaId);
    expect(await blob?.text()).toBe(`${jobId}:image.png`);
  });

  it("reports a failed job in the server's words and adds nothing", async () => {
    const { runner, jobs } = await setup();
    const run = runner.run({ plan: planOf({}), name: "Lamp.png" });
    const jobId = await jobIdOf(runner);
    jobs.applyEvent(
      errorEvent({ id: 1, jobId, code: "MODEL_MISSING", message: "No image model is installed." }),
    );
    expect(await run).toEqual({
      ok: false,
      cancelled: false,
      message: "No image model is installed.",
    });
    expect(studio.state.project.media.order).toEqual([]);
  });

  it("says the server is unreachable in words when the job cannot be created", async () => {
    studio = makeTestStudio();
    const projectId = await studio.actions.project.create({ name: "Offline" });
    await studio.actions.project.open(projectId);
    const runner = createRoot(dispose => {
      disposeRunner = dispose;
      return createImageJobRunner({
        store: studio,
        api: makeApiClient({ fetchFn: () => Promise.reject(new TypeError("offline")) }),
      });
    });
    const outcome = await runner.run({ plan: planOf({}), name: "Lamp.png" });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.cancelled).toBe(false);
    expect(outcome.message).toBe(
      "The GPU server is unreachable. Editing works offline, but generating needs the server. " +
        "Check your connection and that the server is running, or set its address in Settings.",
    );
  });
});
