/**
 * The playback clock (ARCHITECTURE §3.6): one headless requestAnimationFrame loop owns time while
 * playing. It keeps a precise fractional position anchored to wall time (so a slow frame never
 * slows playback down, it only skips frames) and writes the integer playhead through ONE action,
 * `setFrame`. A frame written by anyone else (scrub, arrow keys) re-anchors the clock there.
 * It stops at the end of the timeline going forward, and at frame 0 going backward.
 */
import { createEffect, on, onCleanup } from "solid-js";

/** What the clock reads each tick, untracked. */
export interface ClockInput {
  playing: boolean;
  /** Signed speed: 1 normal, -2 backwards at double speed. */
  rate: number;
  /** The playhead in the store. */
  frame: number;
  fps: number;
  /** Frame where the timeline ends (exclusive); playing forward stops here. */
  endFrame: number;
}

export interface PlaybackClockOptions {
  read: () => ClockInput;
  /** The one write path to `state.playback.frame`. */
  setFrame: (frame: number) => void;
  /** Called once when playback reaches an end; should pause. */
  onEnd: () => void;
  /** Defaults to window.requestAnimationFrame. */
  requestFrame?: (callback: (timeMs: number) => void) => number;
  /** Defaults to window.cancelAnimationFrame. */
  cancelFrame?: (handle: number) => void;
  /** Milliseconds on the rAF timeline; defaults to performance.now. */
  now?: () => number;
}

export interface PlaybackClock {
  /** Starts the loop if it isn't running (reads `playing` each tick and stops itself when false). */
  start(): void;
  /** Stops the loop; the playhead stays where it is. */
  stop(): void;
  /** Whether the rAF loop is running. */
  isRunning(): boolean;
  /** Precise position in (fractional) frames: between ticks while playing, else the playhead. */
  positionFrames(): number;
  /** Advances the clock to `timeMs` (what each animation frame calls; exposed for tests). */
  tick(timeMs: number): void;
}

type Anchor = { timeMs: number; frame: number; rate: number };

/** Non-reactive clock; returns [clock, dispose]. */
export function makePlaybackClock(options: PlaybackClockOptions): [PlaybackClock, () => void] {
  const requestFrame = options.requestFrame ?? (cb => window.requestAnimationFrame(cb));
  const cancelFrame = options.cancelFrame ?? (h => window.cancelAnimationFrame(h));
  const now = options.now ?? (() => performance.now());
  let handle: number | null = null;
  let anchor: Anchor | null = null;
  let lastWritten: number | null = null;
  let position = 0;

  const loop = (timeMs: number) => {
    handle = null;
    clock.tick(timeMs);
    if (anchor) handle = requestFrame(loop);
  };

  function halt(): void {
    anchor = null;
    lastWritten = null;
    if (handle !== null) cancelFrame(handle);
    handle = null;
  }

  function write(frame: number): void {
    lastWritten = frame;
    options.setFrame(frame);
  }

  const clock: PlaybackClock = {
    start() {
      if (handle !== null) return;
      const input = options.read();
      anchor = { timeMs: now(), frame: input.frame, rate: input.rate };
      lastWritten = input.frame;
      position = input.frame;
      handle = requestFrame(loop);
    },
    stop() {
      position = options.read().frame;
      halt();
    },
    isRunning: () => handle !== null,
    positionFrames: () => (anchor ? position : options.read().frame),
    tick(timeMs) {
      const input = options.read();
      if (!input.playing) {
        position = input.frame;
        halt();
        return;
      }
      // Someone else moved the playhead (scrub, keys) or the speed changed: continue from there.
      if (!anchor || input.frame !== lastWritten || input.rate !== anchor.rate) {
        const from = anchor && input.frame === lastWritten ? position : input.frame;
        anchor = { timeMs, frame: from, rate: input.rate };
        lastWritten = input.frame;
      }
      const elapsedSeconds = Math.max(0, timeMs - anchor.timeMs) / 1000;
      position = anchor.frame + elapsedSeconds * input.fps * anchor.rate;
      if (anchor.rate > 0 && position >= input.endFrame) {
        position = input.endFrame;
        write(input.endFrame);
        halt();
        options.onEnd();
        return;
      }
      if (anchor.rate < 0 && position <= 0) {
        position = 0;
        write(0);
        halt();
        options.onEnd();
        return;
      }
      const frame = Math.floor(position);
      if (frame !== input.frame) write(frame);
    },
  };
  return [clock, halt];
}

/**
 * Reactive clock: runs while `read().playing` is true and disposes with the owner. `playing` is
 * the only thing tracked; everything else is read untracked each tick.
 */
export function createPlaybackClock(
  options: PlaybackClockOptions & { playing: () => boolean },
): PlaybackClock {
  const [clock, dispose] = makePlaybackClock(options);
  createEffect(
    on(options.playing, playing => {
      if (playing) clock.start();
      else clock.stop();
    }),
  );
  onCleanup(dispose);
  return clock;
}
