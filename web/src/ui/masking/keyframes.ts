/** Stepping between prompted keyframes (FEATURES §8): the nearest one before and after a frame. */

/** The nearest keyframe strictly before and after `frame` (source frames); null at the ends. */
export function findAdjacentKeyframes({
  keyframes,
  frame,
}: {
  keyframes: readonly number[];
  frame: number;
}): { previous: number | null; next: number | null } {
  let previous: number | null = null;
  let next: number | null = null;
  for (const key of keyframes) {
    if (key < frame && (previous === null || key > previous)) previous = key;
    if (key > frame && (next === null || key < next)) next = key;
  }
  return { previous, next };
}
