import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModelManifestSchema, type TrackParams } from "@milimo/shared/api";
import { decodeMaskRle, encodeMaskRle } from "@milimo/shared/sam";
import { REPO_ROOT } from "../config";
import { toManifestView } from "../inference/model-registry";
import { openVideoEncoder } from "../media/ffmpeg";
import { makeFixturePipelineContext } from "./diffusion/fixture-context";
import {
  findInteriorPoint,
  planTrackFrames,
  TRACK_ARTIFACT,
  trackPipeline,
  type TrackManifest,
} from "./track";
import type { ModelManifestView } from "./types";

// ---- fixtures: the generated SAM models, and a clip of a square moving over a flat background ----
/** Writes the SAM fixture encoder and decoder into a fresh temp folder; returns their views. */
async function makeSamFixtureModels(): Promise<{ dir: string; models: ModelManifestView[] }> {
  const dir = await mkdtemp(join(tmpdir(), "milimo-sam-models-"));
  const script = pathToFileURL(join(REPO_ROOT, "scripts/fixtures/sam.ts")).href;
  const { makeFixture } = (await import(script)) as { makeFixture: (out: string) => Promise<void> };
  await makeFixture(dir);
  const models: ModelManifestView[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const folder = join(dir, entry.name);
    const manifest = ModelManifestSchema.parse(
      JSON.parse(await readFile(join(folder, "model.json"), "utf8")),
    );
    models.push(toManifestView(manifest, folder));
  }
  return { dir, models };
}

interface MovingSquareClip {
  path: string;
  width: number;
  height: number;
  frames: number;
  side: number;
  /** Top-left corner of the square in each frame, in pixels. */
  corners: { x: number; y: number }[];
}

/** A clip of an orange square moving right and down over a blue-grey background. */
async function writeMovingSquareClip({
  dir,
  width = 256,
  height = 192,
  frames = 12,
  side = 48,
  step = { x: 8, y: 3 },
  start = { x: 24, y: 40 },
}: {
  dir: string;
  width?: number;
  height?: number;
  frames?: number;
  side?: number;
  step?: { x: number; y: number };
  start?: { x: number; y: number };
}): Promise<MovingSquareClip> {
  const path = join(dir, "moving-square.mp4");
  const encoder = openVideoEncoder({ path, width, height, fps: 25 });
  const corners: { x: number; y: number }[] = [];
  for (let f = 0; f < frames; f++) {
    const corner = { x: start.x + f * step.x, y: start.y + f * step.y };
    corners.push(corner);
    const rgb = new Uint8Array(width * height * 3);
    for (let i = 0; i < width * height; i++) rgb.set([40, 60, 80], i * 3);
    for (let y = corner.y; y < corner.y + side; y++) {
      for (let x = corner.x; x < corner.x + side; x++) rgb.set([235, 120, 30], (y * width + x) * 3);
    }
    await encoder.writeFrame(rgb);
  }
  await encoder.finish();
  return { path, width, height, frames, side, corners };
}

/** The square's true mask in frame `frame` (255 inside). */
function squareMask(clip: MovingSquareClip, frame: number): Uint8Array {
  const mask = new Uint8Array(clip.width * clip.height);
  const corner = clip.corners[frame]!;
  for (let y = corner.y; y < corner.y + clip.side; y++) {
    mask.fill(255, y * clip.width + corner.x, y * clip.width + corner.x + clip.side);
  }
  return mask;
}

/** Intersection over union of two 0/255 masks. */
function computeMaskIou(a: Uint8Array, b: Uint8Array): number {
  let inter = 0;
  let union = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]! >= 128;
    const y = b[i]! >= 128;
    if (x && y) inter++;
    if (x || y) union++;
  }
  return union === 0 ? 1 : inter / union;
}

// ---- tests ----------------------------------------------------------------------------------------

let modelsDir = "";
let models: ModelManifestView[] = [];
let clipDir = "";
let clip: MovingSquareClip;

beforeAll(async () => {
  ({ dir: modelsDir, models } = await makeSamFixtureModels());
  clipDir = await mkdtemp(join(tmpdir(), "milimo-track-clip-"));
  clip = await writeMovingSquareClip({ dir: clipDir });
});
afterAll(async () => {
  await rm(modelsDir, { recursive: true, force: true });
  await rm(clipDir, { recursive: true, force: true });
});

function seedRle(frame: number): TrackParams["maskRle"] {
  const rle = encodeMaskRle({
    data: squareMask(clip, frame),
    width: clip.width,
    height: clip.height,
  });
  return { width: clip.width, height: clip.height, counts: Array.from(rle.counts) };
}

async function runTrack(params: Partial<TrackParams> & { frame: number }) {
  const ctx = await makeFixturePipelineContext({ models, uploads: { clip: clip.path } });
  const artifacts = await trackPipeline(
    { uploadId: "clip", direction: "both", maskRle: seedRle(params.frame), ...params },
    ctx,
  );
  const manifest = JSON.parse(
    await readFile(join(ctx.workDir, TRACK_ARTIFACT), "utf8"),
  ) as TrackManifest;
  return { ctx, artifacts, manifest };
}

function maskOf(manifest: TrackManifest, frame: number): Uint8Array {
  const entry = manifest.frames.find(f => f.frame === frame);
  if (!entry) throw new Error(`no mask for frame ${frame}`);
  return decodeMaskRle({ ...entry.mask, counts: Uint32Array.from(entry.mask.counts) }).data;
}

describe("trackPipeline", () => {
  it("follows a moving square forwards: a mask for every frame, each on the square", async () => {
    const { artifacts, manifest, ctx } = await runTrack({ frame: 0, direction: "forward" });
    expect(artifacts).toEqual([
      expect.objectContaining({ name: TRACK_ARTIFACT, mime: "application/json" }),
    ]);
    expect(manifest.frames.map(f => f.frame)).toEqual([...Array(clip.frames).keys()]);
    for (let f = 0; f < clip.frames; f++) {
      // The square moves 8 px a frame, so a mask stuck at the seed position drops below 0.5 by frame 4.
      expect(
        computeMaskIou(maskOf(manifest, f), squareMask(clip, f)),
        `frame ${f}`,
      ).toBeGreaterThan(0.8);
    }
    expect(ctx.reports.at(-1)).toMatchObject({ step: clip.frames - 1, total: clip.frames - 1 });
    expect(ctx.reports.map(r => r.step)).toEqual([...Array(clip.frames).keys()]);
  });

  it("propagates both ways from a middle frame", async () => {
    const seed = 6;
    const { manifest } = await runTrack({ frame: seed, direction: "both" });
    expect(manifest.frames.map(f => f.frame)).toEqual([...Array(clip.frames).keys()]);
    for (const f of [0, 3, seed, 9, clip.frames - 1]) {
      expect(
        computeMaskIou(maskOf(manifest, f), squareMask(clip, f)),
        `frame ${f}`,
      ).toBeGreaterThan(0.8);
    }
    const box = manifest.frames[0]?.box;
    expect(box?.x0).toBeCloseTo(clip.corners[0]!.x, -1);
  });

  it("stops at maxFrames in each direction", async () => {
    const { manifest } = await runTrack({ frame: 5, direction: "both", maxFrames: 2 });
    expect(manifest.frames.map(f => f.frame)).toEqual([3, 4, 5, 6, 7]);
    expect(manifest.range).toBeUndefined();
  });

  it.each([
    { direction: "both", range: { start: 3, end: 8 }, frames: [3, 4, 5, 6, 7, 8] },
    { direction: "forward", range: { start: 2, end: 7 }, frames: [5, 6, 7] },
    { direction: "backward", range: { start: 4, end: 9 }, frames: [4, 5] },
    // The range may run past the clip's end; it is recorded clamped.
    { direction: "both", range: { start: 5, end: 40 }, frames: [5, 6, 7, 8, 9, 10, 11] },
  ] as const)(
    "stays inside range $range.start–$range.end ($direction from frame 5)",
    async ({ direction, range, frames }) => {
      const { manifest, ctx } = await runTrack({ frame: 5, direction, range });
      expect(manifest.frames.map(f => f.frame)).toEqual(frames);
      expect(manifest.range).toEqual({ start: range.start, end: Math.min(range.end, 11) });
      expect(ctx.reports.at(-1)).toMatchObject({ step: frames.length - 1 });
      for (const f of frames) {
        expect(
          computeMaskIou(maskOf(manifest, f), squareMask(clip, f)),
          `frame ${f}`,
        ).toBeGreaterThan(0.8);
      }
    },
  );

  it("refuses a seed frame outside the range", async () => {
    const ctx = await makeFixturePipelineContext({ models, uploads: { clip: clip.path } });
    await expect(
      trackPipeline(
        {
          uploadId: "clip",
          frame: 2,
          direction: "both",
          maskRle: seedRle(2),
          range: { start: 3, end: 6 },
        },
        ctx,
      ),
    ).rejects.toMatchObject({ code: "INVALID_REQUEST", message: /^frame: Frame 2 is outside/ });
  });

  it("stops when cancelled and frees the SAM sessions", async () => {
    const ctx = await makeFixturePipelineContext({ models, uploads: { clip: clip.path } });
    const progress = ctx.progress.bind(ctx);
    ctx.progress = p => {
      progress(p);
      if (p.step === 2) ctx.controller.abort();
    };
    await expect(
      trackPipeline({ uploadId: "clip", frame: 0, direction: "forward", maskRle: seedRle(0) }, ctx),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(ctx.released).toEqual(
      expect.arrayContaining(["sam-fixture-encoder", "sam-fixture-decoder"]),
    );
  });

  it("refuses an empty seed mask and an unknown clip with codes", async () => {
    const ctx = await makeFixturePipelineContext({ models, uploads: { clip: clip.path } });
    const empty = { width: clip.width, height: clip.height, counts: [clip.width * clip.height] };
    await expect(
      trackPipeline({ uploadId: "clip", frame: 0, direction: "both", maskRle: empty }, ctx),
    ).rejects.toMatchObject({ code: "INVALID_REQUEST" });
    await expect(
      trackPipeline({ uploadId: "gone", frame: 0, direction: "both", maskRle: empty }, ctx),
    ).rejects.toMatchObject({ code: "UPLOAD_NOT_FOUND" });
  });
});

describe("planTrackFrames", () => {
  it.each([
    { direction: "forward", forward: [4, 5, 6], backward: [] },
    { direction: "backward", forward: [], backward: [2, 1, 0] },
    { direction: "both", forward: [4, 5, 6], backward: [2, 1, 0] },
  ] as const)("$direction from frame 3 of 7", ({ direction, forward, backward }) => {
    expect(planTrackFrames({ seedFrame: 3, frameCount: 7, direction })).toEqual({
      forward,
      backward,
    });
  });

  it.each([
    { range: { start: 2, end: 4 }, forward: [4], backward: [2] },
    { range: { start: 3, end: 3 }, forward: [], backward: [] },
    { range: { start: 0, end: 99 }, forward: [4, 5, 6], backward: [2, 1, 0] },
  ])("both ways from frame 3 of 7 inside $range", ({ range, forward, backward }) => {
    expect(planTrackFrames({ seedFrame: 3, frameCount: 7, direction: "both", range })).toEqual({
      forward,
      backward,
    });
  });
});

describe("findInteriorPoint", () => {
  it("picks a point inside a C-shaped mask whose centroid lies outside it", () => {
    const width = 60;
    const height = 60;
    const mask = new Uint8Array(width * height);
    // A thick "C": top bar, left bar, bottom bar.
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const on = y < 16 || y >= 44 || x < 16;
        if (on) mask[y * width + x] = 255;
      }
    }
    const point = findInteriorPoint({ mask, width, height });
    expect(point).not.toBeNull();
    expect(mask[point!.y * width + point!.x]).toBe(255);
    expect(findInteriorPoint({ mask: new Uint8Array(16), width: 4, height: 4 })).toBeNull();
  });
});
