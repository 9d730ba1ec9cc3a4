import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { GenerateVideoParams } from "@milimo/shared/api";
import { parseScreenplay } from "@milimo/shared/storyboard";
import { makeApiClient } from "../../api/client";
import type { FrameGrabber } from "../../jobs/grab-last-frame";
import { jobsActionsOf } from "../../jobs/jobs-slice";
import { completeEvent } from "../../jobs/test-jobs";
import { TestFormData, makeFakeServerFetch } from "../../jobs/test-server-fetch";
import { makeTestStudio, type TestStudio } from "../../store/test-studio-store";
import { storyboardActionsOf } from "./storyboard-actions";

let studio: TestStudio;

beforeEach(() => vi.stubGlobal("FormData", TestFormData));
afterEach(() => {
  studio?.dispose();
  vi.unstubAllGlobals();
});

/** One scene of three shots, a fake GPU server and a grabber that names the video it read. */
async function setup() {
  const server = makeFakeServerFetch();
  const grabbed: string[] = [];
  const grabLastFrame: FrameGrabber = async video => {
    const text = await video.text();
    grabbed.push(text);
    return { image: new Blob([`frame<${text}>`], { type: "image/png" }), width: 64, height: 48 };
  };
  studio = makeTestStudio({
    deps: { api: makeApiClient({ fetchFn: server.fetchFn }), grabLastFrame },
  });
  const projectId = await studio.actions.project.create({ name: "Extend" });
  await studio.actions.project.open(projectId);
  storyboardActionsOf(studio).commit(
    parseScreenplay("INT. HALL - NIGHT\n\nA lamp flickers.\n\nA door opens.\n\nRain.\n"),
  );
  const [a, b, c] = studio.state.shots.order;
  if (!a || !b || !c) throw new Error("expected three shots");
  const jobs = jobsActionsOf(studio);
  let eventId = 0;
  return {
    server,
    grabbed,
    a,
    b,
    c,
    jobs,
    /** Generates the shot and lets the server finish it; resolves once the video is stored. */
    async generate(shotId: string) {
      await jobs.generateShot(shotId);
      const jobId = studio.state.shots.byId[shotId]?.lastJobId ?? "";
      jobs.applyEvent(completeEvent({ id: ++eventId, jobId }));
      await jobs.settled();
    },
  };
}

const v1ShotOrder = () =>
  studio.state.tracks.timeline.items.filter(i => i.track === "V1").map(i => i.shotId);

describe("continuity through the store", () => {
  it("the next shot's job carries the finished shot's last frame at frame 0, strength 1", async () => {
    const t = await setup();
    await t.generate(t.a);
    await t.jobs.generateShot(t.b);
    expect(t.grabbed).toEqual(["job-1:video.mp4"]);
    const upload = t.server.uploads.at(-1);
    expect(await upload?.text).toBe("frame<job-1:video.mp4>");
    const params = t.server.created[1]?.params as GenerateVideoParams;
    expect(params.conditioning).toEqual([{ uploadId: upload?.id, frame: 0, strength: 1 }]);
  });
});

describe("Extend", () => {
  it("adds a shot right after this one, starting on its last frame", async () => {
    const t = await setup();
    await t.generate(t.a);
    const e = await storyboardActionsOf(studio).extendShot(t.a);

    const { state } = studio;
    const shot = state.shots.byId[e];
    const frameId = shot?.conditioning[0]?.mediaId ?? "";
    expect(shot).toMatchObject({
      sceneId: state.shots.byId[t.a]?.sceneId,
      index: 1,
      action: "A lamp flickers.",
      status: "draft",
      conditioning: [{ mediaId: frameId, frame: 0, strength: 1 }],
    });
    expect([t.b, t.c].map(id => state.shots.byId[id]?.index)).toEqual([2, 3]);
    expect(state.shots.order).toEqual([t.a, e, t.b, t.c]);
    expect(v1ShotOrder()).toEqual([t.a, e, t.b, t.c]);
    expect(state.project.media.byId[frameId]).toMatchObject({ kind: "image", width: 64 });
    expect(await (await studio.actions.project.readBlob(frameId))?.text()).toBe(
      "frame<job-1:video.mp4>",
    );

    // Generating it sends that frame (once: the user's frame 0 wins over automatic continuity).
    await t.jobs.generateShot(e);
    const params = t.server.created[1]?.params as GenerateVideoParams;
    const upload = t.server.uploads.at(-1);
    expect(params.conditioning).toEqual([{ uploadId: upload?.id, frame: 0, strength: 1 }]);
    expect(await upload?.text).toBe("frame<job-1:video.mp4>");
  });

  it("is one undo step; the frame stays in the library", async () => {
    const t = await setup();
    await t.generate(t.a);
    const e = await storyboardActionsOf(studio).extendShot(t.a);
    const frameId = studio.state.shots.byId[e]?.conditioning[0]?.mediaId ?? "";
    studio.actions.history.undo();
    expect(studio.state.shots.order).toEqual([t.a, t.b, t.c]);
    expect([t.a, t.b, t.c].map(id => studio.state.shots.byId[id]?.index)).toEqual([0, 1, 2]);
    expect(v1ShotOrder()).toEqual([t.a, t.b, t.c]);
    expect(studio.state.project.media.byId[frameId]).toBeDefined();
  });

  it("refuses a shot that has no video yet, with a reason", async () => {
    const t = await setup();
    await expect(storyboardActionsOf(studio).extendShot(t.b)).rejects.toMatchObject({
      code: "MEDIA_MISSING",
    });
    expect(studio.state.shots.order).toHaveLength(3);
  });
});
