/**
 * `<video>` elements follow the clock; they never drive it (ARCHITECTURE §3.6, FEATURES §7).
 * While playing, a video plays on its own and is checked every 250 ms: beyond 250 ms of drift it is
 * re-seeked (fastSeek where available), because seeking every frame would stall decoding. While
 * paused or scrubbing it is seeked to the exact frame. Backward shuttle can't play a <video>
 * backwards, so it stays paused and seeks at each check.
 */

/** Drift beyond which a playing video is re-seeked, in seconds (FEATURES §7). */
export const VIDEO_DRIFT_SECONDS = 0.25;
/** How often a playing video's drift is checked, in milliseconds. */
export const VIDEO_CHECK_INTERVAL_MS = 250;

/** The parts of HTMLVideoElement video-sync touches (fakes implement this in tests). */
export interface SyncableVideo {
  currentTime: number;
  paused: boolean;
  playbackRate: number;
  play(): Promise<void> | void;
  pause(): void;
  fastSeek?: (time: number) => void;
}

/** Where the clock says a video should be, in its own source seconds. */
export interface VideoTarget {
  seconds: number;
  playing: boolean;
  /** Signed timeline speed. */
  rate: number;
  /** Source frame rate, used for the paused tolerance (half a frame). */
  fps: number;
}

/** What to do to a video to follow the clock; null fields mean "leave as is". */
export interface VideoSyncDecision {
  seekTo: number | null;
  play: boolean;
  pause: boolean;
  playbackRate: number | null;
}

/** Decides how to bring `video` to `target`: re-seek beyond 250 ms while playing, to the frame while paused. */
export function decideVideoSync({
  video,
  target,
  driftSeconds = VIDEO_DRIFT_SECONDS,
}: {
  video: Pick<SyncableVideo, "currentTime" | "paused" | "playbackRate">;
  target: VideoTarget;
  driftSeconds?: number;
}): VideoSyncDecision {
  const seconds = Math.max(0, target.seconds);
  const drift = Math.abs(video.currentTime - seconds);
  const forward = target.playing && target.rate > 0;
  const tolerance = forward ? driftSeconds : 0.5 / target.fps;
  return {
    seekTo: drift > tolerance ? seconds : null,
    play: forward && video.paused,
    pause: !forward && !video.paused,
    playbackRate: forward && video.playbackRate !== target.rate ? target.rate : null,
  };
}

/** Applies a decision; a rejected play() (autoplay policy, element removed) is ignored. */
export function applyVideoSync(video: SyncableVideo, decision: VideoSyncDecision): void {
  if (decision.playbackRate !== null) video.playbackRate = decision.playbackRate;
  if (decision.seekTo !== null) {
    // fastSeek lands on a nearby keyframe: good enough mid-playback, not for a paused frame.
    if (video.fastSeek && !decision.pause && !video.paused) video.fastSeek(decision.seekTo);
    else video.currentTime = decision.seekTo;
  }
  if (decision.pause) video.pause();
  if (decision.play) {
    const started = video.play();
    if (started) started.catch(() => undefined);
  }
}

/** Brings one video to its target now; returns the decision taken (for tests and logging). */
export function syncVideo(video: SyncableVideo, target: VideoTarget): VideoSyncDecision {
  const decision = decideVideoSync({ video, target });
  applyVideoSync(video, decision);
  return decision;
}

export interface VideoSyncOptions {
  video: SyncableVideo;
  /** Where the video should be now, or null when it is off screen (then it is paused). */
  target: () => VideoTarget | null;
  intervalMs?: number;
  setInterval?: (fn: () => void, ms: number) => number;
  clearInterval?: (handle: number) => void;
}

/** Checks `video` against `target()` every `intervalMs` (default 250); returns [check, dispose]. */
export function makeVideoSync(options: VideoSyncOptions): [() => void, () => void] {
  const set = options.setInterval ?? ((fn, ms) => window.setInterval(fn, ms));
  const clear = options.clearInterval ?? (h => window.clearInterval(h));
  const check = () => {
    const target = options.target();
    if (target) syncVideo(options.video, target);
    else if (!options.video.paused) options.video.pause();
  };
  const handle = set(check, options.intervalMs ?? VIDEO_CHECK_INTERVAL_MS);
  return [check, () => clear(handle)];
}
