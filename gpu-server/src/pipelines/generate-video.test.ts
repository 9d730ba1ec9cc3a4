import { copyFile, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GenerateVideoParams } from "@milimo/shared/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeFrames, probeMedia } from "../media/ffmpeg";
import { writePng } from "../media/png";
import { readDiffusionConfig } from "./diffusion/config";
import { makeFixturePipelineContext, readModelManifests } from "./diffusion/fixture-context";
import { makeDiffusionFixtures } from "./diffusion/fixture-model";
import { generateFrames } from "./diffusion/generate-frames";
import type { ConditioningFrame } from "./diffusion/generate-frames";
import { generateVideoPipeline } from "./generate-video";
import type { ModelManifestView } from "./types";

const SIZE = 64;
let root = "";
let models: ModelManifestView[] = [];

const baseParams: GenerateVideoParams = {
  prompt: "a lighthouse at dusk, waves",
  negativePrompt: "blurry",
  seed: 42,
  width: SIZE,
  height: SIZE,
  steps: 8,
  guidance: 3,
  numFrames: 12,
  fps: 25,
};

function meanAbsDiff(a: Uint8Array | undefined, b: Uint8Array | undefined): number {
  if (!a || !b || a.length !== b.length) throw new Error("frames differ in size");
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / a.length;
}

/** Four flat quadrants: survives the fixture VAE's 8×8 pooling exactly. */
function makeQuadrants(colours: [number, number, number][]): Uint8Array {
  const rgb = new Uint8Array(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const colour = colours[(y < SIZE / 2 ? 0 : 2) + (x < SIZE / 2 ? 0 : 1)] ?? [0, 0, 0];
      rgb.set(colour, (y * SIZE + x) * 3);
    }
  }
  return rgb;
}

const IMAGE_A = makeQuadrants([
  [230, 40, 40],
  [40, 200, 60],
  [30, 60, 220],
  [240, 230, 200],
]);
const IMAGE_B = makeQuadrants([
  [10, 10, 10],
  [250, 250, 250],
  [250, 120, 0],
  [0, 120, 250],
]);

async function runVideo(
  params: Partial<GenerateVideoParams>,
  uploads: Record<string, string> = {},
) {
  const ctx = await makeFixturePipelineContext({ models, uploads });
  const full = { ...baseParams, ...params };
  const artifacts = await generateVideoPipeline(full, ctx);
  const frames = await decodeFrames({
    path: join(ctx.workDir, "video.mp4"),
    width: full.width,
    height: full.height,
  });
  return { ctx, artifacts, frames };
}

/** The pipeline's frames before encoding (exact, for duplicate checks). */
async function runRawFrames(
  params: Partial<GenerateVideoParams>,
  conditioning: ConditioningFrame[] = [],
) {
  const ctx = await makeFixturePipelineContext({ models });
  const model = models.find(m => m.task === "text-to-video");
  if (!model) throw new Error("fixture video model missing");
  const frames: Uint8Array[] = [];
  await generateFrames({
    ctx,
    model,
    config: readDiffusionConfig(model),
    request: { ...baseParams, ...params, conditioning },
    onFrames: f => void frames.push(...f),
  });
  return { frames, reports: ctx.reports };
}

function meanColour(frame: Uint8Array): number[] {
  const sum = [0, 0, 0];
  for (let i = 0; i < frame.length; i++) sum[i % 3]! += frame[i] ?? 0;
  return sum.map(s => s / (frame.length / 3));
}

function colourStep(a: Uint8Array, b: Uint8Array): number {
  const [ca, cb] = [meanColour(a), meanColour(b)];
  return Math.hypot(...ca.map((v, i) => v - (cb[i] ?? 0)));
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "milimo-gen-video-"));
  await makeDiffusionFixtures(join(root, "models"));
  models = await readModelManifests(join(root, "models"));
  await writePng({ path: join(root, "a.png"), rgb: IMAGE_A, width: SIZE, height: SIZE });
  await writePng({ path: join(root, "b.png"), rgb: IMAGE_B, width: SIZE, height: SIZE });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("generateVideoPipeline", () => {
  it("writes a playable video.mp4 and a poster at 0.5 s, reporting every step", async () => {
    const { ctx, artifacts, frames } = await runVideo({ numFrames: 20 });
    expect(artifacts.map(a => [a.name, a.mime])).toEqual([
      ["video.mp4", "video/mp4"],
      ["poster.png", "image/png"],
    ]);
    for (const a of artifacts) expect((await stat(join(ctx.workDir, a.name))).size).toBe(a.bytes);
    expect(await probeMedia(join(ctx.workDir, "video.mp4"))).toMatchObject({
      codec: "h264",
      pixelFormat: "yuv420p",
      width: SIZE,
      height: SIZE,
      frameCount: 20,
    });
    expect(frames).toHaveLength(20);
    const [poster] = await decodeFrames({
      path: join(ctx.workDir, "poster.png"),
      width: SIZE,
      height: SIZE,
    });
    expect(meanAbsDiff(poster, frames[13])).toBeLessThan(4); // round(0.5 s × 25 fps)
    expect(meanAbsDiff(poster, frames[0])).toBeGreaterThan(10);
    expect(ctx.reports.map(r => r.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ctx.reports.every(r => r.total === 8)).toBe(true);
    expect(ctx.reports[2]?.message).toBe("Denoising step 3/8");
    expect((await readdir(ctx.workDir)).sort()).toEqual(["poster.png", "video.mp4"]);
  });

  it("gives the same frames for the same seed and different frames for another seed", async () => {
    const first = await runVideo({ seed: 7 });
    const again = await runVideo({ seed: 7 });
    expect(again.frames).toEqual(first.frames);
    const a = await runRawFrames({ seed: 7 });
    const b = await runRawFrames({ seed: 8 });
    expect(a.frames).toHaveLength(12);
    const diffs = a.frames.map((f, i) => meanAbsDiff(f, b.frames[i]));
    expect(Math.min(...diffs.slice(1))).toBeGreaterThan(4);
    expect(Math.max(...diffs)).toBeGreaterThan(8);
  });

  it("follows the prompt: another prompt gives another colour", async () => {
    const a = await runRawFrames({ prompt: "a red barn in the snow" });
    const b = await runRawFrames({ prompt: "an underwater cave with jellyfish" });
    expect(colourStep(a.frames[0]!, b.frames[0]!)).toBeGreaterThan(20);
  });

  it("puts a conditioning image at frame 0 and a keyframe at the last frame", async () => {
    const plain = await runVideo({});
    const { frames } = await runVideo(
      {
        conditioning: [
          { uploadId: "a", frame: 0, strength: 1 },
          { uploadId: "b", frame: 11, strength: 1 },
        ],
      },
      { a: join(root, "a.png"), b: join(root, "b.png") },
    );
    expect(meanAbsDiff(frames[0], IMAGE_A)).toBeLessThan(4);
    expect(meanAbsDiff(plain.frames[0], IMAGE_A)).toBeGreaterThan(40);
    expect(meanAbsDiff(frames[11], IMAGE_B)).toBeLessThan(4);
    expect(meanAbsDiff(plain.frames[11], IMAGE_B)).toBeGreaterThan(40);
    // The image carries into the next frames rather than vanishing after frame 0.
    expect(meanAbsDiff(frames[1], IMAGE_A)).toBeLessThan(meanAbsDiff(plain.frames[1], IMAGE_A) / 2);
  });

  it("starts from the last frame of a previous shot's video (continuity)", async () => {
    const previous = await runVideo({ seed: 3, prompt: "a desert road" });
    const video = join(root, "previous.mp4");
    await copyFile(join(previous.ctx.workDir, "video.mp4"), video);
    const next = await runVideo(
      { seed: 4, conditioning: [{ uploadId: "prev", frame: 0, strength: 1 }] },
      { prev: video },
    );
    expect(meanAbsDiff(next.frames[0], previous.frames[11])).toBeLessThan(4);
    expect(meanAbsDiff(next.frames[0], previous.frames[0])).toBeGreaterThan(
      meanAbsDiff(next.frames[0], previous.frames[11]),
    );
  });

  it("chains a shot past the frame limit: exact length, one progress bar, no repeated frames at joins", async () => {
    const params = { numFrames: 30, chunkFrames: 12, overlapFrames: 4 };
    const { ctx, frames } = await runVideo(params);
    expect(frames).toHaveLength(30);
    expect(ctx.reports.map(r => r.step)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
    expect(ctx.reports.every(r => r.total === 32)).toBe(true);
    expect(ctx.reports[8]?.message).toBe("Denoising step 1/8 · chunk 2/4");
    expect(ctx.reports[31]?.message).toBe("Denoising step 8/8 · chunk 4/4");

    const raw = await runRawFrames(params);
    expect(raw.frames).toHaveLength(30);
    const steps = raw.frames.slice(1).map((f, i) => colourStep(f, raw.frames[i]!));
    const typical = [...steps].sort((a, b) => a - b)[Math.floor(steps.length / 2)] ?? 0;
    for (const join of [12, 20, 28]) {
      // The overlap frames were dropped: the 4 frames after a join are not the 4 before it again.
      for (let k = 0; k < Math.min(4, 30 - join); k++) {
        expect(meanAbsDiff(raw.frames[join + k], raw.frames[join - 4 + k])).toBeGreaterThan(5);
      }
      // ...and the shot moves on smoothly: the join is a step like any other, not a restart.
      expect(steps[join - 1]).toBeGreaterThan(0.2 * typical);
      expect(steps[join - 1]).toBeLessThan(3 * typical);
    }
  });

  it.each([
    [13, 12, 4],
    [25, 12, 11],
    [40, 9, 3],
  ])(
    "outputs exactly %i frames in chunks of %i sharing %i",
    async (numFrames, chunkFrames, overlapFrames) => {
      const { frames } = await runRawFrames({ numFrames, chunkFrames, overlapFrames, steps: 2 });
      expect(frames).toHaveLength(numFrames);
      for (let i = 1; i < frames.length; i++)
        expect(meanAbsDiff(frames[i], frames[i - 1])).toBeGreaterThan(0.5);
    },
  );

  it("stops at the next step when cancelled, frees the model and leaves no files", async () => {
    const ctx = await makeFixturePipelineContext({ models });
    ctx.progress = p => {
      ctx.reports.push(p);
      if (p.step === 3)
        ctx.controller.abort(new DOMException("Cancelled by the user", "AbortError"));
    };
    await expect(
      generateVideoPipeline({ ...baseParams, numFrames: 30, chunkFrames: 12 }, ctx),
    ).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(ctx.reports.map(r => r.step)).toEqual([1, 2, 3]);
    expect(ctx.released).toEqual(["fixture-diffusion-video"]);
    expect(await readdir(ctx.workDir)).toEqual([]);
  });

  it("fails with a code and words when an upload or the model is missing", async () => {
    await expect(
      runVideo({ conditioning: [{ uploadId: "gone", frame: 0, strength: 1 }] }),
    ).rejects.toMatchObject({
      code: "UPLOAD_NOT_FOUND",
    });
    const ctx = await makeFixturePipelineContext({
      models: models.filter(m => m.task !== "text-to-video"),
    });
    const failure = generateVideoPipeline(baseParams, ctx);
    await expect(failure).rejects.toMatchObject({ code: "MODEL_MISSING" });
    await expect(failure).rejects.toThrow(/text-to-video/);
  });
});
