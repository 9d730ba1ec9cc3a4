import { describe, expect, it } from "vitest";
import { buildDecoderInputs, readDecoderOutputs, styleMask, tintMask } from "./decoder-io";

// Hand-computed: a 1920×1080 frame scales by 1024 / 1920 = 0.5333…; a 600×800 portrait by
// 1024 / 800 = 1.28.
describe("buildDecoderInputs", () => {
  it.each([
    {
      name: "a positive click at the centre of a 1920×1080 frame",
      points: [{ x: 960, y: 540, positive: true }],
      size: { imageWidth: 1920, imageHeight: 1080, resizeScale: 1024 / 1920 },
      coords: [512, 288, 0, 0],
      labels: [1, -1],
    },
    {
      name: "a positive and a negative click on a 600×800 portrait",
      points: [
        { x: 100, y: 200, positive: true },
        { x: 500, y: 750, positive: false },
      ],
      size: { imageWidth: 600, imageHeight: 800, resizeScale: 1.28 },
      coords: [128, 256, 640, 960, 0, 0],
      labels: [1, 0, -1],
    },
  ])("$name", ({ points, size, coords, labels }) => {
    const inputs = buildDecoderInputs({ points, ...size });
    expect(Array.from(inputs.coords)).toEqual(coords.map(v => expect.closeTo(v, 3) as number));
    expect(Array.from(inputs.labels)).toEqual(labels);
    expect(inputs.count).toBe(labels.length);
    expect(Array.from(inputs.origImSize)).toEqual([size.imageHeight, size.imageWidth]);
    expect(inputs.hasMaskInput[0]).toBe(0);
  });

  it("sends a dragged box as two corners labelled 2 and 3, top-left first, with no padding", () => {
    const inputs = buildDecoderInputs({
      points: [],
      // Dragged from bottom-right to top-left.
      box: { x0: 1500, y0: 900, x1: 300, y1: 150 },
      resizeScale: 1024 / 1920,
      imageWidth: 1920,
      imageHeight: 1080,
    });
    expect(Array.from(inputs.coords)).toEqual(
      [160, 80, 800, 480].map(v => expect.closeTo(v, 3) as number),
    );
    expect(Array.from(inputs.labels)).toEqual([2, 3]);
  });

  it("feeds a previous 256×256 mask back and flags it; a wrong-sized one is ignored", () => {
    const previous = new Float32Array(256 * 256).fill(3);
    const fed = buildDecoderInputs({
      points: [{ x: 1, y: 1, positive: true }],
      maskInput: previous,
      resizeScale: 1,
      imageWidth: 4,
      imageHeight: 4,
    });
    expect(fed.hasMaskInput[0]).toBe(1);
    expect(fed.maskInput[1000]).toBe(3);
    const ignored = buildDecoderInputs({
      points: [{ x: 1, y: 1, positive: true }],
      maskInput: new Float32Array(10),
      resizeScale: 1,
      imageWidth: 4,
      imageHeight: 4,
    });
    expect(ignored.hasMaskInput[0]).toBe(0);
    expect(ignored.maskInput.length).toBe(256 * 256);
  });
});

describe("readDecoderOutputs", () => {
  it("keeps the output with the best IoU, thresholded at logit 0, with its low-res logits", () => {
    const width = 2;
    const height = 2;
    // Two 2×2 masks: the second has the higher IoU.
    const masks = Float32Array.of(5, 5, 5, 5, -1, 2, 0, 0.5);
    const iou = Float32Array.of(0.4, 0.9);
    const lowRes = new Float32Array(2 * 256 * 256);
    lowRes.fill(1, 0, 256 * 256);
    lowRes.fill(-7, 256 * 256);
    const out = readDecoderOutputs({ masks, iou, lowRes, width, height });
    expect(Array.from(out.mask)).toEqual([0, 255, 0, 255]);
    expect(out.score).toBeCloseTo(0.9);
    expect(out.lowRes.length).toBe(256 * 256);
    expect(out.lowRes[123]).toBe(-7);
  });
});

describe("styleMask and tintMask", () => {
  it("inverts a binary mask and keeps it binary", () => {
    const mask = Uint8Array.of(0, 255, 255, 0);
    expect(Array.from(styleMask({ mask, width: 2, height: 2, style: { invert: true } }))).toEqual([
      255, 0, 0, 255,
    ]);
  });

  it("feathers an edge into greys and leaves far pixels alone", () => {
    const width = 40;
    const mask = new Uint8Array(width * 4);
    for (let y = 0; y < 4; y++) mask.fill(255, y * width, y * width + 20);
    const soft = styleMask({ mask, width, height: 4, style: { featherPx: 6 } });
    expect(soft[0]).toBe(255);
    expect(soft[39]).toBe(0);
    expect(soft[19]).toBeGreaterThan(0);
    expect(soft[19]).toBeLessThan(255);
  });

  it("tints inside pixels with the colour, scaling alpha by the mask value", () => {
    const rgba = tintMask(Uint8Array.of(0, 255, 128), [10, 20, 30, 100]);
    expect(Array.from(rgba)).toEqual([0, 0, 0, 0, 10, 20, 30, 100, 10, 20, 30, 50]);
  });
});
