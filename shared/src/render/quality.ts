/**
 * What "low", "medium" and "high" mean to each encoder: a bitrate for WebCodecs (bits per pixel per
 * frame, so it scales with size and rate) and a CRF for the server's x264, plus the audio bitrate.
 */
import type { RenderQuality } from "./render-spec";

export const RENDER_QUALITY: Readonly<
  Record<RenderQuality, { bitsPerPixel: number; crf: number; audioBitrate: number }>
> = {
  low: { bitsPerPixel: 0.04, crf: 28, audioBitrate: 96_000 },
  medium: { bitsPerPixel: 0.08, crf: 23, audioBitrate: 128_000 },
  high: { bitsPerPixel: 0.15, crf: 18, audioBitrate: 192_000 },
};

/** Smallest video bitrate we ask an encoder for, in bits per second. */
export const MIN_VIDEO_BITRATE = 200_000;

/** Target video bitrate in bits per second for a size, rate and quality. */
export function computeVideoBitrate({
  width,
  height,
  fps,
  quality,
}: {
  width: number;
  height: number;
  fps: number;
  quality: RenderQuality;
}): number {
  return Math.max(
    MIN_VIDEO_BITRATE,
    Math.round(width * height * fps * RENDER_QUALITY[quality].bitsPerPixel),
  );
}
