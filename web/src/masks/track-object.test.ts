import { afterEach, describe, expect, it } from "vitest";
import type { CreateJobRequest } from "@milimo/shared/api";
import { encodeMaskRle, type Mask } from "@milimo/shared/sam";
import { makeTimeline, makeTimelineItem, type Job } from "@milimo/shared/schema";
import { makeTestJob } from "../jobs/test-jobs";
import { makeTestStudio, type TestStudio } from "../store/test-studio-store";
import { makeMaskJobs, toMasksJson } from "../ui/masking/mask-jobs";
import { retrackObject, trackNewObject } from "./track-object";

let studio: TestStudio;
afterEach(() => studio?.dispose());

/** A 1×2 mask: [a, b]. */
const mask = (a: number, b: number): Mask => ({
  data: Uint8Array.from([a, b]),
  width: 2,
  height: 1,
});
const pixels = (m: Map<number, Mask> | null, frame: number) =>
  Array.from(m?.get(frame)?.data ?? []);

/**
 * A fake track server: every track job answers with `answer(params)` as its masks.json, and
 * records the params it was asked for.
 */
function fakeTrackServer(
  answer: (params: { frame: number; range?: { start: number; end: number } }) => Map<number, Mask>,
) {
  const requests: CreateJobRequest[] = [];
  const results = new Map<string, Map<number, Mask>>();
  const api = {
    upload: () => Promise.resolve({ id: "upload-clip" }),
    createJob(request: CreateJobRequest): Promise<Job> {
      requests.push(request);
      const id = `job-${requests.length}`;
      results.set(id, answer(request.params as { frame: number }));
      return Promise.resolve(makeTestJob({ id, kind: "track", status: "queued" }));
    },
    getJob: (id: string) =>
      Promise.resolve(makeTestJob({ id, kind: "track", status: "completed" })),
    fetchArtifact(id: string) {
      const masks = results.get(id) ?? new Map<number, Mask>();
      return Promise.resolve(new Blob([JSON.stringify(toMasksJson(masks))]));
    },
  };
  const jobs = makeMaskJobs({ api, mediaBlob: () => Promise.resolve(new Blob(["clip"])) });
  const followed: string[] = [];
  const follow = (job: Job) => {
    followed.push(job.id);
    return Promise.resolve({ ...job, status: "completed" as const });
  };
  return { jobs, follow, requests, followed };
}

async function setup() {
  studio = makeTestStudio();
  const projectId = await studio.actions.project.create({ name: "Track" });
  await studio.actions.project.open(projectId);
  studio.actions.track.load(
    makeTimeline({ items: [makeTimelineItem({ id: "clip", sourceFrames: 10, mediaId: "m1" })] }),
  );
}

describe("tracking objects through track jobs", () => {
  it("tracks a new object, then re-tracks a correction only up to the next keyframe", async () => {
    await setup();
    // First run: the seed mask everywhere; re-runs: the corrected mask on every frame they cover.
    const server = fakeTrackServer(({ range }) => {
      const frames = range
        ? [...Array(range.end - range.start + 1).keys()].map(i => i + range.start)
        : [...Array(10).keys()];
      return new Map(frames.map(f => [f, range ? mask(0, 255) : mask(255, 0)]));
    });
    const deps = { jobs: server.jobs, follow: server.follow, store: studio.actions.mask };
    const seed = { mediaId: "m1", frame: 2, rle: encodeMaskRle(mask(255, 0)) };
    const { object, masks } = await trackNewObject({
      ...deps,
      itemId: "clip",
      mask: seed,
      direction: "both",
    });
    expect(masks.size).toBe(10);
    expect(object).toMatchObject({ name: "Object 1", keyframes: [2] });
    expect(server.requests[0]?.params).toMatchObject({ frame: 2, direction: "both" });
    expect(server.requests[0]?.params).not.toHaveProperty("range");

    // A keyframe at 7 bounds the next correction made at 4.
    const withKey = await retrackObject({
      ...deps,
      itemId: "clip",
      object: object!,
      mask: { ...seed, frame: 7 },
      direction: "forward",
      frameCount: 10,
    });
    expect(withKey.range).toEqual({ start: 7, end: 9 });
    const corrected = await retrackObject({
      ...deps,
      itemId: "clip",
      object: withKey.object!,
      mask: { ...seed, frame: 4, rle: encodeMaskRle(mask(0, 255)) },
      direction: "both",
      frameCount: 10,
    });
    expect(corrected.range).toEqual({ start: 3, end: 6 });
    expect(server.requests[2]?.params).toMatchObject({
      frame: 4,
      direction: "both",
      range: { start: 3, end: 6 },
    });
    expect(corrected.object?.keyframes).toEqual([2, 4, 7]);
    expect(server.followed).toEqual(["job-1", "job-2", "job-3"]);

    const stored = await studio.actions.mask.readTracked(corrected.object!);
    for (const f of [0, 1, 2]) expect(pixels(stored, f)).toEqual([255, 0]);
    for (const f of [3, 4, 5, 6, 7, 8, 9]) expect(pixels(stored, f)).toEqual([0, 255]);
  });

  it("stores nothing when the job fails", async () => {
    await setup();
    const server = fakeTrackServer(() => new Map());
    const seed = { mediaId: "m1", frame: 0, rle: encodeMaskRle(mask(255, 0)) };
    await expect(
      trackNewObject({
        jobs: server.jobs,
        follow: () => Promise.reject(new Error("The job failed.")),
        store: studio.actions.mask,
        itemId: "clip",
        mask: seed,
        direction: "forward",
      }),
    ).rejects.toThrow("The job failed.");
    expect(studio.state.tracks.timeline.items[0]?.trackedObjects ?? []).toEqual([]);
  });
});

describe("clip inpaint requests", () => {
  it("uploads per-frame masks as the track job's JSON shape, or one PNG for every frame", async () => {
    const uploads: { name: string; text: string }[] = [];
    const requests: CreateJobRequest[] = [];
    const jobs = makeMaskJobs({
      api: {
        async upload(file, name) {
          uploads.push({ name, text: await file.text() });
          return { id: `up-${uploads.length}` };
        },
        createJob(request) {
          requests.push(request);
          return Promise.resolve(makeTestJob({ id: "j", kind: "inpaint" }));
        },
        getJob: id => Promise.resolve(makeTestJob({ id })),
        fetchArtifact: () => Promise.resolve(new Blob()),
      },
      mediaBlob: () => Promise.resolve(new Blob(["clip"])),
    });
    const frames = new Map([
      [3, mask(0, 255)],
      [1, mask(255, 255)],
    ]);
    await jobs.inpaintClip({ mediaId: "m1", prompt: "snow", seed: 4, masks: { frames } });
    expect(JSON.parse(uploads[1]!.text)).toEqual({
      frames: [
        { frame: 1, mask: { width: 2, height: 1, counts: [0, 2] } },
        { frame: 3, mask: { width: 2, height: 1, counts: [1, 1] } },
      ],
    });
    expect(requests[0]).toEqual({
      kind: "inpaint",
      params: {
        prompt: "snow",
        seed: 4,
        target: "clip",
        imageUploadId: "up-1",
        masksUploadId: "up-2",
      },
    });

    await jobs.inpaintClip({
      mediaId: "m1",
      prompt: "snow",
      seed: 4,
      masks: { png: new Blob(["png"]) },
    });
    expect(requests[1]).toEqual({
      kind: "inpaint",
      params: {
        prompt: "snow",
        seed: 4,
        target: "clip",
        imageUploadId: "up-3",
        maskUploadId: "up-4",
      },
    });
  });
});
