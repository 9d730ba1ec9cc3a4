/**
 * Test media made with ffmpeg (testsrc / sine): a PNG still, a 2 s VP9+Opus WebM (plays in any
 * Chromium build) and a 2 s 440 Hz WAV tone. Made once per worker into a temp folder.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestMedia {
  dir: string;
  /** 320×240 PNG. */
  image: string;
  /** 2 s, 25 fps, 320×240 VP9 video with an Opus tone. */
  video: string;
  /** 2 s 440 Hz mono WAV. */
  audio: string;
  /** A text file the library must refuse. */
  text: string;
}

/** Seconds of the generated video and audio. */
export const TEST_MEDIA_SECONDS = 2;

function ffmpeg(args: string[]): void {
  execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", ...args], { stdio: "pipe" });
}

/** Generates the test media into a fresh temp folder. */
export function makeTestMedia(): TestMedia {
  const dir = mkdtempSync(join(tmpdir(), "milimo-e2e-media-"));
  const image = join(dir, "still.png");
  const video = join(dir, "clip.webm");
  const audio = join(dir, "tone.wav");
  const text = join(dir, "notes.txt");
  ffmpeg(["-f", "lavfi", "-i", "testsrc=size=320x240:rate=1", "-frames:v", "1", image]);
  ffmpeg([
    "-f",
    "lavfi",
    "-i",
    `testsrc=size=320x240:rate=25:duration=${TEST_MEDIA_SECONDS}`,
    "-f",
    "lavfi",
    "-i",
    `sine=frequency=330:duration=${TEST_MEDIA_SECONDS}`,
    "-c:v",
    "libvpx-vp9",
    "-deadline",
    "realtime",
    "-cpu-used",
    "8",
    "-b:v",
    "200k",
    "-c:a",
    "libopus",
    "-shortest",
    video,
  ]);
  ffmpeg([
    "-f",
    "lavfi",
    "-i",
    `sine=frequency=440:duration=${TEST_MEDIA_SECONDS}`,
    "-ac",
    "1",
    "-c:a",
    "pcm_s16le",
    audio,
  ]);
  execFileSync("sh", ["-c", `printf 'not media' > '${text}'`]);
  return { dir, image, video, audio, text };
}

/** A file's bytes as base64 (to build File objects inside the page for drag-and-drop). */
export function fileBase64(path: string): string {
  return readFileSync(path).toString("base64");
}

/** An orange square on a blue-grey background, optionally moving right, for segmentation tests. */
export interface SquareClip {
  width: number;
  height: number;
  /** Top-left corner at frame 0 and side, in pixels; the square moves `stepPx` right per frame. */
  square: { x: number; y: number; side: number; stepPx?: number };
  seconds: number;
}

/** Writes a 25 fps VP9 WebM of `clip` as `square.webm` in a fresh temp folder; returns its path. */
export function makeSquareClip({ width, height, square, seconds }: SquareClip): string {
  const path = join(mkdtempSync(join(tmpdir(), "milimo-e2e-square-")), "square.webm");
  const x = square.stepPx ? `'${square.x}+t*${square.stepPx * 25}'` : String(square.x);
  // prettier-ignore
  ffmpeg([
    "-f", "lavfi", "-i", `color=c=0x283c50:s=${width}x${height}:r=25:d=${seconds}`,
    "-f", "lavfi", "-i", `color=c=0xEB781E:s=${square.side}x${square.side}:r=25:d=${seconds}`,
    "-filter_complex", `[0][1]overlay=x=${x}:y=${square.y}:shortest=1`,
    "-c:v", "libvpx-vp9", "-b:v", "1M", "-pix_fmt", "yuv420p", path,
  ]);
  return path;
}

/** Entries of a stored (uncompressed) ZIP, as the studio writes them, by name. */
export function listZip(path: string): Map<string, Buffer> {
  const zip = readFileSync(path);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    entries.set(name, zip.subarray(data, data + size));
    at += 46 + skip;
  }
  return entries;
}
