import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  IDENTITY_COLOURS,
  averageRgb,
  computeLayerRect,
  framesToRender,
  nearestIdentityColour,
  paintIdentityFrame,
  readIdentityFrame,
  snapLayerRect,
  toRenderSpec,
  type RenderParams,
  type RenderSpec,
} from "@milimo/shared/render";
import type { MediaAsset } from "@milimo/shared/schema";
import { makeTimeline, makeTimelineItem } from "@milimo/shared/schema";
import { splitItemAt, trimTimelineItem } from "@milimo/shared/timeline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeFrames, openVideoEncoder, probeMedia } from "../media/ffmpeg";
import { encodePng } from "../test/media";
import { makeFixturePipelineContext } from "./diffusion/fixture-context";
import { isAbortError } from "./diffusion/pipeline-error";
import { buildRenderGraph, parseProgressFrame, renderPipeline, type RenderSource } from "./render";

const run = promisify(execFile);
const W = 384;
const H = 256;
const FPS = 25;
const SOURCE = { width: W, height: H };
let dir = "";
const uploads: Record<string, string> = {};

/** A test clip: colour `colour` with its frame number in blocks, `frames` long. */
async function makeClip(name: string, colour: number, frames: number): Promise<string> {
  const path = join(dir, `${name}.mp4`);
  const encoder = openVideoEncoder({ path, width: W, height: H, fps: FPS, crf: 16 });
  for (let f = 0; f < frames; f++) {
    await encoder.writeFrame(
      paintIdentityFrame({
        width: W,
        height: H,
        rgb: IDENTITY_COLOURS[colour] ?? [0, 0, 0],
        frame: f,
      }),
    );
  }
  await encoder.finish();
  return path;
}

/** A clip like `makeClip` with its own sound: 0.4 s of silence, then a 1 kHz tone (AAC in mp4). */
async function makeClipWithTone(name: string, colour: number, frames: number): Promise<string> {
  const picture = await makeClip(`${name}-picture`, colour, frames);
  const path = join(dir, `${name}.mp4`);
  // prettier-ignore
  await run("ffmpeg", [
    "-v", "error", "-y", "-i", picture, "-f", "lavfi",
    "-i", `aevalsrc=if(gte(t\\,0.4)\\,0.5*sin(2*PI*1000*t)\\,0):s=48000:d=${frames / FPS}`,
    "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "aac", "-ac", "2", path,
  ]);
  return path;
}

/** Whether a film has an audio stream. */
async function hasAudioStream(path: string): Promise<boolean> {
  // prettier-ignore
  const { stdout } = await run("ffprobe", [
    "-v", "error", "-select_streams", "a", "-show_entries", "stream=index", "-of", "csv=p=0", path,
  ]);
  return stdout.trim().length > 0;
}

/** A film's sound as mono 48 kHz samples. */
async function readFilmSound(path: string): Promise<Float32Array> {
  // prettier-ignore
  const { stdout } = await run(
    "ffmpeg",
    ["-v", "error", "-i", path, "-map", "0:a", "-ac", "1", "-ar", "48000", "-f", "f32le", "pipe:1"],
    { encoding: "buffer", maxBuffer: 64 * 1024 * 1024 },
  );
  return new Float32Array(stdout.buffer, stdout.byteOffset, stdout.byteLength / 4);
}

/** 0.4 s of silence, then a 1 kHz tone for 1 s, as 48 kHz WAV. */
async function makeTone(): Promise<string> {
  const path = join(dir, "tone.wav");
  await run("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    "aevalsrc=if(gte(t\\,0.4)\\,0.5*sin(2*PI*1000*t)\\,0):s=48000:d=1.4",
    "-ac",
    "2",
    path,
  ]);
  return path;
}

function media(id: string, kind: MediaAsset["kind"], durationFrames: number | null): MediaAsset {
  return {
    id,
    projectId: "p",
    kind,
    name: id,
    mime: kind === "audio" ? "audio/wav" : "video/mp4",
    bytes: 1,
    durationFrames,
    width: kind === "audio" ? null : W,
    height: kind === "audio" ? null : H,
    createdAt: "2025-01-01T00:00:00.000Z",
    source: "import",
  };
}

/**
 * V1: red (trim 5 in, 10 out) -> green split at 60 with the right half trimmed 10 more; V2: blue,
 * half size in the bottom-right quadrant from frame 30 to 70; A1: the tone from frame 20, trimmed
 * 0.2 s, so it sounds from 1.0 s.
 */
function arrangedSpec(size: { width?: number; height?: number } = {}): RenderSpec {
  let timeline = makeTimeline({
    items: [
      makeTimelineItem({ id: "red", mediaId: "red", sourceFrames: 60, trimIn: 5, trimOut: 10 }),
      makeTimelineItem({ id: "green", mediaId: "green", sourceFrames: 60 }),
      makeTimelineItem({
        id: "blue",
        track: "V2",
        mediaId: "blue",
        sourceFrames: 60,
        trimIn: 3,
        trimOut: 17,
        startFrame: 30,
        x: W / 4,
        y: H / 4,
        scale: 0.5,
      }),
      makeTimelineItem({
        id: "tone",
        track: "A1",
        mediaId: "tone",
        sourceFrames: 35,
        trimIn: 5,
        startFrame: 20,
      }),
    ],
  });
  timeline = splitItemAt({ timeline, itemId: "green", frame: 60, newId: "green-2" });
  timeline = trimTimelineItem({ timeline, itemId: "green-2", edge: "in", deltaFrames: 10 });
  const result = toRenderSpec({
    timeline,
    project: { width: W, height: H, fps: FPS },
    media: [
      media("red", "video", 60),
      media("green", "video", 60),
      media("blue", "video", 60),
      media("tone", "audio", 35),
    ],
    options: { container: "mp4", videoCodec: "avc", audioCodec: "aac", quality: "high", ...size },
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const params = (spec: RenderSpec): RenderParams => ({
  spec,
  media: ["red", "green", "blue", "tone"].map(id => ({ mediaId: id, uploadId: `u-${id}` })),
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "milimo-render-test-"));
  uploads["u-red"] = await makeClip("red", 0, 60);
  uploads["u-green"] = await makeClip("green", 1, 60);
  uploads["u-blue"] = await makeClip("blue", 2, 60);
  uploads["u-tone"] = await makeTone();
  uploads["u-cam"] = await makeClipWithTone("cam", 3, 60);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("renderPipeline", () => {
  let spec: RenderSpec;
  let film = "";
  let frames: Uint8Array[] = [];
  let reports: { step: number; total: number }[] = [];

  beforeAll(async () => {
    spec = arrangedSpec();
    const ctx = await makeFixturePipelineContext({ models: [], uploads });
    const artifacts = await renderPipeline(params(spec), ctx);
    expect(artifacts.map(a => [a.name, a.mime])).toEqual([["film.mp4", "video/mp4"]]);
    film = join(ctx.workDir, "film.mp4");
    frames = await decodeFrames({ path: film, width: W, height: H });
    reports = ctx.reports;
  });

  it("is as long as the timeline, to the frame", async () => {
    expect(spec.durationFrames).toBe(95);
    expect(frames).toHaveLength(95);
    const probe = await probeMedia(film);
    expect(probe).toMatchObject({ codec: "h264", width: W, height: H, frameCount: 95 });
  });

  it.each([0, 10, 29, 30, 44, 45, 59, 60, 69, 70, 94])(
    "frame %i shows the right clips and source frames, overlay on top",
    f => {
      const rgb = frames[f] as Uint8Array;
      const layers = framesToRender(spec, f);
      expect(layers.length).toBeGreaterThan(0);
      for (const layer of layers) {
        const rect = snapLayerRect(
          computeLayerRect({
            sourceWidth: W,
            sourceHeight: H,
            width: W,
            height: H,
            x: layer.item.x,
            y: layer.item.y,
            scale: layer.item.scale,
          }),
        );
        const read = readIdentityFrame({ rgb, width: W, height: H, rect, source: SOURCE });
        const colour = ["red", "green", "blue"].indexOf(layer.item.mediaId);
        expect([nearestIdentityColour(read.colour), read.frame]).toEqual([
          colour,
          layer.sourceFrame,
        ]);
      }
    },
  );

  it("uses the trims and the split: the frames it shows are the ones expected", () => {
    const read = (f: number) =>
      readIdentityFrame({
        rgb: frames[f] as Uint8Array,
        width: W,
        height: H,
        rect: { left: 0, top: 0, ...SOURCE },
        source: SOURCE,
      });
    expect([read(0).frame, read(44).frame, read(45).frame, read(59).frame, read(60).frame]).toEqual(
      [5, 49, 0, 14, 25],
    );
    // Outside the overlay's time the bottom-right quadrant is V1 again.
    const corner = readIdentityFrame({
      rgb: frames[75] as Uint8Array,
      width: W,
      height: H,
      rect: { left: W / 2, top: H / 2, width: W / 2, height: H / 2 },
      source: SOURCE,
    });
    expect(nearestIdentityColour(corner.colour)).toBe(1);
  });

  it("starts the tone at its start frame (±1 audio block)", async () => {
    const { stdout } = await run(
      "ffmpeg",
      [
        "-v",
        "error",
        "-i",
        film,
        "-map",
        "0:a",
        "-ac",
        "1",
        "-ar",
        "48000",
        "-f",
        "f32le",
        "pipe:1",
      ],
      { encoding: "buffer", maxBuffer: 64 * 1024 * 1024 },
    );
    const samples = new Float32Array(stdout.buffer, stdout.byteOffset, stdout.byteLength / 4);
    const onset = samples.findIndex(s => Math.abs(s) > 0.1);
    expect(Math.abs(onset - 48_000)).toBeLessThanOrEqual(1024);
    expect(samples.length / 48_000).toBeCloseTo(95 / FPS, 1);
  });

  it("reports progress in frames up to the total", () => {
    expect(reports.at(-1)).toMatchObject({ step: 95, total: 95 });
    expect(reports.every(r => r.total === 95 && r.step <= 95)).toBe(true);
  });
});

describe("renderPipeline with a camera clip's own sound on V1", () => {
  /** V1: red (no sound; trimmed 5 in, `redTrimOut` out), then the camera clip trimmed 5 in. */
  function cameraSpec(redTrimOut: number, muted = false): RenderSpec {
    const timeline = makeTimeline({
      items: [
        makeTimelineItem({
          id: "red",
          mediaId: "red",
          sourceFrames: 60,
          trimIn: 5,
          trimOut: redTrimOut,
        }),
        makeTimelineItem({ id: "cam", mediaId: "cam", sourceFrames: 60, trimIn: 5 }),
      ],
    });
    const result = toRenderSpec({
      timeline: {
        ...timeline,
        tracks: timeline.tracks.map(t => (t.id === "V1" ? { ...t, muted } : t)),
      },
      project: { width: W, height: H, fps: FPS },
      media: [media("red", "video", 60), media("cam", "video", 60)],
      options: { container: "mp4", videoCodec: "avc", audioCodec: "aac", quality: "high" },
    });
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  }
  const render = async (spec: RenderSpec) => {
    const ctx = await makeFixturePipelineContext({ models: [], uploads });
    const camUpload = { mediaId: "cam", uploadId: "u-cam" };
    await renderPipeline({ spec, media: [{ mediaId: "red", uploadId: "u-red" }, camUpload] }, ctx);
    return join(ctx.workDir, "film.mp4");
  };

  // The tone is 0.4 s into the clip; 0.2 s are trimmed off its head, so it sounds 0.2 s after
  // the clip starts: 45 frames of red -> 1.8 + 0.2 = 2.0 s; red trimmed 10 more -> 1.6 s.
  it.each([
    [10, 2.0],
    [20, 1.6],
  ])(
    "sounds where the clip starts, with its trim (red trimmed %i at the end)",
    async (trimOut, toneSeconds) => {
      const spec = cameraSpec(trimOut);
      const film = await render(spec);
      const samples = await readFilmSound(film);
      const onset = samples.findIndex(v => Math.abs(v) > 0.1);
      expect(Math.abs(onset - toneSeconds * 48_000)).toBeLessThanOrEqual(1024);
      // The sound lasts to the end of the film (within the muxer's last audio packets).
      expect(samples.length / 48_000).toBeGreaterThan(spec.durationFrames / FPS - 0.1);
      // The picture is unchanged: the camera clip shows from its 5th frame where it starts.
      const frames = await decodeFrames({ path: film, width: W, height: H });
      const start = 55 - trimOut;
      const read = readIdentityFrame({
        rgb: frames[start] as Uint8Array,
        width: W,
        height: H,
        rect: { left: 0, top: 0, ...SOURCE },
        source: SOURCE,
      });
      expect([nearestIdentityColour(read.colour), read.frame]).toEqual([3, 5]);
    },
  );

  it("renders silently (no audio track) when V1 is muted or its clips have no sound", async () => {
    const muted = await render(cameraSpec(10, true));
    expect(await hasAudioStream(muted)).toBe(false);
    const silent = cameraSpec(10);
    const redOnly = { ...silent, audio: silent.audio.filter(a => a.mediaId === "red") };
    expect(redOnly.audio).toHaveLength(1);
    const film = await render(redOnly);
    expect(await hasAudioStream(film)).toBe(false);
    expect((await probeMedia(film)).frameCount).toBe(silent.durationFrames);
  });
});

describe("renderPipeline with an image and a translucent overlay", () => {
  it("pillarboxes the image and blends the overlay at its opacity", async () => {
    const narrow = { width: 192, height: 256 };
    const png = paintIdentityFrame({ ...narrow, rgb: IDENTITY_COLOURS[0], frame: 0 });
    const imagePath = join(dir, "narrow.png");
    await writeFile(
      imagePath,
      encodePng(narrow.width, narrow.height, (x, y) => {
        const o = (y * narrow.width + x) * 3;
        return [png[o] ?? 0, png[o + 1] ?? 0, png[o + 2] ?? 0];
      }),
    );
    const item = { opacity: 1, x: 0, y: 0, scale: 1 };
    const spec: RenderSpec = {
      width: W,
      height: H,
      fps: FPS,
      durationFrames: 20,
      container: "mp4",
      videoCodec: "avc",
      audioCodec: "aac",
      quality: "high",
      video: [
        {
          ...item,
          itemId: "i",
          mediaId: "img",
          kind: "image",
          track: "V1",
          startFrame: 0,
          sourceInFrame: 0,
          durationFrames: 20,
        },
        {
          ...item,
          itemId: "o",
          mediaId: "blue",
          kind: "video",
          track: "V2",
          startFrame: 5,
          sourceInFrame: 0,
          durationFrames: 10,
          opacity: 0.5,
        },
      ],
      audio: [],
    };
    const ctx = await makeFixturePipelineContext({
      models: [],
      uploads: { ...uploads, "u-img": imagePath },
    });
    await renderPipeline(
      {
        spec,
        media: [
          { mediaId: "img", uploadId: "u-img" },
          { mediaId: "blue", uploadId: "u-blue" },
        ],
      },
      ctx,
    );
    const out = await decodeFrames({ path: join(ctx.workDir, "film.mp4"), width: W, height: H });
    expect(out).toHaveLength(20);
    const rect = snapLayerRect(
      computeLayerRect({ sourceWidth: 192, sourceHeight: 256, width: W, height: H }),
    );
    expect(rect).toEqual({ left: 96, top: 0, width: 192, height: 256 });
    const image = readIdentityFrame({
      rgb: out[2] as Uint8Array,
      width: W,
      height: H,
      rect,
      source: narrow,
    });
    expect(nearestIdentityColour(image.colour)).toBe(0);
    const bar = averageRgb({
      rgb: out[2] as Uint8Array,
      width: W,
      height: H,
      x: 40,
      y: 128,
      radius: 4,
    });
    expect(Math.max(...bar)).toBeLessThan(20);
    // Half blue over the red image; half blue over the black bar.
    const mid = (a: number, b: number) => (a + b) / 2;
    const [red, blue] = [IDENTITY_COLOURS[0], IDENTITY_COLOURS[2]];
    const blended = averageRgb({
      rgb: out[10] as Uint8Array,
      width: W,
      height: H,
      x: 0.45 * W,
      y: 0.6 * H,
      radius: 4,
    });
    blended.forEach((v, i) =>
      expect(Math.abs(v - mid(red[i] ?? 0, blue[i] ?? 0))).toBeLessThan(25),
    );
    const overBar = averageRgb({
      rgb: out[10] as Uint8Array,
      width: W,
      height: H,
      x: 40,
      y: 0.6 * H,
      radius: 4,
    });
    overBar.forEach((v, i) => expect(Math.abs(v - (blue[i] ?? 0) / 2)).toBeLessThan(25));
  });
});

describe("renderPipeline failures", () => {
  it("cancels: kills ffmpeg and leaves no file behind", async () => {
    // Upscaled to 1080p so ffmpeg is still busy when the cancel lands.
    const spec = arrangedSpec({ width: 1920, height: 1280 });
    const ctx = await makeFixturePipelineContext({ models: [], uploads });
    const rendering = renderPipeline(params(spec), ctx).then(
      () => null,
      (e: unknown) => e,
    );
    let started = false;
    while (!started) {
      await new Promise(r => setTimeout(r, 10));
      started = (await readdir(ctx.workDir)).includes(".film.mp4.partial");
    }
    ctx.controller.abort();
    const error = await rendering;
    expect(isAbortError(error)).toBe(true);
    expect(await readdir(ctx.workDir)).toEqual([]);
  });

  it("names the missing upload", async () => {
    const ctx = await makeFixturePipelineContext({
      models: [],
      uploads: { ...uploads, "u-blue": "" },
    });
    ctx.uploadPath = id => (id === "u-blue" ? undefined : uploads[id]);
    await expect(renderPipeline(params(arrangedSpec()), ctx)).rejects.toMatchObject({
      code: "UPLOAD_NOT_FOUND",
    });
  });

  it("refuses params without an upload for every media", async () => {
    const ctx = await makeFixturePipelineContext({ models: [], uploads });
    const p = params(arrangedSpec());
    await expect(renderPipeline({ ...p, media: p.media.slice(1) }, ctx)).rejects.toThrow(
      /No upload given/,
    );
  });
});

describe("buildRenderGraph", () => {
  it("mixes only the sounds whose files have an audio stream", () => {
    const spec = arrangedSpec();
    const source = (path: string, hasAudio: boolean): RenderSource => ({
      path,
      width: W,
      height: H,
      hasAudio,
    });
    const graph = buildRenderGraph({
      spec,
      sources: new Map([
        ["red", source("red.mp4", false)],
        ["green", source("green.mp4", true)],
        ["blue", source("blue.mp4", false)],
        ["tone", { ...source("tone.wav", true), width: null, height: null }],
      ]),
    });
    expect(graph.hasAudio).toBe(true);
    // Green's two halves (the split) and the tone: three delayed sounds.
    expect(graph.filter.match(/adelay=/g)).toHaveLength(3);
    expect(graph.filter).toContain("amix=inputs=3");
  });

  it("fills a film with no visible clips with black, silently", () => {
    const graph = buildRenderGraph({
      spec: { ...arrangedSpec(), video: [], audio: [] },
      sources: new Map(),
    });
    expect(graph).toMatchObject({ inputs: [], hasAudio: false });
    expect(graph.filter).toContain("color=c=black");
  });
});

describe("parseProgressFrame", () => {
  it.each([
    ["frame=12\nfps=30\nprogress=continue\n", 12],
    ["frame=1\nframe=40\nprogress=end\n", 40],
    ["out_time_us=1000\nprogress=continue\n", null],
  ])("reads %j as %s", (block, frame) => {
    expect(parseProgressFrame(block)).toBe(frame);
  });
});
