/** Small media files for tests: a PNG encoder and ffmpeg-made videos. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { crc32, deflateSync } from "node:zlib";

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const out = Buffer.alloc(8 + data.length + 4);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/** Encodes an RGB image as PNG; `pixel(x, y)` returns [r, g, b]. */
export function encodePng(
  width: number,
  height: number,
  pixel: (x: number, y: number) => [number, number, number],
): Uint8Array {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), row + 1 + x * 3);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", new Uint8Array()),
  ]);
}

/** Left half red, right half blue. */
export const redBluePng = (width = 320, height = 240) =>
  encodePng(width, height, x => (x < width / 2 ? [220, 30, 30] : [30, 30, 220]));

/** A video whose frames are `colors` in order (one frame each), encoded by ffmpeg; returns its bytes. */
export function makeColorVideo(args: {
  dir: string;
  colors: string[];
  format: "mp4" | "webm";
  size?: string;
}): Uint8Array {
  const size = args.size ?? "64x48";
  const out = join(args.dir, `colors.${args.format}`);
  const inputs = args.colors.flatMap(c => [
    "-f",
    "lavfi",
    "-i",
    `color=c=${c}:s=${size}:d=0.04:r=25`,
  ]);
  const concat = `${args.colors.map((_, i) => `[${i}:v]`).join("")}concat=n=${args.colors.length}:v=1:a=0[v]`;
  const codec =
    args.format === "mp4" ? ["-c:v", "libx264", "-pix_fmt", "yuv420p"] : ["-c:v", "libvpx-vp9"];
  execFileSync("ffmpeg", [
    "-v",
    "error",
    "-y",
    ...inputs,
    "-filter_complex",
    concat,
    "-map",
    "[v]",
    ...codec,
    out,
  ]);
  return readFileSync(out);
}
