import type { MediaKind } from "@milimo/shared/schema";

const EXTENSION_KIND: Record<string, MediaKind> = {
  png: "image",
  jpg: "image",
  jpeg: "image",
  webp: "image",
  gif: "image",
  avif: "image",
  bmp: "image",
  mp4: "video",
  m4v: "video",
  mov: "video",
  webm: "video",
  mkv: "video",
  ogv: "video",
  wav: "audio",
  mp3: "audio",
  m4a: "audio",
  aac: "audio",
  ogg: "audio",
  oga: "audio",
  opus: "audio",
  flac: "audio",
};

const EXTENSION_MIME: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  webp: "image/webp",
  gif: "image/gif",
  mp4: "video/mp4",
  m4v: "video/mp4",
  mov: "video/quicktime",
  webm: "video/webm",
  mkv: "video/x-matroska",
  wav: "audio/wav",
  mp3: "audio/mpeg",
  m4a: "audio/mp4",
  ogg: "audio/ogg",
  flac: "audio/flac",
};

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot + 1).toLowerCase();
}

/** Image, video or audio from the MIME type (or the extension when the type is empty); null otherwise. */
export function mediaKindOf(file: { type: string; name: string }): MediaKind | null {
  const major = file.type.split("/")[0];
  if (major === "image" || major === "video" || major === "audio") return major;
  if (file.type && file.type !== "application/octet-stream") return null;
  return EXTENSION_KIND[extensionOf(file.name)] ?? null;
}

/** The file's MIME type, guessed from the extension when the browser gave none. */
export function mimeOf(file: { type: string; name: string }): string {
  if (file.type) return file.type;
  return EXTENSION_MIME[extensionOf(file.name)] ?? "application/octet-stream";
}
