import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { InpaintParams, RleMask } from "@milimo/shared/api";
import { encodeMaskRle } from "@milimo/shared/sam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeFrames, openVideoEncoder } from "../media/ffmpeg";
import { writePng } from "../media/png";
import { makeFixturePipelineContext, readModelManifests } from "./diffusion/fixture-context";
import { makeDiffusionFixtures } from "./diffusion/fixture-model";
import { inpaintPipeline } from "./inpaint";
import { inpaintClip } from "./inpaint-clip";
import { probeClip } from "./inpaint-clip-media";
import {
  compareRgb as compare,
  makeBlockPicture,
  makeRectMask,
  type Rect,
} from "./test-inpaint-pictures";
import type { ModelManifestView } from "./types";

const WIDTH = 64;
const HEIGHT = 48;
const FRAMES = 6;
const FPS = 12;

/** The masked rectangle of each frame; frames 3 and 5 have no entry (kept untouched). */
const RECTS: (Rect | null)[] = [
  { x0: 16, y0: 16, x1: 40, y1: 32 },
  { x0: 18, y0: 16, x1: 42, y1: 32 },
  { x0: 20, y0: 18, x1: 44, y1: 34 },
  null,
  { x0: 24, y0: 18, x1: 48, y1: 34 },
  null,
];

let root = "";
let models: ModelManifestView[] = [];
let uploads: Record<string, string> = {};
/** The source frames decoded the way the outputs are (decodeFrames at the clip size). */
let source: Uint8Array[] = [];

const rectMask = (rect: Rect | null, width = WIDTH, height = HEIGHT) =>
  makeRectMask({ width, height, rect });

function toRle(mask: Uint8Array, width = WIDTH, height = HEIGHT): RleMask {
  return { width, height, counts: Array.from(encodeMaskRle({ data: mask, width, height }).counts) };
}

/** 8×8 blocks whose colours drift a little each frame, like a slow pan over a textured wall. */
const makeFrame = (frame: number) => makeBlockPicture({ width: WIDTH, height: HEIGHT, frame });

/** Pixels farther than `margin` from the rectangle (0 = every pixel outside it). */
function isOutside(p: number, rect: Rect | null, margin: number): boolean {
  if (!rect) return true;
  const x = p % WIDTH;
  const y = Math.floor(p / WIDTH);
  return (
    x < rect.x0 - margin || x >= rect.x1 + margin || y < rect.y0 - margin || y >= rect.y1 + margin
  );
}

function isInside(p: number, rect: Rect | null): boolean {
  return rect !== null && !isOutside(p, rect, 0);
}

const params: InpaintParams = {
  prompt: "a bright green door",
  negativePrompt: "blurry",
  seed: 7,
  steps: 4,
  guidance: 2,
  strength: 0.85,
  target: "clip",
  imageUploadId: "clip",
  frame: 0,
  masksUploadId: "masks",
};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "milimo-inpaint-clip-"));
  await makeDiffusionFixtures(join(root, "models"));
  models = await readModelManifests(join(root, "models"));
  const clip = join(root, "clip.mp4");
  const encoder = openVideoEncoder({ path: clip, width: WIDTH, height: HEIGHT, fps: FPS });
  for (let f = 0; f < FRAMES; f++) await encoder.writeFrame(makeFrame(f));
  await encoder.finish();
  source = await decodeFrames({ path: clip, width: WIDTH, height: HEIGHT });
  const masks = join(root, "masks.json");
  const entries = RECTS.flatMap((rect, frame) =>
    rect ? [{ frame, mask: toRle(rectMask(rect)), score: 0.9, box: null }] : [],
  );
  // The shape of a track job's masks.json, extra fields included.
  await writeFile(masks, JSON.stringify({ version: 1, seedFrame: 0, frames: entries }));
  // One mask for every frame, drawn on a half-size preview (resized nearest to the clip).
  const png = join(root, "mask.png");
  const half = rectMask({ x0: 8, y0: 8, x1: 20, y1: 16 }, 32, 24);
  const halfRgb = new Uint8Array(half.length * 3);
  half.forEach((v, i) => halfRgb.fill(v, i * 3, i * 3 + 3));
  await writePng({ path: png, rgb: halfRgb, width: 32, height: 24 });
  const picture = join(root, "picture.png");
  await writePng({ path: picture, rgb: makeFrame(0), width: WIDTH, height: HEIGHT });
  const bad = join(root, "bad.json");
  await writeFile(bad, '{"frames": [');
  const wrong = join(root, "wrong.json");
  await writeFile(
    wrong,
    JSON.stringify({ frames: [{ frame: 0, mask: { width: 2, height: 2, counts: [1] } }] }),
  );
  const empty = join(root, "empty.json");
  await writeFile(empty, JSON.stringify({ frames: [{ frame: 1, mask: toRle(rectMask(null)) }] }));
  uploads = { clip, masks, png, picture, bad, wrong, empty };
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Encodes frames through the pipeline's own encoder settings and decodes them again. */
async function roundTrip(frames: readonly Uint8Array[]): Promise<Uint8Array[]> {
  const dir = await mkdtemp(join(root, "rt-"));
  const path = join(dir, "rt.mp4");
  const encoder = openVideoEncoder({ path, width: WIDTH, height: HEIGHT, fps: FPS });
  for (const frame of frames) await encoder.writeFrame(frame);
  await encoder.finish();
  return decodeFrames({ path, width: WIDTH, height: HEIGHT });
}

async function decodeOutput(workDir: string) {
  return decodeFrames({ path: join(workDir, "video.mp4"), width: WIDTH, height: HEIGHT });
}

describe("inpaint target clip", () => {
  it("repaints each frame inside its own mask and keeps everything else", async () => {
    const ctx = await makeFixturePipelineContext({ models, uploads });
    const beforeEncoding: Uint8Array[] = [];
    const artifacts = await inpaintClip({
      params,
      ctx,
      onFrame: (rgb, f) => (beforeEncoding[f] = rgb),
    });
    expect(artifacts.map(a => a.name)).toEqual(["video.mp4", "poster.png"]);
    const probe = await probeClip({
      path: join(ctx.workDir, "video.mp4"),
      signal: ctx.signal,
      what: "output",
    });
    expect(probe).toMatchObject({ width: WIDTH, height: HEIGHT, fps: FPS, frameCount: FRAMES });
    expect(probe.codec).toBe("h264");

    const out = await decodeOutput(ctx.workDir);
    expect(out).toHaveLength(FRAMES);
    // The H.264 tolerance: re-encoding the decoded source itself with the same settings (yuv420p,
    // crf 18) already moves pixels of this sharp block texture; inpainted output may not differ
    // from the source by more than that, plus a little for the encoder's changed decisions.
    const reference = await roundTrip(source);
    for (let f = 0; f < FRAMES; f++) {
      const rect = RECTS[f]!;
      // Before encoding, outside the mask is the source exactly.
      expect(compare(beforeEncoding[f]!, source[f]!, p => isOutside(p, rect, 0)).max).toBe(0);
      const codec = compare(reference[f]!, source[f]!, () => true);
      const outside = compare(out[f]!, source[f]!, p => isOutside(p, rect, 0));
      // Chroma is stored per 2×2 block and transforms span 8 px, so the first pixels past the
      // mask edge share blocks with repainted ones; beyond 8 px only codec error remains.
      const far = compare(out[f]!, source[f]!, p => isOutside(p, rect, 8));
      expect(outside.mean, `frame ${f} outside mean`).toBeLessThanOrEqual(codec.mean + 1.5);
      expect(far.max, `frame ${f} outside max`).toBeLessThanOrEqual(codec.max + 8);
      if (rect) {
        expect(compare(out[f]!, source[f]!, p => isInside(p, rect)).mean).toBeGreaterThan(20);
      } else {
        // No mask entry: the frame goes through untouched.
        expect(beforeEncoding[f]).toEqual(source[f]);
      }
    }
    expect(ctx.reports.map(r => r.message)).toEqual(
      [1, 2, 3, 4].map(s => `Inpainting step ${s}/4`),
    );
  });

  it("works in chunks: same frame count, kept pixels exact, masked frames repainted", async () => {
    const ctx = await makeFixturePipelineContext({ models, uploads });
    const beforeEncoding: Uint8Array[] = [];
    await inpaintClip({
      params,
      ctx,
      chunkFrames: 4,
      onFrame: (rgb, f) => (beforeEncoding[f] = rgb),
    });
    expect(beforeEncoding).toHaveLength(FRAMES);
    RECTS.forEach((rect, f) => {
      expect(compare(beforeEncoding[f]!, source[f]!, p => isOutside(p, rect, 0)).max).toBe(0);
      if (rect) {
        expect(
          compare(beforeEncoding[f]!, source[f]!, p => isInside(p, rect)).mean,
        ).toBeGreaterThan(20);
      }
    });
    // 6 frames in chunks of 4 sharing 1: frames 0–3, then 4–5.
    expect(ctx.reports.at(-1)).toMatchObject({
      step: 8,
      total: 8,
      message: "Inpainting step 4/4 · frames 4–5 (chunk 2/2)",
    });
    expect((await decodeOutput(ctx.workDir)).length).toBe(FRAMES);
  });

  it("applies one PNG mask (drawn at another size) to every frame", async () => {
    const ctx = await makeFixturePipelineContext({ models, uploads });
    const beforeEncoding: Uint8Array[] = [];
    await inpaintClip({
      params: { ...params, masksUploadId: undefined, maskUploadId: "png" },
      ctx,
      onFrame: (rgb, f) => (beforeEncoding[f] = rgb),
    });
    const rect = { x0: 16, y0: 16, x1: 40, y1: 32 };
    expect((await decodeOutput(ctx.workDir)).length).toBe(FRAMES);
    for (let f = 0; f < FRAMES; f++) {
      expect(compare(beforeEncoding[f]!, source[f]!, p => isOutside(p, rect, 0)).max).toBe(0);
      expect(compare(beforeEncoding[f]!, source[f]!, p => isInside(p, rect)).mean).toBeGreaterThan(
        20,
      );
    }
  });

  it("runs through the inpaint pipeline and stops when cancelled, leaving no video", async () => {
    const ctx = await makeFixturePipelineContext({ models, uploads });
    const progress = ctx.progress.bind(ctx);
    ctx.progress = p => {
      progress(p);
      if (p.step === 2) ctx.controller.abort();
    };
    await expect(inpaintPipeline(params, ctx)).rejects.toMatchObject({ name: "AbortError" });
    expect(ctx.reports.map(r => r.step)).toEqual([1, 2]);
    expect(ctx.released).toEqual(["fixture-diffusion-video"]);
    expect((await readdir(ctx.workDir)).filter(name => !name.startsWith("."))).toEqual([]);
  });

  it.each([
    [
      { imageUploadId: "picture" },
      "UNSUPPORTED_MEDIA_TYPE",
      /still image; inpainting a clip needs a video/,
    ],
    [{ imageUploadId: "gone" }, "UPLOAD_NOT_FOUND", /clip to inpaint is no longer on the server/],
    [{ masksUploadId: "gone" }, "UPLOAD_NOT_FOUND", /masks file is no longer on the server/],
    [
      { masksUploadId: "bad" },
      "INVALID_REQUEST",
      /^masksUploadId: the masks file is not valid JSON/,
    ],
    [
      { masksUploadId: "wrong" },
      "INVALID_REQUEST",
      /^masksUploadId: frames\.0\.mask\.counts: Mask runs/,
    ],
    [
      { masksUploadId: "empty" },
      "INVALID_REQUEST",
      /masks cover nothing: every frame's mask is empty/,
    ],
  ])("refuses %j with %s", async (override, code, message) => {
    const ctx = await makeFixturePipelineContext({ models, uploads });
    const error = await inpaintPipeline({ ...params, ...override }, ctx).catch((e: unknown) => e);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toMatch(message);
  });
});
