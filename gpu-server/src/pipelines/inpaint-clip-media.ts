/**
 * Reading a clip for `inpaint` with target "clip": what ffprobe says about it (size, frame rate,
 * frame count without decoding) and its frames streamed in order at their own size. The reader
 * pulls from ffmpeg's stdout only when asked, so the pipe's back-pressure holds ffmpeg and a long
 * clip never sits in memory whole.
 */
import { spawn } from "node:child_process";
import { ErrorCode } from "@milimo/shared/api";
import { DomainError } from "../errors";
import { resolveFfmpegPath, resolveFfprobePath } from "../media/ffmpeg";
import { PipelineError, throwIfCancelled } from "./diffusion/pipeline-error";

export interface ClipProbe {
  width: number;
  height: number;
  /** Frames per second (the stream's average rate, else its base rate). */
  fps: number;
  /** Frames in the stream (counted packets, else the container's count), null when unknown. */
  frameCount: number | null;
  formatName: string;
  codec: string;
}

/** Containers that hold one still picture, not a clip. */
const STILL_FORMATS = /(^|,)(image2|[a-z0-9]+_pipe)(,|$)/;

/** Parses "30000/1001" or "25" into a positive rate; null for "0/0" and other junk. */
export function parseFrameRate(text: string | undefined): number | null {
  if (!text) return null;
  const [num, den = "1"] = text.split("/");
  const rate = Number(num) / Number(den);
  return Number.isFinite(rate) && rate > 0 ? rate : null;
}

function run(binary: string, args: string[], signal: AbortSignal) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    throwIfCancelled(signal);
    const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr
      .setEncoding("utf8")
      .on("data", (s: string) => (stderr = (stderr + s).slice(-2000)));
    const onAbort = () => child.kill("SIGKILL");
    signal.addEventListener("abort", onAbort, { once: true });
    child.on("error", err => {
      signal.removeEventListener("abort", onAbort);
      reject(new PipelineError("FFMPEG_FAILED", `${binary} could not start: ${err.message}`));
    });
    child.on("close", code => {
      signal.removeEventListener("abort", onAbort);
      resolve({ code, stdout, stderr: stderr.trim() });
    });
  });
}

/**
 * Probes a clip's first video stream; UNSUPPORTED_MEDIA_TYPE when the file is a still image or has
 * no video at all (`what` names the upload in the message).
 */
export async function probeClip({
  path,
  signal,
  what,
}: {
  path: string;
  signal: AbortSignal;
  what: string;
}): Promise<ClipProbe> {
  // prettier-ignore
  const { code, stdout } = await run(resolveFfprobePath(), [
    "-v", "error", "-select_streams", "v:0", "-count_packets",
    "-show_entries",
    "stream=codec_name,width,height,avg_frame_rate,r_frame_rate,nb_frames,nb_read_packets:format=format_name",
    "-of", "json", path,
  ], signal);
  // A cancelled probe was killed; report the cancellation, not a broken file.
  throwIfCancelled(signal);
  const info = (code === 0 ? JSON.parse(stdout) : {}) as {
    streams?: {
      codec_name?: string;
      width?: number;
      height?: number;
      avg_frame_rate?: string;
      r_frame_rate?: string;
      nb_frames?: string;
      nb_read_packets?: string;
    }[];
    format?: { format_name?: string };
  };
  const stream = info.streams?.[0];
  const formatName = info.format?.format_name ?? "";
  if (!stream || !stream.width || !stream.height || STILL_FORMATS.test(formatName)) {
    throw new DomainError(
      ErrorCode.UNSUPPORTED_MEDIA_TYPE,
      `${what} is ${stream ? "a still image" : "not a video"}; inpainting a clip needs a video (use target "frame" for a picture).`,
    );
  }
  const count = Number(stream.nb_read_packets ?? stream.nb_frames);
  return {
    width: stream.width,
    height: stream.height,
    fps: parseFrameRate(stream.avg_frame_rate) ?? parseFrameRate(stream.r_frame_rate) ?? 25,
    frameCount: Number.isInteger(count) && count > 0 ? count : null,
    formatName,
    codec: stream.codec_name ?? "",
  };
}

export interface ClipFrameReader {
  /** The next `count` frames (RGB, width·height·3 bytes each); fewer at the end, [] after it. */
  read(count: number): Promise<Uint8Array[]>;
  /** Stops ffmpeg (if still running). */
  close(): Promise<void>;
}

/**
 * Streams a video's frames as RGB at `width`×`height`, decoded as `decodeFrames` does (the same
 * scale-and-crop filter, so at the clip's own size the pixels match it exactly).
 */
export function openClipFrameReader({
  path,
  width,
  height,
  signal,
}: {
  path: string;
  width: number;
  height: number;
  signal: AbortSignal;
}): ClipFrameReader {
  const frameBytes = width * height * 3;
  // prettier-ignore
  const child = spawn(resolveFfmpegPath(), [
    "-hide_banner", "-loglevel", "error", "-nostdin", "-i", path, "-an",
    "-vf", `scale=${width}:${height}:force_original_aspect_ratio=increase:flags=area,crop=${width}:${height}`,
    "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1",
  ], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr = (stderr + s).slice(-2000)));
  let spawnError: Error | undefined;
  const closed = new Promise<number | null>(resolve => {
    child.on("error", err => {
      spawnError = err;
      resolve(null);
    });
    child.on("close", code => resolve(code));
  });
  const onAbort = () => child.kill("SIGKILL");
  signal.addEventListener("abort", onAbort, { once: true });
  const chunks = child.stdout[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let leftover: Buffer = Buffer.alloc(0);
  let ended = false;

  const finishStream = async () => {
    ended = true;
    const code = await closed;
    signal.removeEventListener("abort", onAbort);
    throwIfCancelled(signal);
    if (spawnError) {
      throw new PipelineError("FFMPEG_FAILED", `ffmpeg could not start: ${spawnError.message}`);
    }
    if (code !== 0) {
      throw new PipelineError(
        "FFMPEG_FAILED",
        `Reading the clip failed: ${stderr.trim() || `ffmpeg exited with ${code}`}.`,
      );
    }
  };

  return {
    async read(count) {
      const frames: Uint8Array[] = [];
      let frame = new Uint8Array(frameBytes);
      let filled = 0;
      while (frames.length < count) {
        throwIfCancelled(signal);
        if (leftover.length === 0) {
          if (ended) break;
          const next = await chunks.next();
          if (next.done) {
            await finishStream();
            break;
          }
          leftover = next.value;
        }
        const take = Math.min(frameBytes - filled, leftover.length);
        frame.set(leftover.subarray(0, take), filled);
        filled += take;
        leftover = leftover.subarray(take);
        if (filled === frameBytes) {
          frames.push(frame);
          frame = new Uint8Array(frameBytes);
          filled = 0;
        }
      }
      if (filled > 0) throw new PipelineError("FFMPEG_FAILED", "The clip ended mid-frame.");
      return frames;
    },
    async close() {
      signal.removeEventListener("abort", onAbort);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await closed;
    },
  };
}
