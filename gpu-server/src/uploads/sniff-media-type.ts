/**
 * Media type from the first bytes of a file (magic numbers), never from its name or the client's
 * Content-Type: uploads feed ffmpeg and ONNX pipelines, which must not meet surprises.
 */
import type { UploadMimeType } from "@milimo/shared/api";

const ascii = (bytes: Uint8Array, start: number, text: string) =>
  bytes.length >= start + text.length &&
  [...text].every((ch, i) => bytes[start + i] === ch.charCodeAt(0));

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

/** The EBML DocType ("webm" or "matroska") within the header's first bytes. */
function ebmlDocType(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 64));
  if (head.includes("webm")) return "webm";
  if (head.includes("matroska")) return "matroska";
  return undefined;
}

/** The sniffed type, or undefined when the bytes are not a supported format. Needs ≥ 16 bytes. */
export function sniffMediaType(bytes: Uint8Array): UploadMimeType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (ascii(bytes, 0, "GIF87a") || ascii(bytes, 0, "GIF89a")) return "image/gif";
  if (ascii(bytes, 0, "RIFF") && ascii(bytes, 8, "WEBP")) return "image/webp";
  if (ascii(bytes, 0, "RIFF") && ascii(bytes, 8, "WAVE")) return "audio/wav";
  if (ascii(bytes, 4, "ftyp")) {
    const brand = new TextDecoder("latin1").decode(bytes.subarray(8, 12));
    if (brand === "qt  ") return "video/quicktime";
    if (brand === "M4A " || brand === "M4B ") return "audio/mp4";
    return "video/mp4";
  }
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) {
    return ebmlDocType(bytes) === "webm" ? "video/webm" : "video/x-matroska";
  }
  if (ascii(bytes, 0, "OggS")) return "audio/ogg";
  if (ascii(bytes, 0, "ID3")) return "audio/mpeg";
  // MPEG audio frame sync: 11 set bits, then a layer that is not "reserved".
  if (
    bytes.length >= 2 &&
    bytes[0] === 0xff &&
    ((bytes[1] ?? 0) & 0xe0) === 0xe0 &&
    ((bytes[1] ?? 0) & 0x06) !== 0
  )
    return "audio/mpeg";
  if (isJsonDocument(bytes)) return "application/json";
  return undefined;
}

/** A UTF-8 JSON object or array (per-frame masks); parsed whole, so nothing else passes. */
function isJsonDocument(bytes: Uint8Array): boolean {
  let i = 0;
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)
  )
    i++;
  if (bytes[i] !== 0x7b && bytes[i] !== 0x5b) return false;
  try {
    JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    return true;
  } catch {
    return false;
  }
}
