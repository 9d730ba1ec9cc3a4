import { describe, expect, it } from "vitest";
import { buildDecoderPrompt, toImagePoint, toModelCoords, toModelPoint } from "./coords";
import { computeResizeLongestSide } from "./resize-longest-side";

const { scale } = computeResizeLongestSide({ width: 1920, height: 1080 });

describe("toModelCoords", () => {
  it.each([
    [
      { x: 960, y: 540 },
      { x: 512, y: 288 },
    ],
    [
      { x: 0, y: 0 },
      { x: 0, y: 0 },
    ],
    [
      { x: 1920, y: 1080 },
      { x: 1024, y: 576 },
    ],
    [
      { x: 300, y: 150 },
      { x: 160, y: 80 },
    ],
  ])("%j in a 1920x1080 frame -> %j", (point, expected) => {
    const scaled = toModelPoint(point, scale);
    expect(scaled.x).toBeCloseTo(expected.x, 9);
    expect(scaled.y).toBeCloseTo(expected.y, 9);
  });

  it("keeps a point's other fields and maps back with toImagePoint", () => {
    const click = { x: 960, y: 540, positive: false };
    const scaled = toModelPoint(click, scale);
    expect(scaled.positive).toBe(false);
    const back = toImagePoint(scaled, scale);
    expect(back.x).toBeCloseTo(960, 9);
    expect(back.y).toBeCloseTo(540, 9);
  });

  it("scales points and box corners alike", () => {
    const result = toModelCoords({
      points: [{ x: 960, y: 540, positive: true }],
      box: { x0: 300, y0: 150, x1: 1500, y1: 900 },
      scale,
    });
    expect(result.points[0]?.x).toBeCloseTo(512, 9);
    expect(result.box?.x0).toBeCloseTo(160, 9);
    expect(result.box?.y0).toBeCloseTo(80, 9);
    expect(result.box?.x1).toBeCloseTo(800, 9);
    expect(result.box?.y1).toBeCloseTo(480, 9);
  });
});

describe("buildDecoderPrompt", () => {
  it("labels clicks 1/0 and appends SAM's padding point without a box", () => {
    const prompt = buildDecoderPrompt({
      points: [
        { x: 512, y: 288, positive: true },
        { x: 10, y: 20, positive: false },
      ],
    });
    expect(prompt.count).toBe(3);
    expect([...prompt.coords]).toEqual([512, 288, 10, 20, 0, 0]);
    expect([...prompt.labels]).toEqual([1, 0, -1]);
  });

  it("adds the box as top-left (2) and bottom-right (3) points, whatever the drag direction", () => {
    const prompt = buildDecoderPrompt({
      points: [{ x: 5, y: 6, positive: true }],
      box: { x0: 300, y0: 200, x1: 100, y1: 50 },
    });
    expect([...prompt.coords]).toEqual([5, 6, 100, 50, 300, 200]);
    expect([...prompt.labels]).toEqual([1, 2, 3]);
  });

  it("encodes a box alone without padding", () => {
    const prompt = buildDecoderPrompt({ points: [], box: { x0: 1, y0: 2, x1: 3, y1: 4 } });
    expect([...prompt.labels]).toEqual([2, 3]);
  });

  it("is the padding point alone when there is no prompt", () => {
    const prompt = buildDecoderPrompt({ points: [] });
    expect([...prompt.coords]).toEqual([0, 0]);
    expect([...prompt.labels]).toEqual([-1]);
  });

  it("stores float32 values", () => {
    const prompt = buildDecoderPrompt({ points: [{ x: 0.1, y: 512.5, positive: true }] });
    expect(prompt.coords).toBeInstanceOf(Float32Array);
    expect(prompt.coords[0]).toBeCloseTo(0.1, 6);
    expect(prompt.coords[1]).toBe(512.5);
  });
});
