import { describe, expect, it } from "vitest";
import { paintStroke } from "./brush";

/** The mask as rows of "#" (255) and "." (0), for hand-checked pictures. */
function picture(mask: Uint8Array, width: number): string[] {
  const rows: string[] = [];
  for (let y = 0; y < mask.length / width; y++) {
    rows.push(
      Array.from(mask.subarray(y * width, (y + 1) * width), v => (v === 255 ? "#" : ".")).join(""),
    );
  }
  return rows;
}

describe("paintStroke", () => {
  it.each([
    {
      name: "one point paints a disc: centres at distance 1 are in, diagonals (√2) are out",
      size: { width: 5, height: 5 },
      points: [{ x: 2.5, y: 2.5 }],
      radius: 1,
      rows: [".....", "..#..", ".###.", "..#..", "....."],
      box: { x0: 1, y0: 1, x1: 4, y1: 4 },
    },
    {
      name: "a disc at the top-left corner is clipped, nothing wraps",
      size: { width: 4, height: 4 },
      points: [{ x: 0, y: 0 }],
      radius: 2,
      // (0,0): d²=0.5, (1,0)/(0,1): d²=2.5 ≤ 4, (1,1): d²=4.5 > 4.
      rows: ["##..", "#...", "....", "...."],
      box: { x0: 0, y0: 0, x1: 2, y1: 2 },
    },
    {
      name: "a disc on the right edge does not spill into the next row",
      size: { width: 4, height: 2 },
      points: [{ x: 4, y: 0.5 }],
      radius: 1,
      // Pixel 3's centre is 0.5 away; pixel 2's is 1.5; row 1's (3.5,1.5) is √1.25.
      rows: ["...#", "...."],
      box: { x0: 3, y0: 0, x1: 4, y1: 1 },
    },
    {
      name: "two far-apart points are joined: the whole row between them is painted",
      size: { width: 10, height: 1 },
      points: [
        { x: 0.5, y: 0.5 },
        { x: 9.5, y: 0.5 },
      ],
      radius: 0.5,
      rows: ["##########"],
      box: { x0: 0, y0: 0, x1: 10, y1: 1 },
    },
    {
      name: "a thin diagonal covers exactly the diagonal (off-diagonal centres are 0.707 away)",
      size: { width: 4, height: 4 },
      points: [
        { x: 0, y: 0 },
        { x: 4, y: 4 },
      ],
      radius: 0.5,
      rows: ["#...", ".#..", "..#.", "...#"],
      box: { x0: 0, y0: 0, x1: 4, y1: 4 },
    },
    {
      name: "a polyline with a corner paints both legs",
      size: { width: 5, height: 5 },
      points: [
        { x: 0.5, y: 0.5 },
        { x: 4.5, y: 0.5 },
        { x: 4.5, y: 4.5 },
      ],
      radius: 0.5,
      rows: ["#####", "....#", "....#", "....#", "....#"],
      box: { x0: 0, y0: 0, x1: 5, y1: 5 },
    },
  ])("$name", ({ size, points, radius, rows, box }) => {
    const mask = new Uint8Array(size.width * size.height);
    const covered = paintStroke({ mask, ...size, points, radius, value: 255 });
    expect(picture(mask, size.width)).toEqual(rows);
    expect(covered).toEqual(box);
  });

  it("erases with value 0 and leaves the rest of the mask alone", () => {
    const mask = new Uint8Array(5 * 3).fill(255);
    paintStroke({
      mask,
      width: 5,
      height: 3,
      points: [
        { x: 1.5, y: 1.5 },
        { x: 3.5, y: 1.5 },
      ],
      radius: 0.5,
      value: 0,
    });
    expect(picture(mask, 5)).toEqual(["#####", "#...#", "#####"]);
  });

  it.each([
    { name: "a stroke entirely outside", points: [{ x: -10, y: -10 }], radius: 2 },
    { name: "no points", points: [], radius: 2 },
    { name: "a negative radius", points: [{ x: 1, y: 1 }], radius: -1 },
  ])("$name paints nothing and answers null", ({ points, radius }) => {
    const mask = new Uint8Array(9);
    expect(paintStroke({ mask, width: 3, height: 3, points, radius, value: 255 })).toBeNull();
    expect(Array.from(mask)).toEqual(new Array<number>(9).fill(0));
  });

  it("a stroke crossing the picture paints up to both edges", () => {
    const mask = new Uint8Array(6 * 3);
    paintStroke({
      mask,
      width: 6,
      height: 3,
      points: [
        { x: -20, y: 1.5 },
        { x: 40, y: 1.5 },
      ],
      radius: 0.5,
      value: 255,
    });
    expect(picture(mask, 6)).toEqual(["......", "######", "......"]);
  });
});
