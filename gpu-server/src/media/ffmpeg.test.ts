import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeFrames, extractFrame, openVideoEncoder, probeMedia } from "./ffmpeg";

const WIDTH = 64;
const HEIGHT = 48;
let dir = "";

/** Frame i: a flat colour that changes with i, so order and count are checkable. */
function makeFrame(i: number): Uint8Array {
  const rgb = new Uint8Array(WIDTH * HEIGHT * 3);
  for (let p = 0; p < WIDTH * HEIGHT; p++) rgb.set([20 + i * 20, 200 - i * 15, 90], p * 3);
  return rgb;
}

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / a.length;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "milimo-ffmpeg-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("openVideoEncoder", () => {
  it("writes a browser-playable H.264 yuv420p mp4 with the moov atom first", async () => {
    const path = join(dir, "clip.mp4");
    const encoder = openVideoEncoder({ path, width: WIDTH, height: HEIGHT, fps: 25 });
    for (let i = 0; i < 10; i++) await encoder.writeFrame(makeFrame(i));
    const bytes = await encoder.finish();
    expect(bytes).toBeGreaterThan(0);

    const probe = await probeMedia(path);
    expect(probe).toMatchObject({
      codec: "h264",
      pixelFormat: "yuv420p",
      width: WIDTH,
      height: HEIGHT,
      frameCount: 10,
    });
    const file = await readFile(path);
    expect(file.indexOf("moov")).toBeGreaterThan(0);
    expect(file.indexOf("moov")).toBeLessThan(file.indexOf("mdat"));

    const frames = await decodeFrames({ path, width: WIDTH, height: HEIGHT });
    expect(frames).toHaveLength(10);
    frames.forEach((frame, i) => expect(meanAbsDiff(frame, makeFrame(i))).toBeLessThan(3));
    expect(
      meanAbsDiff(
        await extractFrame({ path, width: WIDTH, height: HEIGHT, at: "last" }),
        makeFrame(9),
      ),
    ).toBeLessThan(3);
    expect(
      meanAbsDiff(
        await extractFrame({ path, width: WIDTH, height: HEIGHT, at: "first" }),
        makeFrame(0),
      ),
    ).toBeLessThan(3);
  });

  it("kills ffmpeg and leaves no file behind when the job is cancelled", async () => {
    const sub = await mkdtemp(join(dir, "cancel-"));
    const controller = new AbortController();
    const encoder = openVideoEncoder({
      path: join(sub, "video.mp4"),
      width: WIDTH,
      height: HEIGHT,
      fps: 25,
      signal: controller.signal,
    });
    for (let i = 0; i < 3; i++) await encoder.writeFrame(makeFrame(i));
    controller.abort(new DOMException("cancelled by the user", "AbortError"));
    await expect(encoder.writeFrame(makeFrame(3))).rejects.toMatchObject({ name: "AbortError" });
    await encoder.abort();
    expect(await readdir(sub)).toEqual([]);
  });

  it("says ffmpeg is missing in words when the binary is not there", async () => {
    const previous = process.env.FFMPEG_PATH;
    process.env.FFMPEG_PATH = "/nonexistent/ffmpeg";
    try {
      const encoder = openVideoEncoder({
        path: join(dir, "never.mp4"),
        width: WIDTH,
        height: HEIGHT,
        fps: 25,
      });
      const failure = encoder.finish();
      await expect(failure).rejects.toMatchObject({ code: "FFMPEG_FAILED" });
      await expect(failure).rejects.toThrow(/not installed/);
    } finally {
      if (previous === undefined) delete process.env.FFMPEG_PATH;
      else process.env.FFMPEG_PATH = previous;
    }
  });
});

describe("decodeFrames", () => {
  it("refuses a file that is not an image or video", async () => {
    const path = join(dir, "notes.txt");
    await import("node:fs/promises").then(fs => fs.writeFile(path, "not a picture"));
    await expect(decodeFrames({ path, width: 8, height: 8 })).rejects.toMatchObject({
      code: "UNSUPPORTED_MEDIA_TYPE",
    });
  });
});
