import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeShot, type Shot } from "@milimo/shared/schema";
import type { GenerateVideoParams } from "@milimo/shared/api";
import type { FrameGrabber } from "./grab-last-frame";
import {
  makeJobActions,
  type JobsNotice,
  type PromptEnhanceOutcome,
  type PromptEnhanceRequest,
} from "./job-actions";
import { MockEventSource, makeFakeTimers } from "./test-event-source";
import { completeEvent, errorEvent, makeTestJob, progressEvent, statusEvent } from "./test-jobs";
import {
  PROJECT_ID,
  apiError,
  makeFakeApi,
  makeMaraFixture,
  makeMemoryStudio,
} from "./test-studio";

function setup({
  extraShots = [] as Shot[],
  blobs = {},
  grabLastFrame,
  enhancePrompt,
}: {
  extraShots?: Shot[];
  blobs?: Record<string, Blob>;
  grabLastFrame?: FrameGrabber;
  enhancePrompt?: (request: PromptEnhanceRequest) => Promise<PromptEnhanceOutcome>;
} = {}) {
  const { scene, mara, first, second } = makeMaraFixture();
  const memory = makeMemoryStudio({
    shots: [first, second, ...extraShots],
    scenes: [scene],
    elements: [mara],
    blobs: { "ref-mara": new Blob(["png"], { type: "image/png" }), ...blobs },
  });
  const fake = makeFakeApi();
  let ids = 0;
  const notices: JobsNotice[] = [];
  const [actions, dispose] = makeJobActions({
    api: fake.api,
    studio: memory.studio,
    newId: () => `m${++ids}`,
    now: () => Date.UTC(2025, 0, 31),
    eventsUrl: "/api/events",
    random: () => 0.25,
    EventSourceImpl: MockEventSource,
    timers: makeFakeTimers(),
    grabLastFrame,
    enhancePrompt,
    onNotice: notice => notices.push(notice),
  });
  return { ...memory, ...fake, actions, dispose, notices };
}

function videoParams(request: { params: unknown } | undefined): GenerateVideoParams {
  if (!request) throw new Error("no job was created");
  return request.params as GenerateVideoParams;
}

describe("generating a shot", () => {
  beforeEach(() => MockEventSource.reset());
  afterEach(() => MockEventSource.reset());

  it("injects element descriptions into the prompt and adds the previous shot as context", async () => {
    const t = setup();
    await t.actions.generateShot("s2");
    const params = videoParams(t.created[0]);
    expect(params.prompt).toContain("Mara (a keeper in a yellow raincoat) climbs the stairs");
    expect(params.prompt).not.toContain("@Mara");
    expect(params.prompt).toContain("Shot type: medium");
    expect(params.prompt).toContain(
      "Context: following a shot where Waves crash against the rocks",
    );
    expect(params).toMatchObject({ numFrames: 50, steps: 4, width: 768, height: 512, fps: 25 });
  });

  it("uploads the shot's own conditioning and the element's reference image", async () => {
    const still = makeShot({
      id: "s3",
      projectId: PROJECT_ID,
      sceneId: "sc1",
      index: 2,
      action: "Mara looks at the sea.",
      conditioning: [{ mediaId: "still", frame: 200, strength: 0.9 }],
      numFrames: 121,
    });
    const t = setup({ extraShots: [still], blobs: { still: new Blob(["jpg"]) } });
    await t.actions.generateShot("s3");
    expect(t.uploads.map(u => u.name)).toEqual(["still", "ref-mara"]);
    expect(videoParams(t.created[0]).conditioning).toEqual([
      { uploadId: "up-still", frame: 120, strength: 0.9 }, // clamped to the last frame
      { uploadId: "up-ref-mara", frame: 0, strength: 0.5 },
    ]);
  });

  it("sends no conditioning for text-to-video", async () => {
    const t = setup();
    t.studio.patchShot("s2", { pipeline: "t2v" });
    await t.actions.generateShot("s2");
    expect(t.uploads).toEqual([]);
    expect(videoParams(t.created[0]).conditioning).toBeUndefined();
  });

  it.each([
    { seedLocked: false, expected: Math.floor(0.25 * 2 ** 32) },
    { seedLocked: true, expected: 7 },
  ])("seedLocked $seedLocked sends seed $expected and keeps it on the shot", async c => {
    const t = setup();
    t.studio.patchShot("s2", { seedLocked: c.seedLocked });
    await t.actions.generateShot("s2");
    expect(videoParams(t.created[0]).seed).toBe(c.expected);
    expect(t.shotOf("s2").seed).toBe(c.expected);
  });

  it("marks the shot queued with its job, then follows progress", async () => {
    const t = setup();
    await t.actions.generateShot("s2");
    expect(t.shotOf("s2")).toMatchObject({ status: "queued", lastJobId: "job-1" });
    t.actions.applyEvent(progressEvent({ id: 1, jobId: "job-1", step: 2, total: 4 }));
    expect(t.shotOf("s2").status).toBe("generating");
    expect(t.jobs().byId["job-1"]?.progress.fraction).toBe(0.5);
  });

  it("does not submit twice while a job is in flight", async () => {
    const t = setup();
    await Promise.all([t.actions.generateShot("s2"), t.actions.generateShot("s2")]);
    await t.actions.generateShot("s2");
    expect(t.created).toHaveLength(1);
  });

  it("shows the server's words on the shot when the job can't be created", async () => {
    const t = setup();
    t.api.failCreateWith = apiError("SERVER_UNREACHABLE", "The GPU server can't be reached.");
    await t.actions.generateShot("s2");
    expect(t.shotOf("s2")).toMatchObject({
      status: "failed",
      lastJobId: null,
      error: { code: "SERVER_UNREACHABLE", message: "The GPU server can't be reached." },
    });
  });
});

describe("prompt enhancement (FEATURES §4)", () => {
  beforeEach(() => MockEventSource.reset());
  afterEach(() => MockEventSource.reset());

  it("sends the enhanced prompt when the shot has enhance on, and says it is enhancing", async () => {
    const asked: PromptEnhanceRequest[] = [];
    const t = setup({
      enhancePrompt: request => {
        asked.push(request);
        return Promise.resolve({ ok: true, prompt: "A keeper climbs. Light flickers." });
      },
    });
    t.studio.patchShot("s2", { enhancePrompt: true, characters: ["MARA"] });
    await t.actions.generateShot("s2");
    expect(videoParams(t.created[0]).prompt).toBe("A keeper climbs. Light flickers.");
    expect(asked).toHaveLength(1);
    expect(asked[0]?.prompt).toContain("Mara (a keeper in a yellow raincoat) climbs the stairs");
    expect(asked[0]).toMatchObject({ shotId: "s2", numFrames: 50, fps: 25 });
    expect(asked[0]?.keep).toContain("MARA");
    expect(t.notices.map(n => n.title)).toEqual(["Enhancing the prompt…"]);
  });

  it("leaves the prompt alone when the shot has enhance off", async () => {
    let calls = 0;
    const t = setup({
      enhancePrompt: () => {
        calls++;
        return Promise.resolve({ ok: true, prompt: "enhanced" });
      },
    });
    await t.actions.generateShot("s2");
    expect(calls).toBe(0);
    expect(videoParams(t.created[0]).prompt).toContain("Shot type: medium");
    expect(t.notices).toEqual([]);
  });

  it.each([
    [
      "reports a failure",
      () => Promise.resolve({ ok: false as const, reason: "the LLM answered HTTP 500" }),
      "the LLM answered HTTP 500",
    ],
    ["throws", () => Promise.reject(new Error("boom")), "boom"],
  ])(
    "falls back to the built prompt with a notice when the enhancer %s",
    async (_label, enhance, reason) => {
      const t = setup({ enhancePrompt: enhance });
      t.studio.patchShot("s2", { enhancePrompt: true });
      await t.actions.generateShot("s2");
      expect(videoParams(t.created[0]).prompt).toContain("Mara (a keeper in a yellow raincoat)");
      expect(t.shotOf("s2")).toMatchObject({ status: "queued", lastJobId: "job-1" });
      expect(t.notices.at(-1)).toEqual({
        kind: "info",
        title: "Generating with the prompt as built",
        detail: `Prompt enhancement failed (${reason}).`,
      });
    },
  );
});

describe("job results", () => {
  beforeEach(() => MockEventSource.reset());

  it("on complete downloads video and poster into the library and points shot and V1 at them", async () => {
    const t = setup();
    await t.actions.generateShot("s2");
    t.actions.applyEvent(completeEvent({ id: 2, jobId: "job-1" }));
    await t.actions.settled();
    expect(t.fetched).toEqual(["job-1/video.mp4", "job-1/poster.png"]);
    const [video, poster] = t.media;
    expect(video?.asset).toMatchObject({ kind: "video", source: "generated", durationFrames: 50 });
    expect(poster?.asset.kind).toBe("image");
    expect(t.shotOf("s2")).toMatchObject({
      status: "ready",
      mediaId: video?.asset.id,
      thumbnailMediaId: poster?.asset.id,
    });
    expect(t.attached).toEqual([{ shotId: "s2", mediaId: video?.asset.id, sourceFrames: 50 }]);
  });

  it("downloads once even when the result arrives twice (event and snapshot)", async () => {
    const t = setup();
    await t.actions.generateShot("s2");
    t.actions.applyEvent(completeEvent({ id: 2, jobId: "job-1" }));
    t.actions.applyEvent(completeEvent({ id: 3, jobId: "job-1" }));
    await t.actions.settled();
    expect(t.fetched).toHaveLength(2);
    expect(t.media).toHaveLength(2);
  });

  it("a result that arrives before the create answer is still applied", async () => {
    const t = setup();
    // The server finishes instantly: its events reach the stream before POST resolves.
    const create = t.api.createJob.bind(t.api);
    t.api.createJob = async request => {
      const job = await create(request);
      t.actions.applyEvent(statusEvent({ id: 1, jobId: job.id, type: "started" }));
      t.actions.applyEvent(completeEvent({ id: 2, jobId: job.id }));
      return job; // the answer still says "queued"
    };
    await t.actions.generateShot("s2");
    await t.actions.settled();
    expect(t.shotOf("s2").status).toBe("ready");
  });

  it("an old job finishing after a regenerate does not replace the newer result", async () => {
    const t = setup();
    await t.actions.generateShot("s2");
    t.actions.applyEvent(statusEvent({ id: 1, jobId: "job-1", type: "cancelled" }));
    await t.actions.generateShot("s2");
    expect(t.shotOf("s2").lastJobId).toBe("job-2");
    t.actions.applyEvent(completeEvent({ id: 2, jobId: "job-1" }));
    await t.actions.settled();
    expect(t.media).toEqual([]);
    expect(t.shotOf("s2").status).toBe("queued");
  });

  it("on error shows the message; Retry runs the same seed again", async () => {
    const t = setup();
    await t.actions.generateShot("s2");
    const seed = t.shotOf("s2").seed;
    t.actions.applyEvent(
      errorEvent({ id: 4, jobId: "job-1", code: "PIPELINE_FAILED", message: "Out of memory" }),
    );
    expect(t.shotOf("s2")).toMatchObject({
      status: "failed",
      error: { code: "PIPELINE_FAILED", message: "Out of memory" },
    });
    await t.actions.retryJob("job-1");
    expect(t.created).toHaveLength(2);
    expect(videoParams(t.created[1]).seed).toBe(seed);
    expect(t.shotOf("s2")).toMatchObject({ status: "queued", lastJobId: "job-2" });
    expect(t.shotOf("s2").error).toBeUndefined();
  });

  it("cancel asks the server and the shot shows cancelled", async () => {
    const t = setup();
    await t.actions.generateShot("s2");
    t.actions.applyEvent(progressEvent({ id: 1, jobId: "job-1", step: 1, total: 4 }));
    await t.actions.cancelShot("s2");
    expect(t.cancelled).toEqual(["job-1"]);
    expect(t.shotOf("s2").status).toBe("cancelled");
  });

  it("a cancel that loses the race to completion keeps the finished result", async () => {
    const t = setup();
    await t.actions.generateShot("s2");
    const done = { ...t.serverJobs.get("job-1")!, status: "completed" as const };
    done.artifacts = [{ name: "video.mp4", mime: "video/mp4", bytes: 1 }];
    t.serverJobs.set("job-1", done);
    t.api.cancelJob = () => Promise.reject(apiError("JOB_FINISHED"));
    await t.actions.cancelShot("s2");
    await t.actions.settled();
    expect(t.shotOf("s2").status).toBe("ready");
  });

  it("generates a selection one job per shot, in order", async () => {
    const t = setup();
    await t.actions.generateShots(["s2", "s1"]);
    expect(t.shotOf("s2").lastJobId).toBe("job-1");
    expect(t.shotOf("s1").lastJobId).toBe("job-2");
  });

  it("the event stream feeds progress into shots", async () => {
    const t = setup();
    await t.actions.generateShot("s2");
    t.actions.start();
    const source = MockEventSource.latest();
    source.open();
    source.emit(progressEvent({ id: 9, jobId: "job-1", step: 3, total: 4 }));
    expect(t.jobs().byId["job-1"]?.progress.step).toBe(3);
    expect(t.streamStatuses).toContain("open");
    t.dispose();
  });
});

describe("hydration through the actions", () => {
  it("on load a generating shot takes the server's state; a forgotten job fails with words", async () => {
    const t = setup();
    t.serverJobs.set("job-live", {
      ...(await t.api.createJob({ kind: "generate-video", params: {} as never })),
      id: "job-live",
      status: "running",
      progress: { step: 3, total: 8, fraction: 0.375, etaSeconds: 5, message: "step 3/8" },
    });
    t.studio.patchShot("s1", { status: "generating", lastJobId: "job-live" });
    t.studio.patchShot("s2", { status: "queued", lastJobId: "job-gone" });
    await t.actions.hydrate();
    expect(t.jobs().byId["job-live"]?.progress.step).toBe(3);
    expect(t.shotOf("s1").status).toBe("generating");
    expect(t.shotOf("s2")).toMatchObject({ status: "failed", error: { code: "JOB_NOT_FOUND" } });
  });

  it("a job that completed while the page was closed is downloaded on load", async () => {
    const t = setup();
    const job = await t.api.createJob({ kind: "generate-video", params: {} as never });
    t.serverJobs.set(job.id, {
      ...job,
      status: "completed",
      artifacts: [{ name: "video.mp4", mime: "video/mp4", bytes: 3 }],
    });
    t.studio.patchShot("s1", { status: "generating", lastJobId: job.id });
    await t.actions.hydrate();
    await t.actions.settled();
    expect(t.shotOf("s1").status).toBe("ready");
    expect(t.attached[0]?.shotId).toBe("s1");
  });
});

describe("the queue panel's list", () => {
  it("lists the server's jobs oldest first and links each to the shot it generated", async () => {
    const t = setup();
    await t.actions.generateShot("s1");
    await t.actions.generateShot("s2");
    const other = await t.api.createJob({ kind: "generate-image", params: {} as never });
    const fresh = setup(); // a reloaded studio: same document, no jobs in memory
    fresh.studio.patchShot("s1", { lastJobId: "job-1", status: "ready", mediaId: "m" });
    fresh.studio.patchShot("s2", { lastJobId: "job-2", status: "ready", mediaId: "m" });
    fresh.api.listJobs = () => t.api.listJobs();
    expect(await fresh.actions.refreshAll()).toBe(true);
    expect(fresh.jobs().order).toEqual(["job-1", "job-2", other.id]);
    expect(fresh.jobs().links).toEqual({
      "job-1": { shotId: "s1", purpose: "video" },
      "job-2": { shotId: "s2", purpose: "video" },
    });
  });

  it.each(["inpaint", "track"] as const)(
    "lists a %s job from the player at once, shows its progress, and leaves every shot alone",
    kind => {
      const t = setup();
      const before = t.studio.shots().map(s => [s.id, s.status, s.lastJobId]);
      t.actions.followJob(makeTestJob({ id: "mask-1", kind, status: "queued" }));
      expect(t.jobs().order).toEqual(["mask-1"]);
      expect(t.jobs().links["mask-1"]).toBeUndefined();
      t.actions.applyEvent(progressEvent({ id: 1, jobId: "mask-1", step: 2, total: 4 }));
      expect(t.jobs().byId["mask-1"]?.progress.fraction).toBe(0.5);
      expect(t.studio.shots().map(s => [s.id, s.status, s.lastJobId])).toEqual(before);
    },
  );

  it("says so when the server can't be asked", async () => {
    const t = setup();
    t.api.listJobs = () => Promise.reject(apiError("SERVER_UNREACHABLE"));
    expect(await t.actions.refreshAll()).toBe(false);
    expect(t.jobs().order).toEqual([]);
  });
});

describe("continuity (FEATURES §4)", () => {
  beforeEach(() => MockEventSource.reset());

  /** A grabber that reports what it read and returns a recognisable "PNG". */
  function makeFakeGrabber() {
    const reads: { video: string; fps: number }[] = [];
    const grab: FrameGrabber = async (video, { fps }) => {
      const text = await video.text();
      reads.push({ video: text, fps });
      return {
        image: new Blob([`last frame of ${text}`], { type: "image/png" }),
        width: 768,
        height: 512,
      };
    };
    return { grab, reads };
  }

  const shot = (id: string, index: number, extra: Partial<Shot> = {}) =>
    makeShot({ id, projectId: PROJECT_ID, sceneId: "sc1", index, action: `Shot ${id}.`, ...extra });
  const ready = (mediaId: string, fps: Shot["fps"] = 25): Partial<Shot> => ({
    status: "ready",
    mediaId,
    fps,
  });

  it("puts the previous completed shot's last frame at frame 0 with strength 1", async () => {
    const grabber = makeFakeGrabber();
    const t = setup({
      grabLastFrame: grabber.grab,
      blobs: { "video-1": new Blob(["first shot video"], { type: "video/mp4" }) },
    });
    t.studio.patchShot("s1", ready("video-1", 24));
    await t.actions.generateShot("s2");
    expect(grabber.reads).toEqual([{ video: "first shot video", fps: 24 }]);
    expect(t.uploads).toContainEqual({
      name: "video-1-last-frame.png",
      size: "last frame of first shot video".length,
    });
    const conditioning = videoParams(t.created[0]).conditioning ?? [];
    expect(conditioning).toContainEqual({
      uploadId: "up-video-1-last-frame.png",
      frame: 0,
      strength: 1,
    });
    // The element's reference image still travels with the job, after the continuity frame.
    expect(conditioning.map(c => c.uploadId)).toEqual(["up-video-1-last-frame.png", "up-ref-mara"]);
  });

  it("skips shots in between that are not completed", async () => {
    const grabber = makeFakeGrabber();
    const t = setup({
      grabLastFrame: grabber.grab,
      extraShots: [shot("s3", 2)],
      blobs: { "video-1": new Blob(["first"]) },
    });
    t.studio.patchShot("s1", ready("video-1"));
    t.studio.patchShot("s2", { status: "failed" });
    await t.actions.generateShot("s3");
    expect(grabber.reads.map(r => r.video)).toEqual(["first"]);
    expect(videoParams(t.created[0]).conditioning).toEqual([
      { uploadId: "up-video-1-last-frame.png", frame: 0, strength: 1 },
    ]);
  });

  it.each([
    {
      name: "the user already put an image at frame 0",
      target: "s3",
      extra: [shot("s3", 2, { conditioning: [{ mediaId: "still", frame: 0, strength: 0.7 }] })],
      expected: [{ uploadId: "up-still", frame: 0, strength: 0.7 }],
    },
    {
      name: "the shot is text-to-video",
      target: "s3",
      extra: [shot("s3", 2, { pipeline: "t2v" })],
      expected: undefined,
    },
    {
      name: "the previous completed shot is in another scene",
      target: "s4",
      extra: [shot("s4", 0, { sceneId: "sc2" })],
      expected: undefined,
    },
    {
      name: "it is the first shot of the scene",
      target: "s1",
      extra: [],
      expected: undefined,
    },
  ])("adds no last frame when $name", async ({ target, extra, expected }) => {
    const grabber = makeFakeGrabber();
    const t = setup({
      grabLastFrame: grabber.grab,
      extraShots: extra,
      blobs: { "video-2": new Blob(["second"]), still: new Blob(["still"]) },
    });
    t.studio.patchShot("s2", ready("video-2"));
    await t.actions.generateShot(target);
    expect(grabber.reads).toEqual([]);
    expect(videoParams(t.created[0]).conditioning).toEqual(expected);
  });

  it("a last frame the browser can't read fails the shot with what to do instead", async () => {
    const t = setup({
      grabLastFrame: () => Promise.reject(new Error("decode error")),
      blobs: { "video-1": new Blob(["first"]) },
    });
    t.studio.patchShot("s1", ready("video-1"));
    await t.actions.generateShot("s2");
    expect(t.created).toEqual([]);
    expect(t.shotOf("s2").status).toBe("failed");
    expect(t.shotOf("s2").error?.code).toBe("CODEC_UNSUPPORTED");
    expect(t.shotOf("s2").error?.message).toMatch(/image at frame 0.*text-to-video/);
  });
});
