import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { InpaintParams } from "@milimo/shared/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeFrames } from "../media/ffmpeg";
import { writePng } from "../media/png";
import { makeFixturePipelineContext, readModelManifests } from "./diffusion/fixture-context";
import { makeDiffusionFixtures } from "./diffusion/fixture-model";
import {
  blendKnownLatents,
  compositeOverSource,
  inpaintFrame,
  inpaintPipeline,
  toKeepCells,
  toLatentKeepCells,
} from "./inpaint";
import {
  compareRgb as compare,
  makeBlockPicture,
  makeRectMask,
  type Rect,
} from "./test-inpaint-pictures";
import type { ModelManifestView } from "./types";

let root = "";
let models: ModelManifestView[] = [];

function toRgb(mask: Uint8Array): Uint8Array {
  const rgb = new Uint8Array(mask.length * 3);
  mask.forEach((v, i) => rgb.fill(v, i * 3, i * 3 + 3));
  return rgb;
}

const baseParams: InpaintParams = {
  prompt: "a bright green door",
  negativePrompt: "blurry",
  seed: 7,
  steps: 8,
  guidance: 2,
  strength: 0.85,
  target: "frame",
  imageUploadId: "picture",
  frame: 0,
  maskUploadId: "mask",
};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "milimo-inpaint-"));
  await makeDiffusionFixtures(join(root, "models"));
  models = await readModelManifests(join(root, "models"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function writeInputs(width: number, height: number, rect: Rect) {
  const dir = await mkdtemp(join(root, "case-"));
  const picture = makeBlockPicture({ width, height });
  const mask = makeRectMask({ width, height, rect });
  await writePng({ path: join(dir, "picture.png"), rgb: picture, width, height });
  await writePng({ path: join(dir, "mask.png"), rgb: toRgb(mask), width, height });
  return {
    picture,
    mask,
    uploads: { picture: join(dir, "picture.png"), mask: join(dir, "mask.png") },
  };
}

describe("inpaintPipeline", () => {
  it.each([
    { width: 64, height: 48, rect: { x0: 16, y0: 16, x1: 40, y1: 32 } },
    // Not a multiple of the model's 8-pixel cell, and a mask edge inside a cell.
    { width: 60, height: 44, rect: { x0: 13, y0: 10, x1: 37, y1: 29 } },
  ])(
    "keeps every pixel outside the mask and repaints inside ($width×$height)",
    async ({ width, height, rect }) => {
      const { picture, mask, uploads } = await writeInputs(width, height, rect);
      const ctx = await makeFixturePipelineContext({ models, uploads });
      const artifacts = await inpaintPipeline(baseParams, ctx);
      expect(artifacts.map(a => a.name)).toEqual(["image.png", "poster.png"]);
      const [out] = await decodeFrames({ path: join(ctx.workDir, "image.png"), width, height });
      const outside = compare(out!, picture, p => mask[p] === 0);
      const inside = compare(out!, picture, p => mask[p] === 255);
      expect(outside.max).toBeLessThanOrEqual(1);
      expect(inside.mean).toBeGreaterThan(20);
      expect(ctx.reports.map(r => r.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(ctx.reports.at(-1)?.message).toBe("Inpainting step 8/8");
    },
  );

  it("blends the known latents at every step: the raw decode already matches outside the mask", async () => {
    const width = 64;
    const height = 48;
    const rect = { x0: 16, y0: 16, x1: 40, y1: 32 };
    const picture = makeBlockPicture({ width, height });
    const mask = makeRectMask({ width, height, rect });
    const model = models.find(m => m.task === "text-to-image")!;
    const ctx = await makeFixturePipelineContext({ models });
    const run = (strength: number) =>
      inpaintFrame({
        ctx,
        model,
        params: { ...baseParams, strength },
        image: { width, height, data: picture },
        mask,
      });
    const repaint = await run(0.85);
    // Before compositing: outside the mask the model's own output equals the picture.
    expect(compare(repaint.raw, picture, p => mask[p] === 0).max).toBeLessThanOrEqual(2);
    expect(compare(repaint.raw, picture, p => mask[p] === 255).mean).toBeGreaterThan(20);
    // Strength 0 holds the masked area to the picture as well.
    const keepAll = await run(0);
    expect(compare(keepAll.raw, picture, () => true).max).toBeLessThanOrEqual(2);
  });

  it("stops when cancelled and frees the model", async () => {
    const { uploads } = await writeInputs(64, 48, { x0: 8, y0: 8, x1: 24, y1: 24 });
    const ctx = await makeFixturePipelineContext({ models, uploads });
    const progress = ctx.progress.bind(ctx);
    ctx.progress = p => {
      progress(p);
      if (p.step === 2) ctx.controller.abort();
    };
    await expect(inpaintPipeline(baseParams, ctx)).rejects.toMatchObject({ name: "AbortError" });
    expect(ctx.released).toEqual(["fixture-diffusion-image"]);
  });

  it("answers UPLOAD_NOT_FOUND when the mask is gone", async () => {
    const { uploads } = await writeInputs(64, 48, { x0: 8, y0: 8, x1: 24, y1: 24 });
    const ctx = await makeFixturePipelineContext({ models, uploads: { picture: uploads.picture } });
    await expect(inpaintPipeline(baseParams, ctx)).rejects.toMatchObject({
      code: "UPLOAD_NOT_FOUND",
    });
  });
});

describe("toKeepCells and blendKnownLatents", () => {
  it("keeps only cells whose whole block is outside the mask", () => {
    // 16×8 picture, 8-pixel cells -> 2×1 cells; one masked pixel in the right cell.
    const mask = new Uint8Array(16 * 8);
    mask[3 * 16 + 9] = 255;
    expect(Array.from(toKeepCells({ mask, width: 16, height: 8, cell: 8 }))).toEqual([1, 0]);
  });

  it.each([
    { sigma: 0.5, holdMasked: false, expected: [1.5, 9] },
    { sigma: 0.5, holdMasked: true, expected: [1.5, 3.5] },
    { sigma: 0, holdMasked: false, expected: [1, 9] },
  ])("at sigma $sigma (hold masked: $holdMasked)", ({ sigma, holdMasked, expected }) => {
    const latents = Float32Array.of(9, 9);
    blendKnownLatents({
      latents,
      known: Float32Array.of(1, 5),
      noise: Float32Array.of(2, 2),
      keep: Uint8Array.of(1, 0),
      shape: { channels: 1, frames: 1, height: 1, width: 2 },
      sigma,
      holdMasked,
    });
    expect(Array.from(latents)).toEqual(expected);
  });
});

describe("toLatentKeepCells", () => {
  // 8×8 frames, 4-pixel cells -> 2×2 cells; a frame's mask touches one cell.
  const maskAt = (cell: number) => {
    const mask = new Uint8Array(64);
    const x = (cell % 2) * 4;
    const y = Math.floor(cell / 2) * 4;
    mask[(y + 1) * 8 + x + 1] = 255;
    return mask;
  };
  it.each([
    {
      label: "one latent frame per pixel frame (t = 1)",
      masks: [maskAt(0), null, maskAt(3)],
      t: 1,
      latentFrames: 3,
      expected: [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0],
    },
    {
      // Latent frame 1 covers pixel frames 1..4: a cell masked in any of them is not kept.
      label: "a VAE that folds 4 frames into one (t = 4)",
      masks: [null, maskAt(1), null, maskAt(2), null, maskAt(3)],
      t: 4,
      latentFrames: 3,
      expected: [1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0],
    },
  ])("$label", ({ masks, t, latentFrames, expected }) => {
    const keep = toLatentKeepCells({
      masks,
      width: 8,
      height: 8,
      cell: 4,
      temporalDownsample: t,
      latentFrames,
    });
    expect(Array.from(keep)).toEqual(expected);
  });

  it("blends each latent frame by its own keep plane", () => {
    // 1 channel, 2 latent frames of 2 cells; frame 0 keeps cell 0, frame 1 keeps cell 1.
    const latents = Float32Array.of(9, 9, 9, 9);
    blendKnownLatents({
      latents,
      known: Float32Array.of(1, 2, 3, 4),
      noise: new Float32Array(4),
      keep: Uint8Array.of(1, 0, 0, 1),
      shape: { channels: 1, frames: 2, height: 1, width: 2 },
      sigma: 0,
      holdMasked: false,
    });
    expect(Array.from(latents)).toEqual([1, 9, 9, 4]);
  });
});

describe("compositeOverSource", () => {
  it("keeps the source exactly where the mask is 0 and takes the model's pixel at 255", () => {
    // 2×1 source over a 4-column decode (work size wider than the picture).
    const source = Uint8Array.of(10, 20, 30, 40, 50, 60);
    const raw = Uint8Array.of(200, 201, 202, 210, 211, 212, 0, 0, 0, 0, 0, 0);
    const out = (mask: number[] | null) =>
      Array.from(
        compositeOverSource({
          source,
          raw,
          mask: mask && Uint8Array.from(mask),
          width: 2,
          height: 1,
          rawWidth: 4,
        }),
      );
    expect(out([0, 255])).toEqual([10, 20, 30, 210, 211, 212]);
    expect(out([255, 0])).toEqual([200, 201, 202, 40, 50, 60]);
    expect(out(null)).toEqual([10, 20, 30, 40, 50, 60]);
    // A feathered edge mixes: 10 + (200 - 10) * 51/255 = 48.
    expect(out([51, 0]).slice(0, 1)).toEqual([48]);
  });
});
