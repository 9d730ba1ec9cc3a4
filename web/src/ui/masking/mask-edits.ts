/**
 * The masking editor's document: an undo history of edit lists. The mask shown is always derived
 * the same way: SAM's decode of the prompt (the points and the last box) — or, without a prompt,
 * the starting mask (a tracked object's) or nothing — then every brush/eraser stroke in the order
 * it was drawn. So a new click re-decodes and the strokes are painted again on top, and Undo takes
 * back the last edit of any kind. Clear is an edit too (it can be undone).
 */
import { paintStroke, type Box, type Mask, type Point, type PromptPoint } from "@milimo/shared/sam";

/** One brush (255) or eraser (0) stroke, in image pixels. */
export interface BrushStroke {
  points: readonly Point[];
  /** Half the brush size, in image pixels. */
  radius: number;
  value: 0 | 255;
}

export type MaskEdit =
  | { kind: "point"; point: PromptPoint }
  | { kind: "box"; box: Box }
  | { kind: "stroke"; stroke: BrushStroke };

export interface MaskEditorState {
  /** Whether the mask builds on the starting mask; false without one and after Clear. */
  fromStart: boolean;
  edits: readonly MaskEdit[];
}

/** Every state so far; the last is the current one. Never empty. */
export type MaskHistory = readonly MaskEditorState[];

export interface MaskPrompt {
  points: PromptPoint[];
  box: Box | null;
}

/** A fresh history; `fromStart` when editing begins from a starting mask. */
export function makeMaskHistory({ fromStart }: { fromStart: boolean }): MaskHistory {
  return [{ fromStart, edits: [] }];
}

/** The current state of a history. */
export function currentState(history: MaskHistory): MaskEditorState {
  return history[history.length - 1] ?? { fromStart: false, edits: [] };
}

/** The history with `edit` appended to the current state. */
export function pushEdit(history: MaskHistory, edit: MaskEdit): MaskHistory {
  const state = currentState(history);
  return [...history, { fromStart: state.fromStart, edits: [...state.edits, edit] }];
}

/** The history without its last state (the first one always stays). */
export function undoEdit(history: MaskHistory): MaskHistory {
  return history.length > 1 ? history.slice(0, -1) : history;
}

/** True when there is an edit (or a Clear) to take back. */
export function canUndo(history: MaskHistory): boolean {
  return history.length > 1;
}

/** The history with an empty mask as its new state; unchanged when already empty. */
export function clearEdits(history: MaskHistory): MaskHistory {
  const state = currentState(history);
  if (!state.fromStart && state.edits.length === 0) return history;
  return [...history, { fromStart: false, edits: [] }];
}

/** SAM's prompt in a state: every point in order and the last box drawn. */
export function toPrompt(state: MaskEditorState): MaskPrompt {
  const points: PromptPoint[] = [];
  let box: Box | null = null;
  for (const edit of state.edits) {
    if (edit.kind === "point") points.push(edit.point);
    else if (edit.kind === "box") box = edit.box;
  }
  return { points, box };
}

/** True when the state has something for SAM to decode. */
export function hasPrompt(state: MaskEditorState): boolean {
  return state.edits.some(edit => edit.kind !== "stroke");
}

/** The strokes of a state, oldest first. */
export function toStrokes(state: MaskEditorState): BrushStroke[] {
  return state.edits.flatMap(edit => (edit.kind === "stroke" ? [edit.stroke] : []));
}

/** True when two states ask SAM for the same decode (so only strokes differ). */
export function samePrompt(a: MaskEditorState, b: MaskEditorState): boolean {
  const pa = toPrompt(a);
  const pb = toPrompt(b);
  return (
    pa.box === pb.box &&
    pa.points.length === pb.points.length &&
    pa.points.every((point, i) => point === pb.points[i])
  );
}

/**
 * The edited mask: a copy of `base` (all off when null or of another size) with `strokes` painted
 * over it in order; `base` is never written.
 */
export function composeMask({
  base,
  width,
  height,
  strokes,
}: {
  base: Mask | null;
  width: number;
  height: number;
  strokes: readonly BrushStroke[];
}): Uint8Array {
  const data =
    base && base.width === width && base.height === height
      ? base.data.slice()
      : new Uint8Array(width * height);
  for (const stroke of strokes) paintStroke({ mask: data, width, height, ...stroke });
  return data;
}
