/**
 * Reads what the library shows about an imported file, in the browser: duration and size through a
 * <video>/<audio>/<img> element, a poster-frame thumbnail through a canvas, and an audio waveform
 * by decoding with Web Audio. Each step degrades on its own: a file whose audio cannot be decoded
 * still imports, just without a waveform.
 */
import type { MediaKind } from "@milimo/shared/schema";
import { ErrorCode } from "@milimo/shared/api";
import { StudioError } from "../../errors/studio-error";

export type MediaProbe = {
  /** Duration in seconds (video, audio), or null for images. */
  durationSeconds: number | null;
  width: number | null;
  height: number | null;
  /** JPEG thumbnail (images, video poster frame), or null. */
  thumbnail: Blob | null;
  /** Waveform peaks 0..1 (audio, video with sound), or null. */
  peaks: number[] | null;
};

export type ProbeMedia = (file: Blob, kind: MediaKind) => Promise<MediaProbe>;

/** Longest side of a thumbnail in pixels. */
export const THUMBNAIL_MAX_PX = 320;
/** Number of waveform columns stored per file. */
export const WAVEFORM_PEAKS = 400;
/** Seconds into a video the poster frame is taken (clamped to the middle of short clips). */
export const POSTER_FRAME_SECONDS = 0.5;
const LOAD_TIMEOUT_MS = 15_000;

function unsupported(message: string, cause?: unknown): StudioError {
  return new StudioError(ErrorCode.CODEC_UNSUPPORTED, message, { cause });
}

function waitFor(target: EventTarget, ok: string, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => finish(unsupported(`Timed out reading ${what}.`)),
      LOAD_TIMEOUT_MS,
    );
    const onOk = () => finish(null);
    const onError = () => finish(unsupported(`This browser cannot read ${what}.`));
    function finish(error: StudioError | null) {
      clearTimeout(timer);
      target.removeEventListener(ok, onOk);
      target.removeEventListener("error", onError);
      if (error) reject(error);
      else resolve();
    }
    target.addEventListener(ok, onOk);
    target.addEventListener("error", onError);
  });
}

/** Scaled size fitting THUMBNAIL_MAX_PX on the longest side. */
export function thumbnailSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, THUMBNAIL_MAX_PX / Math.max(width, height, 1));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

async function drawThumbnail(
  source: CanvasImageSource,
  width: number,
  height: number,
): Promise<Blob | null> {
  const size = thumbnailSize(width, height);
  const canvas = document.createElement("canvas");
  canvas.width = size.width;
  canvas.height = size.height;
  const context = canvas.getContext("2d");
  if (!context) return null;
  context.drawImage(source, 0, 0, size.width, size.height);
  return new Promise(resolve => canvas.toBlob(blob => resolve(blob), "image/jpeg", 0.82));
}

/** Max |sample| per column across channels, normalised so the loudest column is 1. */
export function computePeaks(
  channels: readonly Float32Array[],
  columns = WAVEFORM_PEAKS,
): number[] {
  const length = channels[0]?.length ?? 0;
  if (length === 0) return [];
  const count = Math.min(columns, length);
  const peaks = new Array<number>(count).fill(0);
  for (const data of channels) {
    for (let column = 0; column < count; column++) {
      const start = Math.floor((column * length) / count);
      const end = Math.floor(((column + 1) * length) / count);
      let max = peaks[column]!;
      for (let i = start; i < end; i++) {
        const v = Math.abs(data[i]!);
        if (v > max) max = v;
      }
      peaks[column] = max;
    }
  }
  const loudest = Math.max(...peaks);
  // Rounded to 3 decimals: enough for drawing, and the stored array stays small.
  return loudest > 0 ? peaks.map(p => Math.round((p / loudest) * 1000) / 1000) : peaks;
}

async function decodePeaks(file: Blob): Promise<number[] | null> {
  const Context = globalThis.OfflineAudioContext as typeof OfflineAudioContext | undefined;
  if (!Context) return null;
  try {
    // A 1-frame offline context is enough to decode; it is never rendered.
    const context = new Context(1, 1, 44_100);
    const buffer = await context.decodeAudioData(await file.arrayBuffer());
    const channels = Array.from({ length: buffer.numberOfChannels }, (_, c) =>
      buffer.getChannelData(c),
    );
    return computePeaks(channels);
  } catch {
    return null;
  }
}

async function probeImage(file: Blob): Promise<MediaProbe> {
  const url = URL.createObjectURL(file);
  try {
    const image = new Image();
    image.src = url;
    await waitFor(image, "load", "this image");
    const thumbnail = await drawThumbnail(image, image.naturalWidth, image.naturalHeight);
    return {
      durationSeconds: null,
      width: image.naturalWidth,
      height: image.naturalHeight,
      thumbnail,
      peaks: null,
    };
  } finally {
    URL.revokeObjectURL(url);
  }
}

async function probeVideo(file: Blob): Promise<MediaProbe> {
  const url = URL.createObjectURL(file);
  const video = document.createElement("video");
  try {
    video.muted = true;
    video.preload = "auto";
    video.src = url;
    await waitFor(video, "loadedmetadata", "this video");
    const duration = Number.isFinite(video.duration) ? video.duration : null;
    const width = video.videoWidth || null;
    const height = video.videoHeight || null;
    let thumbnail: Blob | null = null;
    if (width && height) {
      video.currentTime = Math.min(POSTER_FRAME_SECONDS, (duration ?? 0) / 2);
      await waitFor(video, "seeked", "this video's first frames");
      thumbnail = await drawThumbnail(video, width, height);
    }
    const peaks = await decodePeaks(file);
    return { durationSeconds: duration, width, height, thumbnail, peaks };
  } finally {
    video.removeAttribute("src");
    video.load();
    URL.revokeObjectURL(url);
  }
}

async function probeAudio(file: Blob): Promise<MediaProbe> {
  const url = URL.createObjectURL(file);
  const audio = document.createElement("audio");
  try {
    audio.preload = "metadata";
    audio.src = url;
    await waitFor(audio, "loadedmetadata", "this audio file");
    const duration = Number.isFinite(audio.duration) ? audio.duration : null;
    const peaks = await decodePeaks(file);
    return { durationSeconds: duration, width: null, height: null, thumbnail: null, peaks };
  } finally {
    audio.removeAttribute("src");
    URL.revokeObjectURL(url);
  }
}

/** Probes a file in this browser; CODEC_UNSUPPORTED when the browser cannot read it at all. */
export const probeMediaInBrowser: ProbeMedia = (file, kind) => {
  switch (kind) {
    case "image":
      return probeImage(file);
    case "video":
      return probeVideo(file);
    case "audio":
      return probeAudio(file);
  }
};
