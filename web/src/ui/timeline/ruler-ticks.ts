/**
 * The ruler's adaptive grid: pick the smallest "nice" step (frames, then seconds, then minutes)
 * whose labelled ticks are at least MIN_LABEL_SPACING_PX apart at the current zoom, and only list
 * the ticks inside the visible window so the ruler costs the same at any timeline length.
 */

/** Minimum distance between two labelled ticks, in CSS pixels. */
export const MIN_LABEL_SPACING_PX = 72;

const SECOND_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];
const FRAME_STEPS = [1, 2, 5, 10];

export interface RulerTick {
  frame: number;
  /** Labelled (major) tick, or a minor subdivision. */
  major: boolean;
}

/** Frames between labelled ticks at `pxPerSecond` zoom and `fps` (at least MIN_LABEL_SPACING_PX apart). */
export function chooseTickStepFrames({
  pxPerSecond,
  fps,
  minSpacingPx = MIN_LABEL_SPACING_PX,
}: {
  pxPerSecond: number;
  fps: number;
  minSpacingPx?: number;
}): number {
  const pxPerFrame = pxPerSecond / fps;
  for (const frames of FRAME_STEPS) {
    if (frames < fps && frames * pxPerFrame >= minSpacingPx) return frames;
  }
  for (const seconds of SECOND_STEPS) {
    if (seconds * pxPerSecond >= minSpacingPx) return seconds * fps;
  }
  const last = SECOND_STEPS[SECOND_STEPS.length - 1] ?? 3600;
  return Math.ceil(minSpacingPx / pxPerSecond / last) * last * fps;
}

/** Major ticks every `stepFrames` and 4 minor ones between, covering frames [fromFrame, toFrame]. */
export function listRulerTicks({
  fromFrame,
  toFrame,
  stepFrames,
}: {
  fromFrame: number;
  toFrame: number;
  stepFrames: number;
}): RulerTick[] {
  const minor =
    stepFrames % 5 === 0 ? stepFrames / 5 : stepFrames % 2 === 0 ? stepFrames / 2 : stepFrames;
  const ticks: RulerTick[] = [];
  const first = Math.max(0, Math.floor(fromFrame / minor) * minor);
  for (let frame = first; frame <= toFrame; frame += minor) {
    ticks.push({ frame, major: frame % stepFrames === 0 });
  }
  return ticks;
}
