import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GenerateImageParams } from "@milimo/shared/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeFrames } from "../media/ffmpeg";
import { makeFixturePipelineContext, readModelManifests } from "./diffusion/fixture-context";
import { makeDiffusionFixtures } from "./diffusion/fixture-model";
import { writePng } from "../media/png";
import { generateImagePipeline } from "./generate-image";
import type { ModelManifestView } from "./types";

let root = "";
let models: ModelManifestView[] = [];
const baseParams: GenerateImageParams = {
  prompt: "a red barn in the snow",
  negativePrompt: "blurry",
  seed: 42,
  width: 96,
  height: 64,
  steps: 6,
  guidance: 2,
};

/** Four flat quadrants: survives the fixture VAE's 8×8 pooling exactly. */
function makeQuadrants(colours: [number, number, number][]): Uint8Array {
  const rgb = new Uint8Array(96 * 64 * 3);
  for (let y = 0; y < 64; y++) {
    for (let x = 0; x < 96; x++) {
      const colour = colours[(y < 32 ? 0 : 2) + (x < 48 ? 0 : 1)] ?? [0, 0, 0];
      rgb.set(colour, (y * 96 + x) * 3);
    }
  }
  return rgb;
}

const REFERENCE = makeQuadrants([
  [230, 40, 40],
  [40, 200, 60],
  [30, 60, 220],
  [240, 230, 200],
]);

async function runImage(
  params: Partial<GenerateImageParams>,
  only = models,
  uploads: Record<string, string> = {},
) {
  const ctx = await makeFixturePipelineContext({ models: only, uploads });
  const artifacts = await generateImagePipeline({ ...baseParams, ...params }, ctx);
  const [image] = await decodeFrames({
    path: join(ctx.workDir, "image.png"),
    width: 96,
    height: 64,
  });
  const [poster] = await decodeFrames({
    path: join(ctx.workDir, "poster.png"),
    width: 96,
    height: 64,
  });
  return { ctx, artifacts, image: image!, poster: poster! };
}

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / a.length;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "milimo-gen-image-"));
  await makeDiffusionFixtures(root);
  models = await readModelManifests(root);
  await writePng({ path: join(root, "ref.png"), rgb: REFERENCE, width: 96, height: 64 });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("generateImagePipeline", () => {
  it("writes image.png and the same picture as poster.png, reporting every step", async () => {
    const { ctx, artifacts, image, poster } = await runImage({});
    expect(artifacts.map(a => a.name)).toEqual(["image.png", "poster.png"]);
    expect(poster).toEqual(image);
    expect(ctx.reports.map(r => `${r.step}/${r.total} ${r.message}`)).toEqual(
      [1, 2, 3, 4, 5, 6].map(s => `${s}/6 Denoising step ${s}/6`),
    );
  });

  it("is deterministic per seed and follows the seed and the prompt", async () => {
    const a = await runImage({ seed: 1 });
    expect((await runImage({ seed: 1 })).image).toEqual(a.image);
    expect(meanAbsDiff((await runImage({ seed: 2 })).image, a.image)).toBeGreaterThan(3);
    expect(
      meanAbsDiff((await runImage({ seed: 1, prompt: "a green forest" })).image, a.image),
    ).toBeGreaterThan(20);
  });

  it("falls back to a video model for one frame when no image model is installed", async () => {
    const { ctx, image } = await runImage(
      {},
      models.filter(m => m.task === "text-to-video"),
    );
    expect(image).toHaveLength(96 * 64 * 3);
    expect(ctx.reports).toHaveLength(6);
  });

  it.each([
    ["a text-to-image model", "text-to-image"],
    ["a text-to-video model asked for one frame", "text-to-video"],
  ])("reproduces a strength-1 reference on %s", async (_label, task) => {
    const only = models.filter(m => m.task === task);
    const uploads = { ref: join(root, "ref.png") };
    const plain = await runImage({}, only);
    const pinned = await runImage(
      { conditioning: [{ uploadId: "ref", frame: 0, strength: 1 }] },
      only,
      uploads,
    );
    expect(meanAbsDiff(pinned.image, REFERENCE)).toBeLessThan(4);
    expect(meanAbsDiff(plain.image, REFERENCE)).toBeGreaterThan(40);
    // A weaker reference lands in between: it guides the picture without copying it.
    const half = await runImage(
      { conditioning: [{ uploadId: "ref", frame: 0, strength: 0.5 }] },
      only,
      uploads,
    );
    const halfDiff = meanAbsDiff(half.image, REFERENCE);
    expect(halfDiff).toBeGreaterThan(meanAbsDiff(pinned.image, REFERENCE));
    expect(halfDiff).toBeLessThan(meanAbsDiff(plain.image, REFERENCE));
  });

  it("fails with UPLOAD_NOT_FOUND when a reference is gone", async () => {
    await expect(
      runImage({ conditioning: [{ uploadId: "gone", frame: 0, strength: 1 }] }),
    ).rejects.toMatchObject({ code: "UPLOAD_NOT_FOUND" });
  });
});
