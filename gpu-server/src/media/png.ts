/**
 * A minimal PNG writer (8-bit RGB, filter "none" per row, zlib via node:zlib): posters and
 * generated images need no image library.
 */
import { writeFile } from "node:fs/promises";
import { deflateSync } from "node:zlib";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE) of `bytes`, as PNG chunks use. */
export function computeCrc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function makeChunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(computeCrc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes interleaved RGB bytes (width·height·3) as a PNG file image. */
export function encodePng({
  rgb,
  width,
  height,
}: {
  rgb: Uint8Array;
  width: number;
  height: number;
}): Buffer {
  if (rgb.length !== width * height * 3) {
    throw new RangeError(`expected ${width * height * 3} RGB bytes, got ${rgb.length}`);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour RGB
  const stride = width * 3;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter: none
    raw.set(rgb.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return Buffer.concat([
    SIGNATURE,
    makeChunk("IHDR", header),
    makeChunk("IDAT", deflateSync(raw, { level: 6 })),
    makeChunk("IEND", new Uint8Array(0)),
  ]);
}

/** Writes an RGB frame to `path` as PNG; returns the file size in bytes. */
export async function writePng({
  path,
  rgb,
  width,
  height,
}: {
  path: string;
  rgb: Uint8Array;
  width: number;
  height: number;
}): Promise<number> {
  const bytes = encodePng({ rgb, width, height });
  await writeFile(path, bytes);
  return bytes.length;
}
