/**
 * Playback slice (session scope: never saved, never undoable). `frame` is written at frame rate by
 * the clock (playback/clock.ts) through `setFrame`; the timeline items never read it, only the
 * playhead, the timecode and video-sync do (STYLE §4). Selection and zoom live here because they
 * are editor session state, not part of the document.
 */
import type { SliceContext } from "../slice-context";
import {
  ZOOM_DEFAULT_PX_PER_SECOND,
  clampZoom,
  computeTimelineDuration,
  stepZoom,
} from "@milimo/shared/timeline";

/** Speeds J and L step through when pressed again (FEATURES §6), as multiples of normal speed. */
export const SHUTTLE_SPEEDS = [1, 2, 4, 8] as const;

export interface PlaybackSlice {
  /** The playhead: a whole frame >= 0. */
  frame: number;
  playing: boolean;
  /** Signed speed while playing: 1 normal, -2 backwards at double speed. */
  rate: number;
  /** Whether a user gesture has happened; media stays muted until then (autoplay policy). */
  audioUnlocked: boolean;
  /** Selected timeline item ids. */
  selection: string[];
  /** Timeline zoom in CSS pixels per second of timeline, 5..300 (default 20). */
  pxPerSecond: number;
  /** Frame the snap guide is drawn at during a drag, or null when nothing snaps. */
  snapGuideFrame: number | null;
  /**
   * Key of the drag/trim gesture in progress, or null (set by the track slice from the first
   * update of a gesture until pointerup). Autosave puts timed writes off while it is set.
   */
  gesture: string | null;
}

/** Fresh playback state: frame 0, paused at speed 1, default zoom, nothing selected. */
export function initialPlaybackState(): PlaybackSlice {
  return {
    frame: 0,
    playing: false,
    rate: 1,
    audioUnlocked: false,
    selection: [],
    pxPerSecond: ZOOM_DEFAULT_PX_PER_SECOND,
    snapGuideFrame: null,
    gesture: null,
  };
}

/** Next shuttle speed when J (-1) or L (+1) is pressed at signed `rate` while `playing`. */
export function nextShuttleRate({
  rate,
  playing,
  direction,
}: {
  rate: number;
  playing: boolean;
  direction: 1 | -1;
}): number {
  if (!playing || Math.sign(rate) !== direction) return direction;
  const speed = Math.abs(rate);
  const faster = SHUTTLE_SPEEDS.find(s => s > speed) ?? 8;
  return direction * faster;
}

export type PlaybackActions = ReturnType<typeof createPlaybackActions>;

/** Session actions for the clock, transport and zoom; none of them touch history. */
export function createPlaybackActions(ctx: SliceContext) {
  const { state, setState } = ctx;
  const endFrame = () => computeTimelineDuration({ timeline: state.tracks.timeline });
  const clampFrame = (frame: number) => Math.min(endFrame(), Math.max(0, Math.round(frame)));

  const actions = {
    /** Moves the playhead to a whole frame >= 0 (the clock's one write path; not clamped to the end). */
    setFrame: (frame: number): void => {
      const next = Math.max(0, Math.round(frame));
      if (next !== state.playback.frame) setState("playback", "frame", next);
    },
    /** Moves the playhead to `frame`, clamped to 0..end of the timeline. */
    seek: (frame: number): void => {
      actions.setFrame(clampFrame(frame));
    },
    /** Pauses and steps the playhead by `deltaFrames` (arrow keys: ±1, Shift ±10). */
    step: (deltaFrames: number): void => {
      setState("playback", "playing", false);
      actions.setFrame(clampFrame(state.playback.frame + deltaFrames));
    },
    /** Plays at `rate` (default 1); from the end it restarts at frame 0 when playing forward. */
    play: (rate = 1): void => {
      if (rate > 0 && state.playback.frame >= endFrame()) setState("playback", "frame", 0);
      setState("playback", { playing: true, rate });
    },
    /** Pauses; the playhead stays where it is. */
    pause: (): void => {
      setState("playback", { playing: false, rate: 1 });
    },
    /** Space: pauses when playing, else plays forward at normal speed. */
    togglePlay: (): void => {
      if (state.playback.playing) actions.pause();
      else actions.play(1);
    },
    /** J (-1) / L (+1): plays in that direction, faster each press (1, 2, 4, 8×). */
    shuttle: (direction: 1 | -1): void => {
      const { rate, playing } = state.playback;
      actions.play(nextShuttleRate({ rate, playing, direction }));
    },
    /** Records that a user gesture happened, so media may now play with sound. */
    unlockAudio: (): void => {
      if (!state.playback.audioUnlocked) setState("playback", "audioUnlocked", true);
    },
    /** Sets the zoom in px/s, clamped to 5..300. */
    setZoom: (pxPerSecond: number): void => {
      setState("playback", "pxPerSecond", clampZoom(pxPerSecond));
    },
    /** Zooms by wheel notches (positive zooms in), ×1.1 each, clamped to 5..300 px/s. */
    zoomBy: (steps: number): void => {
      setState(
        "playback",
        "pxPerSecond",
        stepZoom({ pxPerSecond: state.playback.pxPerSecond, steps }),
      );
    },
    /** Shows the snap guide at a frame, or hides it with null. */
    setSnapGuide: (frame: number | null): void => {
      if (state.playback.snapGuideFrame !== frame) setState("playback", "snapGuideFrame", frame);
    },
  };
  return actions;
}
