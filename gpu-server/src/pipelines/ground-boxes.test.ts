import { describe, expect, it } from "vitest";
import {
  boxIou,
  groundedBoxes,
  joinTouching,
  pickDetections,
  suppressOverlaps,
  toImageBox,
  type Detection,
} from "./ground-boxes";

describe("toImageBox", () => {
  it.each([
    // 1920×1080 padded to a 1920 square: every unit is 1920 pixels on both axes.
    ["pad", 1920, 1080, [0.5, 0.25, 0.25, 0.125], { x0: 720, y0: 360, x1: 1200, y1: 600 }],
    // The lower part lies in the padding below the picture: clipped at y = 1080.
    ["pad", 1920, 1080, [0.5, 0.55, 0.2, 0.1], { x0: 768, y0: 960, x1: 1152, y1: 1080 }],
    // A portrait picture pads on the right: x is clipped at 600.
    ["pad", 600, 800, [0.7, 0.5, 0.2, 0.5], { x0: 480, y0: 200, x1: 600, y1: 600 }],
    // OWL-ViT v1 stretches: x in units of the width, y of the height.
    ["stretch", 640, 480, [0.5, 0.5, 0.5, 0.5], { x0: 160, y0: 120, x1: 480, y1: 360 }],
    // Entirely in the padding: nothing of it is on the picture.
    ["pad", 1920, 1080, [0.5, 0.9, 0.1, 0.1], null],
  ] as const)("%s %i×%i %j -> %j", (fit, width, height, box, expected) => {
    expect(toImageBox({ box, width, height, fit })).toEqual(expected);
  });
});

describe("pickDetections", () => {
  // Two boxes × two phrases: box 0 is phrase 0 at logit 2, box 1 is phrase 1 at logit 0.
  const logits = [2, -1, -3, 0];
  const boxes = [0.25, 0.25, 0.5, 0.5, 0.75, 0.75, 0.5, 0.5];
  const pick = (threshold: number) =>
    pickDetections({
      logits,
      boxes,
      numQueries: 2,
      threshold,
      width: 100,
      height: 100,
      fit: "pad",
    });

  it("gives each box its best phrase scored by sigmoid(logit)", () => {
    expect(pick(0.5)).toEqual([
      { box: { x0: 0, y0: 0, x1: 50, y1: 50 }, score: 1 / (1 + Math.exp(-2)), query: 0 },
      { box: { x0: 50, y0: 50, x1: 100, y1: 100 }, score: 0.5, query: 1 },
    ]);
  });

  it("drops boxes under the threshold", () => {
    expect(pick(0.6).map(d => d.query)).toEqual([0]);
  });
});

describe("boxIou", () => {
  it.each([
    [{ x0: 0, y0: 0, x1: 10, y1: 10 }, { x0: 5, y0: 0, x1: 15, y1: 10 }, 50 / 150],
    [{ x0: 0, y0: 0, x1: 10, y1: 10 }, { x0: 0, y0: 0, x1: 10, y1: 10 }, 1],
    [{ x0: 0, y0: 0, x1: 10, y1: 10 }, { x0: 10, y0: 0, x1: 20, y1: 10 }, 0],
  ])("%j vs %j = %f", (a, b, iou) => {
    expect(boxIou(a, b)).toBeCloseTo(iou, 10);
  });
});

const det = (x0: number, y0: number, x1: number, y1: number, score: number, query = 0) =>
  ({ box: { x0, y0, x1, y1 }, score, query }) satisfies Detection;

describe("suppressOverlaps", () => {
  it("keeps the best of overlapping boxes of one phrase, and other phrases' boxes", () => {
    const kept = suppressOverlaps(
      [
        det(1, 0, 11, 10, 0.7),
        det(0, 0, 10, 10, 0.9),
        det(0, 0, 10, 10, 0.5, 1),
        det(50, 50, 60, 60, 0.4),
      ],
      0.3,
    );
    expect(kept).toEqual([
      det(0, 0, 10, 10, 0.9),
      det(0, 0, 10, 10, 0.5, 1),
      det(50, 50, 60, 60, 0.4),
    ]);
  });
});

describe("joinTouching", () => {
  it("joins touching cells of a phrase into their union, scored by the best", () => {
    const joined = joinTouching([
      det(0, 0, 20, 20, 0.6),
      det(20, 0, 40, 20, 0.8),
      det(21, 20, 40, 40, 0.7), // one pixel off after rounding: still the same object
      det(80, 80, 100, 100, 0.9),
      det(40, 0, 60, 20, 0.95, 1), // touches, but another phrase
    ]);
    expect(joined).toEqual([
      det(40, 0, 60, 20, 0.95, 1),
      det(80, 80, 100, 100, 0.9),
      det(0, 0, 40, 40, 0.8),
    ]);
  });
});

describe("groundedBoxes", () => {
  const config = { fit: "pad", scoreThreshold: 0.5, nmsIou: 0.3, maxBoxes: 10 } as const;
  // Three 0.25-wide cells on a 200×100 picture (a 200 square): two adjacent, one apart.
  const boxes = [0.125, 0.125, 0.25, 0.25, 0.375, 0.125, 0.25, 0.25, 0.875, 0.125, 0.25, 0.25];
  const logits = [1, 3, 2];

  it("merges touching cells, labels boxes with their phrase, best first", () => {
    expect(
      groundedBoxes({
        logits,
        boxes,
        labels: ["red"],
        width: 200,
        height: 100,
        config: { ...config, merge: "touching" },
      }),
    ).toEqual([
      { box: { x0: 0, y0: 0, x1: 100, y1: 50 }, score: 1 / (1 + Math.exp(-3)), label: "red" },
      { box: { x0: 150, y0: 0, x1: 200, y1: 50 }, score: 1 / (1 + Math.exp(-2)), label: "red" },
    ]);
  });

  it("keeps separate boxes under nms and stops at maxBoxes", () => {
    const found = groundedBoxes({
      logits,
      boxes,
      labels: ["red"],
      width: 200,
      height: 100,
      config: { ...config, merge: "nms", maxBoxes: 2 },
    });
    expect(found.map(b => b.box.x0)).toEqual([50, 150]);
  });
});
