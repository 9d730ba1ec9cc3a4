/**
 * Timeline audio through ONE Web Audio graph (ARCHITECTURE §3.6): per sounding clip a buffer
 * source and a gain node, into its track's gain (mute), a master gain and the destination; no
 * <audio> element per track. Clips sound on A1 and on V1/V2 (a camera clip's own sound), each
 * placed and trimmed exactly as its picture (magnetic V1 with ripple). Muting a track silences it;
 * hiding a video track only takes its picture away, as in the export (shared/render). A file
 * without a sound track (a generated clip, an image) fails to decode once and stays silent.
 * Sources are scheduled a little ahead so clip starts land on time, and checked against the clock:
 * a source that drifts more than 0.3 s from where the clock says it should be is restarted
 * (FEATURES §7). Backward shuttle is silent (a buffer source cannot play backwards).
 */
import type { Timeline, TrackId } from "@milimo/shared/schema";
import { computeV1Layout, itemRange, type V1Layout } from "@milimo/shared/timeline";

/** Drift beyond which a clip's source is restarted, in seconds (FEATURES §7). */
export const AUDIO_DRIFT_SECONDS = 0.3;
/** How far ahead clip starts are scheduled, in seconds of timeline. */
export const AUDIO_LOOKAHEAD_SECONDS = 0.5;

/** One clip that should sound now or within the lookahead. */
export interface AudioClipPlan {
  itemId: string;
  mediaId: string;
  /** The track whose mute applies. */
  track: TrackId;
  /** Clip gain 0..2. */
  gain: number;
  /** Wall seconds from now until the clip starts (0 when already under the playhead). */
  delaySeconds: number;
  /** Where in the source buffer to start, in seconds. */
  offsetSeconds: number;
  /** How much of the source to play, in source seconds. */
  durationSeconds: number;
}

/**
 * Clips with media on any track audible from `positionFrames` over the next `lookaheadSeconds` of
 * timeline, at `rate` > 0 (mute is applied by the graph, not here). `layout`: V1's, computed when
 * not given.
 */
export function planAudioClips({
  timeline,
  positionFrames,
  fps,
  rate,
  layout,
  lookaheadSeconds = AUDIO_LOOKAHEAD_SECONDS,
}: {
  timeline: Timeline;
  positionFrames: number;
  fps: number;
  rate: number;
  layout?: V1Layout;
  lookaheadSeconds?: number;
}): AudioClipPlan[] {
  if (rate <= 0) return [];
  const horizon = positionFrames + lookaheadSeconds * fps * rate;
  const v1 = layout ?? computeV1Layout(timeline.items);
  const plans: AudioClipPlan[] = [];
  for (const item of timeline.items) {
    if (item.mediaId === null) continue;
    const range = itemRange({ timeline, item, layout: v1 });
    if (!range) continue;
    const { startFrame, endFrame } = range;
    if (endFrame <= positionFrames || startFrame >= horizon) continue;
    const from = Math.max(startFrame, positionFrames);
    plans.push({
      itemId: item.id,
      mediaId: item.mediaId,
      track: item.track,
      gain: item.gain,
      delaySeconds: (from - positionFrames) / fps / rate,
      offsetSeconds: (item.trimIn + (from - startFrame)) / fps,
      durationSeconds: (endFrame - from) / fps,
    });
  }
  return plans;
}

/**
 * Where a source is in its buffer at `contextTime`, given it starts (or started) at
 * `startContextTime` from `offsetSeconds`; before its start this is below the offset ("virtual").
 */
export function sourcePositionSeconds({
  startContextTime,
  offsetSeconds,
  contextTime,
  rate,
}: {
  startContextTime: number;
  offsetSeconds: number;
  contextTime: number;
  rate: number;
}): number {
  return offsetSeconds + (contextTime - startContextTime) * rate;
}

/** Where the clock says a planned clip's source is now (virtual: below its offset before it starts). */
export function expectedSourceSeconds(plan: AudioClipPlan, rate: number): number {
  return plan.offsetSeconds - plan.delaySeconds * rate;
}

/** Whether a source `actualSeconds` into its buffer must restart to be at `expectedSeconds` (> 0.3 s off). */
export function needsAudioRestart({
  actualSeconds,
  expectedSeconds,
  driftSeconds = AUDIO_DRIFT_SECONDS,
}: {
  actualSeconds: number;
  expectedSeconds: number;
  driftSeconds?: number;
}): boolean {
  return Math.abs(actualSeconds - expectedSeconds) > driftSeconds;
}

/** What the graph is told at each sync. */
export interface AudioSyncInput {
  /** The edit; each track's `muted` flag silences that track's clips. */
  timeline: Timeline;
  /** V1's layout of `timeline` when the caller has it memoised; computed otherwise. */
  layout?: V1Layout;
  positionFrames: number;
  fps: number;
  playing: boolean;
  rate: number;
  /** Everything silent: sound not yet allowed by a user gesture. */
  muted: boolean;
}

/** A source the graph has started (for tests and diagnostics). */
export interface AudioVoiceInfo {
  itemId: string;
  mediaId: string;
  track: TrackId;
  /** Where in the source it started, in seconds. */
  offsetSeconds: number;
  /** Context seconds until it starts (0 or less once it has). */
  startsInSeconds: number;
  /** What it is heard at: the clip's gain times its track's and the master's (0 when muted). */
  gain: number;
}

export interface AudioGraph {
  /** Reconciles sources with the clock: starts, stops, restarts on drift, applies gains and mute. */
  sync(input: AudioSyncInput): void;
  /** Stops every source. */
  stopAll(): void;
  /** Resumes the AudioContext (call from a user gesture). */
  resume(): Promise<void>;
  /** The sources playing or scheduled now. */
  voices(): AudioVoiceInfo[];
}

export interface AudioGraphOptions {
  /** Creates the AudioContext lazily (on the first sync that needs sound). */
  createContext?: () => AudioContext;
  /** Fetches a media blob's bytes for decoding. */
  loadMedia: (mediaId: string) => Promise<ArrayBuffer | null>;
}

type Voice = {
  source: AudioBufferSourceNode;
  gain: GainNode;
  mediaId: string;
  track: TrackId;
  startContextTime: number;
  offsetSeconds: number;
  rate: number;
};

const TRACKS: readonly TrackId[] = ["V1", "V2", "A1"];

/** One Web Audio graph for the timeline's sound; returns [graph, dispose] (closes the context). */
export function makeAudioGraph(options: AudioGraphOptions): [AudioGraph, () => void] {
  let context: AudioContext | null = null;
  let master: GainNode | null = null;
  const trackGains = new Map<TrackId, GainNode>();
  const buffers = new Map<string, AudioBuffer | "loading" | "failed">();
  const voices = new Map<string, Voice>();

  function ensureContext(): AudioContext {
    if (!context) {
      const ctx = options.createContext ? options.createContext() : new AudioContext();
      context = ctx;
      const out = ctx.createGain();
      out.connect(ctx.destination);
      master = out;
      for (const track of TRACKS) {
        const gain = ctx.createGain();
        gain.connect(out);
        trackGains.set(track, gain);
      }
    }
    return context;
  }

  function bufferFor(ctx: AudioContext, mediaId: string): AudioBuffer | null {
    const cached = buffers.get(mediaId);
    if (cached instanceof AudioBuffer) return cached;
    if (cached === undefined) {
      buffers.set(mediaId, "loading");
      options
        .loadMedia(mediaId)
        .then(bytes => (bytes ? ctx.decodeAudioData(bytes) : null))
        .then(buffer => buffers.set(mediaId, buffer ?? "failed"))
        .catch(() => buffers.set(mediaId, "failed"));
    }
    return null;
  }

  function stopVoice(itemId: string): void {
    const voice = voices.get(itemId);
    if (!voice) return;
    voices.delete(itemId);
    voice.source.onended = null;
    try {
      voice.source.stop();
    } catch {
      // Already stopped (or never started): nothing to do.
    }
    voice.source.disconnect();
    voice.gain.disconnect();
  }

  function startVoice(
    ctx: AudioContext,
    plan: AudioClipPlan,
    buffer: AudioBuffer,
    rate: number,
  ): void {
    const source = ctx.createBufferSource();
    source.buffer = buffer;
    source.playbackRate.value = rate;
    const gain = ctx.createGain();
    gain.gain.value = plan.gain;
    source.connect(gain);
    gain.connect(trackGains.get(plan.track) ?? (master as GainNode));
    const startContextTime = ctx.currentTime + plan.delaySeconds;
    source.start(startContextTime, plan.offsetSeconds, plan.durationSeconds);
    source.onended = () => {
      if (voices.get(plan.itemId)?.source === source) stopVoice(plan.itemId);
    };
    voices.set(plan.itemId, {
      source,
      gain,
      mediaId: plan.mediaId,
      track: plan.track,
      startContextTime,
      offsetSeconds: plan.offsetSeconds,
      rate,
    });
  }

  const graph: AudioGraph = {
    sync(input) {
      // Nothing audible: don't pay for an AudioContext (creating one costs tens of ms).
      if (!input.playing || input.rate <= 0 || (input.muted && !context)) {
        graph.stopAll();
        return;
      }
      const ctx = ensureContext();
      if (master) master.gain.value = input.muted ? 0 : 1;
      for (const [track, gain] of trackGains) {
        const muted = input.timeline.tracks.some(t => t.id === track && t.muted);
        gain.gain.value = muted ? 0 : 1;
      }
      const plans = planAudioClips(input);
      const wanted = new Set(plans.map(p => p.itemId));
      for (const itemId of [...voices.keys()]) if (!wanted.has(itemId)) stopVoice(itemId);
      for (const plan of plans) {
        const voice = voices.get(plan.itemId);
        if (voice) {
          const actual = sourcePositionSeconds({ ...voice, contextTime: ctx.currentTime });
          const expected = expectedSourceSeconds(plan, input.rate);
          const drifted =
            voice.mediaId !== plan.mediaId ||
            voice.track !== plan.track ||
            voice.rate !== input.rate ||
            needsAudioRestart({ actualSeconds: actual, expectedSeconds: expected });
          if (!drifted) {
            voice.gain.gain.value = plan.gain;
            continue;
          }
          stopVoice(plan.itemId);
        }
        const buffer = bufferFor(ctx, plan.mediaId);
        if (buffer) startVoice(ctx, plan, buffer, input.rate);
      }
    },
    stopAll() {
      for (const itemId of [...voices.keys()]) stopVoice(itemId);
    },
    async resume() {
      const ctx = ensureContext();
      if (ctx.state === "suspended") await ctx.resume();
    },
    voices() {
      const now = context?.currentTime ?? 0;
      return [...voices].map(([itemId, v]) => ({
        itemId,
        mediaId: v.mediaId,
        track: v.track,
        offsetSeconds: v.offsetSeconds,
        startsInSeconds: v.startContextTime - now,
        gain:
          v.gain.gain.value *
          (trackGains.get(v.track)?.gain.value ?? 1) *
          (master?.gain.value ?? 1),
      }));
    },
  };
  // The e2e build exposes the player's graph so Playwright can see what is scheduled.
  if (import.meta.env.VITE_E2E === "1") {
    (globalThis as { __audioGraph?: AudioGraph }).__audioGraph = graph;
  }

  const dispose = () => {
    graph.stopAll();
    void context?.close().catch(() => undefined);
    context = null;
    master = null;
    trackGains.clear();
  };
  return [graph, dispose];
}
