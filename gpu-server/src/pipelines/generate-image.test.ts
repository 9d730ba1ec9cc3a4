import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GenerateImageParams } from "@milimo/shared/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeFrames } from "../media/ffmpeg";
import { makeFixturePipelineContext, readModelManifests } from "./diffusion/fixture-context";
import { makeDiffusionFixtures } from "./diffusion/fixture-model";
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

async function runImage(params: Partial<GenerateImageParams>, only = models) {
  const ctx = await makeFixturePipelineContext({ models: only });
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
});
