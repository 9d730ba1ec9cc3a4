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
