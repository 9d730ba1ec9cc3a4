/**
 * Frame <-> seconds <-> SMPTE timecode <-> pixels. Frames are integers everywhere in the document;
 * seconds and pixels exist only at the edges (media elements, Web Audio, the DOM timeline).
 * Timecode is non-drop-frame: project rates are whole numbers (24, 25, 30, 50, 60).
 */

/** Narrowest zoom in pixels per second of timeline (FEATURES §6). */
export const ZOOM_MIN_PX_PER_SECOND = 5;
/** Widest zoom in pixels per second of timeline. */
export const ZOOM_MAX_PX_PER_SECOND = 300;
/** Zoom a new project opens at, in pixels per second. */
export const ZOOM_DEFAULT_PX_PER_SECOND = 20;
/** Pointer travel in CSS pixels below which a drag on a clip counts as a click (FEATURES §6). */
export const DRAG_THRESHOLD_PX = 5;
/** Factor one Ctrl/Cmd+wheel notch multiplies or divides the zoom by. */
export const ZOOM_STEP_FACTOR = 1.1;

/** Frames -> seconds at `fps` (fractional). */
export function framesToSeconds(frames: number, fps: number): number {
  return frames / fps;
}

/** Seconds -> nearest whole frame at `fps`. */
export function secondsToFrames(seconds: number, fps: number): number {
  return Math.round(seconds * fps);
}

/** Frame count -> width in CSS pixels at a zoom of `pxPerSecond`. */
export function framesToPixels({
  frames,
  pxPerSecond,
  fps,
}: {
  frames: number;
  pxPerSecond: number;
  fps: number;
}): number {
  return (frames / fps) * pxPerSecond;
}

/** CSS pixels -> nearest whole frame at a zoom of `pxPerSecond`. */
export function pixelsToFrames({
  px,
  pxPerSecond,
  fps,
}: {
  px: number;
  pxPerSecond: number;
  fps: number;
}): number {
  return Math.round((px * fps) / pxPerSecond);
}

/** Clamps a zoom to 5..300 px/s. */
export function clampZoom(pxPerSecond: number): number {
  return Math.min(ZOOM_MAX_PX_PER_SECOND, Math.max(ZOOM_MIN_PX_PER_SECOND, pxPerSecond));
}

/** Zoom after `steps` wheel notches (positive zooms in), each x1.1, clamped to 5..300 px/s. */
export function stepZoom({ pxPerSecond, steps }: { pxPerSecond: number; steps: number }): number {
  return clampZoom(pxPerSecond * ZOOM_STEP_FACTOR ** steps);
}

const pad2 = (n: number): string => String(n).padStart(2, "0");

/** Frame -> SMPTE "HH:MM:SS:FF" (non-drop, hours widen past 99, negative frames get a "-"). */
export function formatTimecode(frame: number, fps: number): string {
  const sign = frame < 0 ? "-" : "";
  const total = Math.abs(Math.trunc(frame));
  const ff = total % fps;
  const totalSeconds = Math.floor(total / fps);
  const ss = totalSeconds % 60;
  const mm = Math.floor(totalSeconds / 60) % 60;
  const hh = Math.floor(totalSeconds / 3600);
  return `${sign}${pad2(hh)}:${pad2(mm)}:${pad2(ss)}:${pad2(ff)}`;
}

const TIMECODE_RE = /^(-)?(?:(?:(\d+):)?(\d{1,2}):)?(\d{1,2})[:;](\d{1,2})$/;

/**
 * SMPTE timecode -> frame, or null when malformed or out of range (FF >= fps, SS or MM >= 60).
 * Accepts "HH:MM:SS:FF", "MM:SS:FF", "SS:FF" and ";" before the frames, as people type them.
 */
export function parseTimecode(text: string, fps: number): number | null {
  const m = TIMECODE_RE.exec(text.trim());
  if (!m) return null;
  const [, sign, hh = "0", mm = "0", ss = "0", ff = "0"] = m;
  const h = Number(hh);
  const min = Number(mm);
  const s = Number(ss);
  const f = Number(ff);
  if (f >= fps || s >= 60 || min >= 60) return null;
  const frame = ((h * 60 + min) * 60 + s) * fps + f;
  return sign && frame !== 0 ? -frame : frame;
}
