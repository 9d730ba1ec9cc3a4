/**
 * Turns an image or a video frame into the SAM encoder's input. ffmpeg decodes every supported
 * format (and picks the exact frame of a video) to raw RGB in a child process, off the event loop;
 * the resize to the longest side, normalisation by the pixel mean/std and zero padding to a square
 * follow segment-anything's `ResizeLongestSide` + `preprocess` (new size = int(old × scale + 0.5)).
 */
import { spawn } from "node:child_process";
import { ErrorCode, type SamPreprocessing } from "@milimo/shared/api";
import { DomainError } from "../errors";
import { writeResizedPlanes } from "./resize-to-planes";

export interface RgbImage {
  width: number;
  height: number;
  /** width × height × 3 bytes, row-major RGB. */
  data: Uint8Array;
}

/** Decoded images above this many bytes of RGB are refused (a 8192×8192 picture is 192 MiB). */
const MAX_RGB_BYTES = 8192 * 8192 * 3;

/** Reads the header of a binary PPM (P6) and returns its pixels. */
export function parsePpm(buffer: Uint8Array): RgbImage {
  const fields: number[] = [];
  let i = 2;
  if (buffer[0] !== 0x50 || buffer[1] !== 0x36) throw new Error("not a P6 PPM");
  while (fields.length < 3) {
    while (i < buffer.length && /\s/.test(String.fromCharCode(buffer[i] as number))) i++;
    let n = "";
    while (i < buffer.length && /\d/.test(String.fromCharCode(buffer[i] as number))) {
      n += String.fromCharCode(buffer[i] as number);
      i++;
    }
    if (!n) throw new Error("truncated PPM header");
    fields.push(Number(n));
  }
  const [width, height, maxValue] = fields as [number, number, number];
  if (maxValue !== 255) throw new Error(`unsupported PPM max value ${maxValue}`);
  const start = i + 1; // exactly one whitespace byte after maxval
  const data = buffer.subarray(start, start + width * height * 3);
  if (data.length !== width * height * 3) throw new Error("truncated PPM data");
  return { width, height, data };
}

/**
 * Decodes frame `frame` (0 for still images) of a file path or of in-memory bytes to RGB.
 * FFMPEG_FAILED when ffmpeg is missing or cannot read it; INVALID_REQUEST when the frame is past the end.
 */
export async function decodeFrameToRgb(args: {
  input: { path: string } | { bytes: Uint8Array };
  frame?: number;
  signal?: AbortSignal;
  ffmpegPath?: string;
}): Promise<RgbImage> {
  const frame = args.frame ?? 0;
  const source = "path" in args.input ? args.input.path : "pipe:0";
  const ffmpegArgs = [
    ...["-v", "error", "-nostdin", "-i", source],
    ...["-vf", `select=eq(n\\,${frame})`, "-frames:v", "1"],
    ...["-f", "image2pipe", "-c:v", "ppm", "-pix_fmt", "rgb24", "pipe:1"],
  ];
  if ("bytes" in args.input) ffmpegArgs.splice(ffmpegArgs.indexOf("-nostdin"), 1);
  const child = spawn(args.ffmpegPath ?? "ffmpeg", ffmpegArgs, {
    stdio: ["bytes" in args.input ? "pipe" : "ignore", "pipe", "pipe"],
    signal: args.signal,
  });
  const chunks: Buffer[] = [];
  let size = 0;
  let stderr = "";
  let tooLarge = false;
  child.stdout?.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_RGB_BYTES + 64) {
      tooLarge = true;
      child.kill("SIGKILL");
      return;
    }
    chunks.push(chunk);
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    if (stderr.length < 4000) stderr += chunk.toString();
  });
  if ("bytes" in args.input && child.stdin) {
    child.stdin.on("error", () => undefined); // ffmpeg may stop reading early; its exit code tells
    child.stdin.end(args.input.bytes);
  }
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  }).catch((err: NodeJS.ErrnoException) => {
    if (err.name === "AbortError") throw err;
    throw new DomainError(
      ErrorCode.FFMPEG_FAILED,
      err.code === "ENOENT"
        ? "ffmpeg is not installed on the server (apt-get install ffmpeg)."
        : `ffmpeg could not start: ${err.message}`,
    );
  });
  args.signal?.throwIfAborted();
  if (tooLarge) {
    throw new DomainError(
      ErrorCode.INVALID_REQUEST,
      "The image is too large to segment (over 8192×8192).",
    );
  }
  if (code !== 0) {
    throw new DomainError(
      ErrorCode.FFMPEG_FAILED,
      `The server could not decode this file: ${stderr.trim().split("\n").slice(-1)[0] ?? "ffmpeg failed"}`,
    );
  }
  const buffer = Buffer.concat(chunks);
  if (buffer.length === 0) {
    throw new DomainError(
      ErrorCode.INVALID_REQUEST,
      frame > 0
        ? `Frame ${frame} is past the end of this video.`
        : "The file has no picture to segment.",
    );
  }
  return parsePpm(buffer);
}

/** SAM's resize rule: scale = longestSide / max(w, h), new size = int(old × scale + 0.5). */
export function resizeLongestSide(width: number, height: number, longestSide: number) {
  const scale = longestSide / Math.max(width, height);
  return {
    scale,
    width: Math.floor(width * scale + 0.5),
    height: Math.floor(height * scale + 0.5),
  };
}

/**
 * The encoder input, float32 1×3×L×L (L = longest side): bilinear resize, (pixel − mean) / std,
 * zeros right and below the picture. Returns the tensor data and the resize scale.
 */
export function preprocessForSam(image: RgbImage, pre: SamPreprocessing) {
  const L = pre.longestSide;
  const target = resizeLongestSide(image.width, image.height, L);
  const out = new Float32Array(3 * L * L);
  writeResizedPlanes({
    image,
    target,
    out,
    side: L,
    inputScale: 1,
    mean: pre.pixelMean,
    std: pre.pixelStd,
  });
  return { data: out, scale: target.scale, dims: [1, 3, L, L] as const };
}
