/**
 * The film's mix, cut into windows: the browser renders the film's sound one window at a time (an
 * OfflineAudioContext per window keeps memory flat on long films), so each window needs the part
 * of every overlapping clip that sounds inside it. Every sound of the spec (A1 clips and the video
 * clips' own sound) plays together, each at its gain.
 */
import type { RenderSpec } from "./render-spec";

/** One clip's part inside a window; seconds are exact (samples = seconds * sampleRate). */
export type AudioWindowEntry = {
  itemId: string;
  mediaId: string;
  gain: number;
  /** Where in the window the clip part starts, in seconds from the window start. */
  whenSeconds: number;
  /** Where in the source the part starts, in seconds. */
  offsetSeconds: number;
  durationSeconds: number;
};

/** Clip parts sounding in samples [startSample, startSample + sampleCount) of the film. */
export function planAudioWindow({
  spec,
  startSample,
  sampleCount,
  sampleRate,
}: {
  spec: Pick<RenderSpec, "fps" | "audio">;
  startSample: number;
  sampleCount: number;
  sampleRate: number;
}): AudioWindowEntry[] {
  const windowStart = startSample / sampleRate;
  const windowEnd = (startSample + sampleCount) / sampleRate;
  const entries: AudioWindowEntry[] = [];
  for (const item of spec.audio) {
    const itemStart = item.startFrame / spec.fps;
    const itemEnd = (item.startFrame + item.durationFrames) / spec.fps;
    const from = Math.max(itemStart, windowStart);
    const to = Math.min(itemEnd, windowEnd);
    if (to <= from) continue;
    entries.push({
      itemId: item.itemId,
      mediaId: item.mediaId,
      gain: item.gain,
      whenSeconds: from - windowStart,
      offsetSeconds: item.sourceInFrame / spec.fps + (from - itemStart),
      durationSeconds: to - from,
    });
  }
  return entries;
}

/** Total samples of the film's sound at `sampleRate`: its duration, rounded to whole samples. */
export function countFilmSamples(
  spec: Pick<RenderSpec, "fps" | "durationFrames">,
  sampleRate: number,
): number {
  return Math.round((spec.durationFrames * sampleRate) / spec.fps);
}
