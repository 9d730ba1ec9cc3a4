/**
 * Tracked objects (FEATURES §8): which frames a correction may re-propagate over, how its masks merge
 * into the object's, stepping between prompted keyframes, and the 8 object colours. A correction
 * never crosses another keyframe: the user prompted those frames, so their masks (and the frames
 * propagated from them on that side) stay as they are.
 */

/** A track direction as the track job takes it. */
export type RetrackDirection = "forward" | "backward" | "both";

/** Source frames, both ends inclusive. */
export interface FrameRange {
  start: number;
  end: number;
}

/** The 8 object colours (RGB), chosen to stay apart from each other over footage. */
export const TRACK_COLORS_RGB: readonly (readonly [number, number, number])[] = [
  [255, 59, 48], // red
  [52, 199, 89], // green
  [10, 132, 255], // blue
  [255, 214, 10], // yellow
  [191, 90, 242], // purple
  [100, 210, 255], // cyan
  [255, 149, 0], // orange
  [255, 55, 195], // magenta
];

/** Alpha of a tracked object's overlay: 40 % of 255. */
export const TRACK_COLOR_ALPHA = 102;

/** The largest keyframe before `frame`, or null when there is none. */
export function previousKeyframe(keyframes: readonly number[], frame: number): number | null {
  let best: number | null = null;
  for (const key of keyframes) if (key < frame && (best === null || key > best)) best = key;
  return best;
}

/** The smallest keyframe after `frame`, or null when there is none. */
export function nextKeyframe(keyframes: readonly number[], frame: number): number | null {
  let best: number | null = null;
  for (const key of keyframes) if (key > frame && (best === null || key < best)) best = key;
  return best;
}

/** The keyframes with `frame` added, sorted and unique. */
export function addKeyframe(keyframes: readonly number[], frame: number): number[] {
  return [...new Set([...keyframes, frame])].sort((a, b) => a - b);
}

/**
 * The frames a correction at `frame` re-propagates over in `direction`: from `frame` up to but
 * excluding the neighbouring keyframe on that side (or the clip's first/last frame). `frameCount` is
 * the clip's number of source frames; throws RangeError when `frame` is not one of them.
 */
export function planRetrack({
  keyframes,
  frame,
  direction,
  frameCount,
}: {
  keyframes: readonly number[];
  frame: number;
  direction: RetrackDirection;
  frameCount: number;
}): FrameRange {
  if (!Number.isInteger(frame) || frame < 0 || frame >= frameCount) {
    throw new RangeError(`Frame ${frame} is outside the clip (0–${frameCount - 1}).`);
  }
  const previous = previousKeyframe(keyframes, frame);
  const next = nextKeyframe(keyframes, frame);
  const start = direction === "forward" ? frame : previous === null ? 0 : previous + 1;
  const end = direction === "backward" ? frame : next === null ? frameCount - 1 : next - 1;
  return { start, end };
}

/**
 * Merges a re-propagation into an object's masks by frame: inside `range` the incoming frames replace
 * the existing ones (a frame the new run left empty is dropped), outside it the existing are kept and
 * incoming ones ignored. Returned in frame order.
 */
export function mergeTrackedFrames<T>(
  existing: ReadonlyMap<number, T>,
  incoming: ReadonlyMap<number, T>,
  range: FrameRange,
): Map<number, T> {
  const inRange = (frame: number) => frame >= range.start && frame <= range.end;
  const merged: [number, T][] = [];
  for (const [frame, mask] of existing) if (!inRange(frame)) merged.push([frame, mask]);
  for (const [frame, mask] of incoming) if (inRange(frame)) merged.push([frame, mask]);
  return new Map(merged.sort(([a], [b]) => a - b));
}

/** Object colour `index` (wrapping past 8) as RGBA bytes with 40 % alpha. */
export function trackColor(index: number): readonly [number, number, number, number] {
  const count = TRACK_COLORS_RGB.length;
  const rgb = TRACK_COLORS_RGB[((Math.trunc(index) % count) + count) % count] ?? [255, 0, 0];
  return [rgb[0], rgb[1], rgb[2], TRACK_COLOR_ALPHA];
}

/** Object colour `index` as CSS, opaque (swatches) or at 40 % (overlays) when `translucent`. */
export function trackColorCss({
  index,
  translucent = false,
}: {
  index: number;
  translucent?: boolean;
}): string {
  const [r, g, b] = trackColor(index);
  return translucent ? `rgba(${r}, ${g}, ${b}, 0.4)` : `rgb(${r}, ${g}, ${b})`;
}

/**
 * The colour for a new object: the first of the 8 no object uses; when all are taken, the least used
 * (lowest index first), so colours stay as far apart as they can.
 */
export function firstFreeColor(used: readonly number[]): number {
  const counts = TRACK_COLORS_RGB.map(() => 0);
  for (const index of used) {
    if (index >= 0 && index < counts.length) counts[index] = (counts[index] ?? 0) + 1;
  }
  const fewest = Math.min(...counts);
  return counts.indexOf(fewest);
}

/** A name for a new object: "Object N" with the smallest N no existing name takes. */
export function nextObjectName(names: readonly string[]): string {
  const taken = new Set(names);
  let n = 1;
  while (taken.has(`Object ${n}`)) n += 1;
  return `Object ${n}`;
}
