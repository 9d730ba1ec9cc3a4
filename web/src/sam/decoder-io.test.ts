import { describe, expect, it } from "vitest";
import { thresholdMask, upscaleMask } from "@milimo/shared/sam";
import {
  buildDecoderInputs,
  matchesSamPostprocess,
  readDecoderOutputs,
  readLowResOutputs,
  styleMask,
  tintMask,
  upscaleLowResLogits,
  upscaleLowResMask,
} from "./decoder-io";

const LOW = 256 * 256;

/** Deterministic uneven logits in about ±3, with edges in both directions. */
function wavyLogits(seed: number): Float32Array {
  const out = new Float32Array(LOW);
  for (let i = 0; i < LOW; i++) {
    const x = i % 256;
    const y = Math.floor(i / 256);
    out[i] = 3 * Math.sin(x * 0.11 + seed) * Math.cos(y * 0.07 - seed) + Math.sin(i * 0.013);
  }
  return out;
}

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

// The worker upscales only the chosen low-res mask itself (the graph is fed a 1×1024
// orig_im_size), so these must give what the SAM export's own post-processing gives.
describe("upscaleLowResLogits", () => {
  it.each([
    { width: 1280, height: 720 },
    { width: 720, height: 1280 },
    { width: 1920, height: 1080 },
    { width: 640, height: 360 },
    { width: 1024, height: 1024 },
    { width: 33, height: 17 },
  ])("equals SAM's postprocess_masks on a $width×$height picture", ({ width, height }) => {
    const logits = wavyLogits(width / height);
    const mine = upscaleLowResLogits({ logits, width, height });
    const reference = upscaleMask({ logits, width, height });
    expect(mine.length).toBe(width * height);
    let worst = 0;
    for (let i = 0; i < mine.length; i++) {
      worst = Math.max(worst, Math.abs(mine[i]! - reference[i]!));
    }
    expect(worst).toBeLessThan(1e-4);
  });

  it("keeps a mask's edge where the 1024 crop puts it, not where a plain stretch would", () => {
    // Low-res rows 0..127 on, the rest off: the edge sits at row 127.5 of 256, i.e. 511.5 of the
    // padded 1024 square, of which a 1280×720 picture covers 576 rows: picture row 639.5.
    const logits = new Float32Array(LOW).fill(-4);
    logits.fill(4, 0, 128 * 256);
    const mask = upscaleLowResMask({ logits, width: 1280, height: 720 });
    expect(mask.length).toBe(1280 * 720);
    expect(mask[639 * 1280 + 17]).toBe(255);
    expect(mask[640 * 1280 + 17]).toBe(0);
    expect(mask[719 * 1280 + 1279]).toBe(0);
  });

  it("thresholds at logit 0 exactly like the float path", () => {
    const logits = wavyLogits(0.5);
    const size = { width: 1280, height: 720 };
    const mask = upscaleLowResMask({ logits, ...size });
    const expected = thresholdMask(upscaleLowResLogits({ logits, ...size }));
    let differing = 0;
    for (let i = 0; i < mask.length; i++) if (mask[i] !== expected[i]) differing++;
    expect(mask.length).toBe(expected.length);
    expect(differing).toBe(0);
    expect(mask.includes(0) && mask.includes(255)).toBe(true);
  });
});

describe("matchesSamPostprocess", () => {
  const width = 96;
  const height = 64;
  const lowRes = new Float32Array(2 * LOW);
  lowRes.set(wavyLogits(1), 0);
  lowRes.set(wavyLogits(2), LOW);
  const graphMasksOf = (upscale: (logits: Float32Array) => Float32Array) => {
    const out = new Float32Array(2 * width * height);
    for (let m = 0; m < 2; m++) {
      out.set(upscale(lowRes.subarray(m * LOW, (m + 1) * LOW)), m * width * height);
    }
    return out;
  };
  const dims = [1, 2, height, width];

  it.each([
    {
      name: "accepts a decoder whose masks are SAM's post-processing",
      masks: graphMasksOf(logits => upscaleMask({ logits, width, height })),
      expected: true,
    },
    {
      name: "rejects masks cropped from the 256² logits directly (the test fixture's way)",
      masks: graphMasksOf(logits => upscaleMask({ logits, width, height, target: 256 })),
      expected: false,
    },
    {
      name: "rejects flat masks, which prove nothing",
      masks: new Float32Array(2 * width * height).fill(1.5),
      expected: false,
    },
  ])("$name", ({ masks, expected }) => {
    expect(matchesSamPostprocess({ graphMasks: masks, dims, lowRes, width, height })).toBe(
      expected,
    );
  });

  it("rejects masks of another size", () => {
    const masks = graphMasksOf(logits => upscaleMask({ logits, width, height }));
    expect(
      matchesSamPostprocess({
        graphMasks: masks,
        dims: [1, 2, width, height],
        lowRes,
        width,
        height,
      }),
    ).toBe(false);
  });
});

describe("readLowResOutputs", () => {
  it("upscales the best-IoU low-res mask to the picture and returns its own logits", () => {
    const lowRes = new Float32Array(3 * LOW).fill(-2);
    lowRes.fill(2, LOW, 2 * LOW); // the second mask covers everything
    const out = readLowResOutputs({
      iou: Float32Array.of(0.3, 0.8, 0.5),
      lowRes,
      width: 1920,
      height: 1080,
    });
    expect(out.score).toBeCloseTo(0.8);
    expect(out.mask.length).toBe(1920 * 1080);
    expect(out.mask.every(v => v === 255)).toBe(true);
    expect(out.lowRes.length).toBe(LOW);
    expect(out.lowRes[5]).toBe(2);
    lowRes.fill(0);
    expect(out.lowRes[5]).toBe(2);
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
