/**
 * Timeline audio through ONE Web Audio graph (ARCHITECTURE §3.6): per A1 clip a buffer source and a
 * gain node, all into one track gain (mute) and the destination; no <audio> element per track.
 * Sources are scheduled a little ahead so clip starts land on time, and checked against the clock:
 * a source that drifts more than 0.3 s from where the clock says it should be is restarted
 * (FEATURES §7). Backward shuttle is silent (a buffer source cannot play backwards).
 */
import type { Timeline } from "@milimo/shared/schema";
import { freeItemRange } from "@milimo/shared/timeline";

/** Drift beyond which a clip's source is restarted, in seconds (FEATURES §7). */
export const AUDIO_DRIFT_SECONDS = 0.3;
/** How far ahead clip starts are scheduled, in seconds of timeline. */
export const AUDIO_LOOKAHEAD_SECONDS = 0.5;

/** One A1 clip that should sound now or within the lookahead. */
export interface AudioClipPlan {
  itemId: string;
  mediaId: string;
  /** Clip gain 0..2. */
  gain: number;
  /** Wall seconds from now until the clip starts (0 when already under the playhead). */
  delaySeconds: number;
  /** Where in the source buffer to start, in seconds. */
  offsetSeconds: number;
  /** How much of the source to play, in source seconds. */
  durationSeconds: number;
}

/** A1 clips audible from `positionFrames` over the next `lookaheadSeconds` of timeline, at `rate` > 0. */
export function planAudioClips({
  timeline,
  positionFrames,
  fps,
  rate,
  lookaheadSeconds = AUDIO_LOOKAHEAD_SECONDS,
}: {
  timeline: Timeline;
  positionFrames: number;
  fps: number;
  rate: number;
  lookaheadSeconds?: number;
}): AudioClipPlan[] {
  if (rate <= 0) return [];
  const horizon = positionFrames + lookaheadSeconds * fps * rate;
  const plans: AudioClipPlan[] = [];
  for (const item of timeline.items) {
    if (item.track !== "A1" || item.mediaId === null) continue;
    const { startFrame, endFrame } = freeItemRange(item);
    if (endFrame <= positionFrames || startFrame >= horizon) continue;
    const from = Math.max(startFrame, positionFrames);
    plans.push({
      itemId: item.id,
      mediaId: item.mediaId,
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
  timeline: Timeline;
  positionFrames: number;
  fps: number;
  playing: boolean;
  rate: number;
  /** Track A1 muted, or sound not yet allowed by a user gesture. */
  muted: boolean;
}

export interface AudioGraph {
  /** Reconciles sources with the clock: starts, stops, restarts on drift, applies gains and mute. */
  sync(input: AudioSyncInput): void;
  /** Stops every source. */
  stopAll(): void;
  /** Resumes the AudioContext (call from a user gesture). */
  resume(): Promise<void>;
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
  startContextTime: number;
  offsetSeconds: number;
  rate: number;
};

/** One Web Audio graph for track A1; returns [graph, dispose] (dispose closes the context). */
export function makeAudioGraph(options: AudioGraphOptions): [AudioGraph, () => void] {
  let context: AudioContext | null = null;
  let trackGain: GainNode | null = null;
  const buffers = new Map<string, AudioBuffer | "loading" | "failed">();
  const voices = new Map<string, Voice>();

  function ensureContext(): AudioContext {
    if (!context) {
      context = options.createContext ? options.createContext() : new AudioContext();
      trackGain = context.createGain();
      trackGain.connect(context.destination);
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
    if (trackGain) gain.connect(trackGain);
    const startContextTime = ctx.currentTime + plan.delaySeconds;
    source.start(startContextTime, plan.offsetSeconds, plan.durationSeconds);
    source.onended = () => {
      if (voices.get(plan.itemId)?.source === source) stopVoice(plan.itemId);
    };
    voices.set(plan.itemId, {
      source,
      gain,
      mediaId: plan.mediaId,
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
      if (trackGain) trackGain.gain.value = input.muted ? 0 : 1;
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
  };

  const dispose = () => {
    graph.stopAll();
    void context?.close().catch(() => undefined);
    context = null;
  };
  return [graph, dispose];
}
