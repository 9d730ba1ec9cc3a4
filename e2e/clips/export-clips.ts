/**
 * Test media for export checks, made with ffmpeg: clips whose frames carry their identity (one
 * colour per clip, the frame number as blocks; see @milimo/shared/render identity-pattern), a tone
 * with a silent lead-in, and readers that decode an exported film back into RGB frames and PCM.
 */
import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { IDENTITY_COLOURS, paintIdentityFrame } from "@milimo/shared/render";

const run = promisify(execFile);

/** Writes an identity clip: `frames` frames of palette colour `colour` (H.264 mp4 or VP9 webm). */
export async function makeIdentityClip({
  path,
  width,
  height,
  fps,
  frames,
  colour,
  codec = "h264",
}: {
  path: string;
  width: number;
  height: number;
  fps: number;
  frames: number;
  colour: number;
  codec?: "h264" | "vp9";
}): Promise<void> {
  const rgb = IDENTITY_COLOURS[colour % IDENTITY_COLOURS.length] ?? IDENTITY_COLOURS[0];
  const encoder =
    codec === "h264"
      ? [
          "-c:v",
          "libx264",
          "-preset",
          "veryfast",
          "-crf",
          "16",
          "-pix_fmt",
          "yuv420p",
          "-g",
          String(fps),
        ]
      : [
          "-c:v",
          "libvpx-vp9",
          "-deadline",
          "realtime",
          "-cpu-used",
          "8",
          "-b:v",
          "2M",
          "-pix_fmt",
          "yuv420p",
        ];
  // prettier-ignore
  const child = spawn("ffmpeg", [
    "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", `${width}x${height}`,
    "-r", String(fps), "-i", "pipe:0", ...encoder, "-movflags", "+faststart", path,
  ], { stdio: ["pipe", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const closed = new Promise<number | null>(resolve => child.on("close", resolve));
  for (let f = 0; f < frames; f++) {
    const ok = child.stdin.write(paintIdentityFrame({ width, height, rgb, frame: f }));
    if (!ok) await new Promise(resolve => child.stdin.once("drain", resolve));
  }
  child.stdin.end();
  const code = await closed;
  if (code !== 0) throw new Error(`ffmpeg failed making ${path}: ${stderr}`);
}

/** Writes a 48 kHz stereo WAV: `silenceSeconds` of silence, then a 1 kHz tone for `toneSeconds`. */
export async function makeToneWav({
  path,
  silenceSeconds,
  toneSeconds,
}: {
  path: string;
  silenceSeconds: number;
  toneSeconds: number;
}): Promise<void> {
  const expr = `if(gte(t\\,${silenceSeconds})\\,0.5*sin(2*PI*1000*t)\\,0)`;
  // prettier-ignore
  await run("ffmpeg", [
    "-v", "error", "-y", "-f", "lavfi",
    "-i", `aevalsrc=${expr}:s=48000:d=${silenceSeconds + toneSeconds}`, "-ac", "2", path,
  ]);
}

/** Frame count, duration and codecs of a film, from ffprobe. */
export async function probeFilm(path: string): Promise<{
  frames: number;
  durationSeconds: number;
  width: number;
  height: number;
  videoCodec: string;
  audioCodec: string | null;
}> {
  // prettier-ignore
  const { stdout } = await run("ffprobe", [
    "-v", "error", "-count_frames", "-show_entries",
    "stream=codec_type,codec_name,width,height,nb_read_frames:format=duration", "-of", "json", path,
  ]);
  const info = JSON.parse(stdout) as {
    streams: {
      codec_type: string;
      codec_name: string;
      width?: number;
      height?: number;
      nb_read_frames?: string;
    }[];
    format: { duration: string };
  };
  const video = info.streams.find(s => s.codec_type === "video");
  const audio = info.streams.find(s => s.codec_type === "audio");
  return {
    frames: Number(video?.nb_read_frames ?? 0),
    durationSeconds: Number(info.format.duration),
    width: video?.width ?? 0,
    height: video?.height ?? 0,
    videoCodec: video?.codec_name ?? "",
    audioCodec: audio?.codec_name ?? null,
  };
}

/** Every frame of a film as packed RGB24 at its own size. */
export async function readFilmFrames(
  path: string,
  width: number,
  height: number,
): Promise<Uint8Array[]> {
  const { stdout } = await run(
    "ffmpeg",
    ["-v", "error", "-i", path, "-map", "0:v:0", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"],
    { encoding: "buffer", maxBuffer: 1024 * 1024 * 1024 },
  );
  const size = width * height * 3;
  const frames: Uint8Array[] = [];
  for (let o = 0; o + size <= stdout.length; o += size)
    frames.push(new Uint8Array(stdout.subarray(o, o + size)));
  return frames;
}

/** A film's sound as mono 48 kHz float samples (empty when it has none). */
export async function readFilmAudio(path: string): Promise<Float32Array> {
  const { stdout } = await run(
    "ffmpeg",
    [
      "-v",
      "error",
      "-i",
      path,
      "-map",
      "0:a:0?",
      "-ac",
      "1",
      "-ar",
      "48000",
      "-f",
      "f32le",
      "pipe:1",
    ],
    { encoding: "buffer", maxBuffer: 512 * 1024 * 1024 },
  );
  return new Float32Array(stdout.buffer, stdout.byteOffset, Math.floor(stdout.byteLength / 4));
}

/** Index of the first sample louder than `threshold`, or -1. */
export function findOnset(samples: Float32Array, threshold = 0.1): number {
  return samples.findIndex(s => Math.abs(s) > threshold);
}
