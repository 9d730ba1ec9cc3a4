/**
 * ffmpeg at the edges of generation: RGB frames in, a browser-playable H.264 mp4 out (yuv420p,
 * BT.709 tags, +faststart so playback starts before the download ends), and image/video files
 * decoded to RGB frames for conditioning. Frames travel through stdin/stdout pipes as rawvideo,
 * so nothing touches disk but the result. On abort or failure the ffmpeg process is killed and
 * the partial file removed: a cancelled job leaves no half-written artifact behind.
 */
import { spawn } from "node:child_process";
import type { ChildProcessByStdio } from "node:child_process";
import { once } from "node:events";
import { rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Readable, Writable } from "node:stream";
import { PipelineError, throwIfCancelled } from "../pipelines/diffusion/pipeline-error";

const STDERR_TAIL_CHARS = 2000;

/** ffmpeg binary: FFMPEG_PATH, else "ffmpeg" on PATH. */
export function resolveFfmpegPath(): string {
  return process.env.FFMPEG_PATH ?? "ffmpeg";
}

/** ffprobe binary: FFPROBE_PATH, else "ffprobe" on PATH. */
export function resolveFfprobePath(): string {
  return process.env.FFPROBE_PATH ?? "ffprobe";
}

function describeSpawnError(err: unknown, binary: string): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT"
    ? `${binary} is not installed on the GPU server; run "npm run setup" (or apt-get install ffmpeg).`
    : `${binary} could not start: ${err instanceof Error ? err.message : String(err)}`;
}

function collectStderr(stream: Readable): () => string {
  let tail = "";
  stream.setEncoding("utf8");
  stream.on("data", (s: string) => {
    tail = (tail + s).slice(-STDERR_TAIL_CHARS);
  });
  return () => tail.trim();
}

export interface VideoEncoder {
  /** Appends one frame of interleaved RGB bytes (width·height·3); waits when ffmpeg is busy. */
  writeFrame(rgb: Uint8Array): Promise<void>;
  /** Closes the stream, waits for ffmpeg, moves the file into place; resolves to its size. */
  finish(): Promise<number>;
  /** Kills ffmpeg and removes the partial file. */
  abort(): Promise<void>;
}

/**
 * Starts ffmpeg encoding RGB frames to an H.264 yuv420p mp4 at `path` (written as a hidden
 * partial file, renamed on success). `crf`: quality, default 18; `preset`: x264 preset, default
 * "veryfast".
 */
export function openVideoEncoder({
  path,
  width,
  height,
  fps,
  signal,
  crf = 18,
  preset = "veryfast",
}: {
  path: string;
  width: number;
  height: number;
  fps: number;
  signal?: AbortSignal;
  crf?: number;
  preset?: string;
}): VideoEncoder {
  if (width % 2 !== 0 || height % 2 !== 0)
    throw new RangeError("yuv420p needs even width and height");
  const partial = join(dirname(path), `.${basename(path)}.partial`);
  const binary = resolveFfmpegPath();
  // prettier-ignore
  const args = [
    "-hide_banner", "-loglevel", "error", "-y",
    "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", `${width}x${height}`, "-r", String(fps), "-i", "pipe:0",
    "-an", "-vf", "scale=out_color_matrix=bt709:out_range=tv,format=yuv420p",
    "-c:v", "libx264", "-preset", preset, "-crf", String(crf),
    "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv",
    "-movflags", "+faststart", "-f", "mp4", partial,
  ];
  const child: ChildProcessByStdio<Writable, null, Readable> = spawn(binary, args, {
    stdio: ["pipe", "ignore", "pipe"],
  });
  const stderrTail = collectStderr(child.stderr);
  let failure: string | undefined;
  let settled = false;
  const closed = new Promise<number | null>(resolve => {
    child.on("error", err => {
      failure ??= describeSpawnError(err, binary);
      resolve(null);
    });
    child.on("close", code => resolve(code));
  });
  // EPIPE when ffmpeg exits early; the exit status and stderr say why.
  child.stdin.on("error", () => undefined);

  const removePartial = () => rm(partial, { force: true });
  const abort = async () => {
    settled = true;
    child.kill("SIGKILL");
    await closed;
    await removePartial();
  };
  const onAbort = () => void abort();
  signal?.addEventListener("abort", onAbort, { once: true });
  const encodeFailure = (detail: string | undefined) =>
    new PipelineError("FFMPEG_FAILED", `Encoding the video failed: ${detail || "ffmpeg stopped"}.`);

  return {
    async writeFrame(rgb) {
      if (signal) throwIfCancelled(signal);
      if (settled || failure !== undefined || child.exitCode !== null) {
        throw encodeFailure(failure ?? stderrTail());
      }
      if (rgb.length !== width * height * 3) {
        throw new RangeError(`frame has ${rgb.length} bytes, expected ${width * height * 3}`);
      }
      if (!child.stdin.write(rgb)) {
        await Promise.race([once(child.stdin, "drain").catch(() => undefined), closed]);
      }
    },
    async finish() {
      if (signal) throwIfCancelled(signal);
      child.stdin.end();
      const code = await closed;
      signal?.removeEventListener("abort", onAbort);
      if (signal?.aborted) {
        await removePartial();
        throwIfCancelled(signal);
      }
      settled = true;
      if (code !== 0 || failure !== undefined) {
        await removePartial();
        throw encodeFailure(failure ?? stderrTail());
      }
      await rename(partial, path);
      return (await stat(path)).size;
    },
    abort: async () => {
      signal?.removeEventListener("abort", onAbort);
      await abort();
    },
  };
}

/** What ffprobe says about a media file's first video stream. */
export interface MediaProbe {
  codec: string;
  pixelFormat: string;
  width: number;
  height: number;
  /** Frames in the stream when the container says (mp4 does), else null. */
  frameCount: number | null;
  durationSeconds: number | null;
  formatName: string;
}

function runToBuffer({
  binary,
  args,
  signal,
  onChunk,
}: {
  binary: string;
  args: string[];
  signal?: AbortSignal;
  onChunk?: (chunk: Buffer) => void;
}): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(
        signal.reason instanceof Error
          ? signal.reason
          : new DOMException("Cancelled", "AbortError"),
      );
      return;
    }
    const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
    const stderrTail = collectStderr(child.stderr);
    const parts: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => (onChunk ? onChunk(chunk) : parts.push(chunk)));
    const onAbort = () => child.kill("SIGKILL");
    signal?.addEventListener("abort", onAbort, { once: true });
    child.on("error", err => {
      signal?.removeEventListener("abort", onAbort);
      reject(new PipelineError("FFMPEG_FAILED", describeSpawnError(err, binary), { cause: err }));
    });
    child.on("close", code => {
      signal?.removeEventListener("abort", onAbort);
      if (signal?.aborted) {
        reject(
          signal.reason instanceof Error
            ? signal.reason
            : new DOMException("Cancelled", "AbortError"),
        );
        return;
      }
      resolve({ code, stdout: Buffer.concat(parts), stderr: stderrTail() });
    });
  });
}

/** Probes a media file's first video stream with ffprobe. */
export async function probeMedia(path: string): Promise<MediaProbe> {
  const binary = resolveFfprobePath();
  // prettier-ignore
  const { code, stdout, stderr } = await runToBuffer({ binary, args: [
    "-v", "error", "-select_streams", "v:0",
    "-show_entries", "stream=codec_name,pix_fmt,width,height,nb_frames:format=format_name,duration",
    "-of", "json", path,
  ] });
  const parsed = code === 0 ? (JSON.parse(stdout.toString("utf8")) as unknown) : undefined;
  const info = parsed as
    | {
        streams?: {
          codec_name?: string;
          pix_fmt?: string;
          width?: number;
          height?: number;
          nb_frames?: string;
        }[];
        format?: { format_name?: string; duration?: string };
      }
    | undefined;
  const stream = info?.streams?.[0];
  if (!stream) {
    throw new PipelineError(
      "UNSUPPORTED_MEDIA_TYPE",
      `The file is not a readable image or video${stderr ? `: ${stderr}` : "."}`,
    );
  }
  const frames = Number(stream.nb_frames);
  const duration = Number(info?.format?.duration);
  return {
    codec: stream.codec_name ?? "",
    pixelFormat: stream.pix_fmt ?? "",
    width: stream.width ?? 0,
    height: stream.height ?? 0,
    frameCount: Number.isFinite(frames) && frames > 0 ? frames : null,
    durationSeconds: Number.isFinite(duration) ? duration : null,
    formatName: info?.format?.format_name ?? "",
  };
}

/**
 * Decodes an image or video into interleaved RGB frames of `width`×`height` (scaled to cover, then
 * centre-cropped). `keep`: "all" frames (default) or only the "last" one.
 */
export async function decodeFrames({
  path,
  width,
  height,
  signal,
  keep = "all",
  seekFromEndSeconds,
  maxFrames,
}: {
  path: string;
  width: number;
  height: number;
  signal?: AbortSignal;
  keep?: "all" | "last";
  /** Start this many seconds before the end (skips decoding a long video to reach its end). */
  seekFromEndSeconds?: number;
  /** Stop after this many frames. */
  maxFrames?: number;
}): Promise<Uint8Array[]> {
  const frameBytes = width * height * 3;
  const frames: Uint8Array[] = [];
  let pending: Buffer = Buffer.alloc(0);
  const onChunk = (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= frameBytes) {
      const frame = new Uint8Array(pending.subarray(0, frameBytes));
      pending = pending.subarray(frameBytes);
      if (keep === "last") frames.splice(0, frames.length, frame);
      else frames.push(frame);
    }
  };
  // prettier-ignore
  const args = [
    "-hide_banner", "-loglevel", "error",
    ...(seekFromEndSeconds === undefined ? [] : ["-sseof", `-${seekFromEndSeconds}`]),
    "-i", path, "-an",
    "-vf", `scale=${width}:${height}:force_original_aspect_ratio=increase:flags=area,crop=${width}:${height}`,
    ...(maxFrames === undefined ? [] : ["-frames:v", String(maxFrames)]),
    "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1",
  ];
  const { code, stderr } = await runToBuffer({
    binary: resolveFfmpegPath(),
    args,
    signal,
    onChunk,
  });
  if (code !== 0 || frames.length === 0) {
    throw new PipelineError(
      "UNSUPPORTED_MEDIA_TYPE",
      `Could not read frames from the file${stderr ? `: ${stderr}` : "."}`,
    );
  }
  return frames;
}

/**
 * One RGB frame of an image or video at `width`×`height`: the image itself, or a video's "first"
 * or "last" frame (the last frame is what continuity and "extend" start from).
 */
export async function extractFrame({
  path,
  width,
  height,
  at,
  signal,
}: {
  path: string;
  width: number;
  height: number;
  at: "first" | "last";
  signal?: AbortSignal;
}): Promise<Uint8Array> {
  if (at === "first") {
    const frames = await decodeFrames({ path, width, height, signal, maxFrames: 1 });
    return frames[0] as Uint8Array;
  }
  const probe = await probeMedia(path);
  const long = (probe.durationSeconds ?? 0) > 3 && (probe.frameCount ?? 2) > 1;
  const frames = await decodeFrames({
    path,
    width,
    height,
    signal,
    keep: "last",
    seekFromEndSeconds: long ? 2 : undefined,
  });
  return frames[frames.length - 1] as Uint8Array;
}
