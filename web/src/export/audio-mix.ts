/**
 * The film's mix (A1 and the video clips' own sound) on the main thread: Chromium exposes
 * OfflineAudioContext only to windows, not workers. Each source is decoded once (decodeAudioData
 * resamples it to 48 kHz); each window of the film is rendered by its own small
 * OfflineAudioContext, so memory holds the sources and one window, not the whole film's sound. A
 * file without a sound track (a generated clip) counts as silence; a film whose every source is
 * silent gets no sound track at all, as before video clips had sound.
 */
import {
  RENDER_AUDIO_CHANNELS,
  RENDER_AUDIO_SAMPLE_RATE,
  planAudioWindow,
  type RenderSpec,
} from "@milimo/shared/render";

/** Makes an OfflineAudioContext (injectable for tests). */
export type OfflineContextFactory = (
  channels: number,
  length: number,
  sampleRate: number,
) => OfflineAudioContext;

export interface AudioMixer {
  /** Planar channels of samples [startSample, startSample + sampleCount) of the film's sound. */
  read(startSample: number, sampleCount: number): Promise<Float32Array[]>;
  /** Whether any source has a sound track (decodes them all, once; later reads reuse them). */
  hasSound(): Promise<boolean>;
}

/** A mixer over the spec's sounds; `blobs` holds every audio media id of the spec. */
export function makeAudioMixer({
  spec,
  blobs,
  createContext = (channels, length, rate) => new OfflineAudioContext(channels, length, rate),
}: {
  spec: Pick<RenderSpec, "fps" | "audio">;
  blobs: ReadonlyMap<string, Blob>;
  createContext?: OfflineContextFactory;
}): AudioMixer {
  const decoded = new Map<string, Promise<AudioBuffer | null>>();
  const decode = (mediaId: string) => {
    let buffer = decoded.get(mediaId);
    if (!buffer) {
      const blob = blobs.get(mediaId);
      buffer = blob
        ? blob
            .arrayBuffer()
            .then(bytes =>
              createContext(RENDER_AUDIO_CHANNELS, 1, RENDER_AUDIO_SAMPLE_RATE).decodeAudioData(
                bytes,
              ),
            )
            .catch(() => null)
        : Promise.resolve(null);
      decoded.set(mediaId, buffer);
    }
    return buffer;
  };

  return {
    async hasSound() {
      for (const mediaId of new Set(spec.audio.map(a => a.mediaId))) {
        if (await decode(mediaId)) return true;
      }
      return false;
    },
    async read(startSample, sampleCount) {
      const entries = planAudioWindow({
        spec,
        startSample,
        sampleCount,
        sampleRate: RENDER_AUDIO_SAMPLE_RATE,
      });
      const sounding = [];
      for (const entry of entries) {
        const buffer = await decode(entry.mediaId);
        if (buffer) sounding.push({ entry, buffer });
      }
      if (sounding.length === 0) {
        return Array.from({ length: RENDER_AUDIO_CHANNELS }, () => new Float32Array(sampleCount));
      }
      const context = createContext(RENDER_AUDIO_CHANNELS, sampleCount, RENDER_AUDIO_SAMPLE_RATE);
      for (const { entry, buffer } of sounding) {
        const source = context.createBufferSource();
        source.buffer = buffer;
        const gain = context.createGain();
        gain.gain.value = entry.gain;
        source.connect(gain).connect(context.destination);
        source.start(entry.whenSeconds, entry.offsetSeconds, entry.durationSeconds);
      }
      const rendered = await context.startRendering();
      // Copies, so the planes can be transferred to the worker.
      return Array.from({ length: RENDER_AUDIO_CHANNELS }, (_, c) =>
        rendered.getChannelData(Math.min(c, rendered.numberOfChannels - 1)).slice(),
      );
    },
  };
}
