import { describe, expect, it } from "vitest";
import type { Mask } from "@milimo/shared/sam";
import {
  canUndo,
  clearEdits,
  composeMask,
  currentState,
  hasPrompt,
  makeMaskHistory,
  pushEdit,
  samePrompt,
  toPrompt,
  toStrokes,
  undoEdit,
  type BrushStroke,
  type MaskEdit,
} from "./mask-edits";

const click = (x: number, y: number, positive = true): MaskEdit => ({
  kind: "point",
  point: { x, y, positive },
});
const box: MaskEdit = { kind: "box", box: { x0: 0, y0: 0, x1: 4, y1: 4 } };
/** A 1-px-wide horizontal line through row `y` of a 6-wide picture. */
const line = (y: number, value: 0 | 255): BrushStroke => ({
  points: [
    { x: 0, y: y + 0.5 },
    { x: 6, y: y + 0.5 },
  ],
  radius: 0.5,
  value,
});
const stroke = (y: number, value: 0 | 255): MaskEdit => ({
  kind: "stroke",
  stroke: line(y, value),
});

function rows(data: Uint8Array, width: number): string[] {
  const out: string[] = [];
  for (let y = 0; y < data.length / width; y++) {
    out.push(Array.from(data.subarray(y * width, (y + 1) * width), v => (v ? "#" : ".")).join(""));
  }
  return out;
}

describe("mask edit history", () => {
  it("undo takes back the last edit of any kind, in reverse order", () => {
    let history = makeMaskHistory({ fromStart: false });
    history = pushEdit(history, click(1, 1));
    history = pushEdit(history, stroke(2, 255));
    history = pushEdit(history, box);
    history = pushEdit(history, click(3, 3, false));
    const kinds = () => currentState(history).edits.map(edit => edit.kind);
    expect(kinds()).toEqual(["point", "stroke", "box", "point"]);
    const seen: string[][] = [];
    while (canUndo(history)) {
      history = undoEdit(history);
      seen.push(kinds());
    }
    expect(seen).toEqual([["point", "stroke", "box"], ["point", "stroke"], ["point"], []]);
    expect(undoEdit(history)).toBe(history);
  });

  it("the prompt holds every point and only the last box; strokes are not prompt", () => {
    const second = { kind: "box", box: { x0: 1, y0: 1, x1: 2, y1: 2 } } as const;
    let history = makeMaskHistory({ fromStart: false });
    for (const edit of [click(1, 1), box, stroke(0, 255), click(2, 2, false), second]) {
      history = pushEdit(history, edit);
    }
    const state = currentState(history);
    expect(toPrompt(state)).toEqual({
      points: [
        { x: 1, y: 1, positive: true },
        { x: 2, y: 2, positive: false },
      ],
      box: second.box,
    });
    expect(toStrokes(state)).toEqual([line(0, 255)]);
  });

  it("a stroke alone is no prompt, and adding or undoing it keeps the same decode", () => {
    const withPoint = pushEdit(makeMaskHistory({ fromStart: false }), click(1, 1));
    const withStroke = pushEdit(withPoint, stroke(1, 0));
    expect(
      hasPrompt(currentState(pushEdit(makeMaskHistory({ fromStart: false }), stroke(1, 255)))),
    ).toBe(false);
    expect(samePrompt(currentState(withPoint), currentState(withStroke))).toBe(true);
    expect(
      samePrompt(currentState(withStroke), currentState(pushEdit(withStroke, click(2, 2)))),
    ).toBe(false);
  });

  it("clear empties everything, drops the starting mask, and can itself be undone", () => {
    let history = makeMaskHistory({ fromStart: true });
    history = pushEdit(history, stroke(0, 255));
    history = clearEdits(history);
    expect(currentState(history)).toEqual({ fromStart: false, edits: [] });
    expect(clearEdits(history)).toBe(history);
    history = undoEdit(history);
    expect(currentState(history)).toEqual({ fromStart: true, edits: [stroke(0, 255)] });
  });

  it("edits after a starting mask keep building on it", () => {
    const history = pushEdit(makeMaskHistory({ fromStart: true }), click(1, 1));
    expect(currentState(history).fromStart).toBe(true);
  });
});

describe("composeMask", () => {
  const width = 6;
  const height = 4;
  const decodeA: Mask = { data: new Uint8Array(width * height).fill(255, 0, 12), width, height };
  const decodeB: Mask = { data: new Uint8Array(width * height).fill(255, 12), width, height };

  it("paints every stroke over a decode in order, and again over a re-decode", () => {
    // Paint row 3, then erase row 0 and row 3 again: the later eraser wins over the brush.
    const strokes = [line(3, 255), line(0, 0), line(3, 0)];
    expect(rows(composeMask({ base: decodeA, width, height, strokes }), width)).toEqual([
      "......",
      "######",
      "......",
      "......",
    ]);
    // The same strokes over the next decode: they are re-applied, not lost.
    expect(rows(composeMask({ base: decodeB, width, height, strokes }), width)).toEqual([
      "......",
      "......",
      "######",
      "......",
    ]);
  });

  it("never writes into the decode it starts from", () => {
    const before = decodeA.data.slice();
    composeMask({ base: decodeA, width, height, strokes: [line(0, 0), line(3, 255)] });
    expect(decodeA.data).toEqual(before);
  });

  it.each([
    { name: "no decode", base: null },
    {
      name: "a base of another size",
      base: { data: new Uint8Array(4).fill(255), width: 2, height: 2 },
    },
  ])("starts from an empty mask with $name (pure manual masking)", ({ base }) => {
    expect(rows(composeMask({ base, width, height, strokes: [line(1, 255)] }), width)).toEqual([
      "......",
      "######",
      "......",
      "......",
    ]);
  });
});
