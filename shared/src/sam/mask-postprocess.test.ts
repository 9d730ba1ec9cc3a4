import { describe, expect, it } from "vitest";
import {
  featherMask,
  invertMask,
  maskToBox,
  pickBestMask,
  thresholdMask,
  upscaleMask,
} from "./mask-postprocess";

describe("upscaleMask", () => {
  it("matches PyTorch bilinear (align_corners=False) on a hand-computed ramp", () => {
    // 2x2 logits [0 4; 0 4] to a 4x4 square: columns sample at -0.25, 0.25, 0.75, 1.25.
    const out = upscaleMask({
      logits: Float32Array.of(0, 4, 0, 4),
      logitsSize: 2,
      target: 4,
      width: 4,
      height: 4,
    });
    expect([...out.subarray(0, 4)]).toEqual([0, 1, 3, 4]);
    expect([...out.subarray(12, 16)]).toEqual([0, 1, 3, 4]);
  });

  it("returns one logit per original pixel", () => {
    const out = upscaleMask({
      logits: new Float32Array(256 * 256).fill(2),
      width: 1920,
      height: 1080,
    });
    expect(out.length).toBe(1920 * 1080);
    expect(out.every(v => v === 2)).toBe(true);
  });

  it("keeps the half-way edge of a square image in place", () => {
    const logits = new Float32Array(256 * 256);
    for (let i = 0; i < logits.length; i++) logits[i] = i % 256 < 128 ? 1 : -1;
    const out = upscaleMask({ logits, width: 512, height: 512 });
    expect(out[255]).toBeGreaterThan(0);
    expect(out[256]).toBeLessThan(0);
    expect(out[511 * 512 + 255]).toBeGreaterThan(0);
  });

  it("crops the padding so it never shows in a wide frame's mask", () => {
    // 1920x1080 fills rows 0..575 of the 1024 square, i.e. rows 0..143 of the 256 logits.
    const logits = new Float32Array(256 * 256);
    for (let i = 0; i < logits.length; i++) logits[i] = Math.floor(i / 256) >= 144 ? 10 : -10;
    const out = upscaleMask({ logits, width: 1920, height: 1080 });
    expect(out.every(v => v < 0)).toBe(true);
  });

  it("rejects logits smaller than the stated size", () => {
    expect(() => upscaleMask({ logits: new Float32Array(10), width: 4, height: 4 })).toThrow(
      RangeError,
    );
  });
});

describe("thresholdMask", () => {
  it("is true binary: 255 above 0, else 0", () => {
    const logits = Float32Array.of(-3, 0, 0.001, 5, Number.NaN, -0.0001);
    expect([...thresholdMask(logits)]).toEqual([0, 0, 255, 255, 0, 0]);
  });

  it("takes another threshold", () => {
    expect([...thresholdMask(Float32Array.of(0.5, 1.5), 1)]).toEqual([0, 255]);
  });
});

describe("maskToBox", () => {
  it("bounds the on pixels with exclusive right and bottom edges", () => {
    const data = new Uint8Array(5 * 4);
    data[1 * 5 + 1] = 255;
    data[2 * 5 + 3] = 255;
    expect(maskToBox({ data, width: 5, height: 4 })).toEqual({ x0: 1, y0: 1, x1: 4, y1: 3 });
  });

  it("covers the whole frame for a full mask", () => {
    const data = new Uint8Array(6).fill(255);
    expect(maskToBox({ data, width: 3, height: 2 })).toEqual({ x0: 0, y0: 0, x1: 3, y1: 2 });
  });

  it("is null for an empty mask, ignoring faint feathered pixels", () => {
    expect(maskToBox({ data: Uint8Array.of(0, 40, 127, 0), width: 2, height: 2 })).toBeNull();
  });
});

describe("pickBestMask", () => {
  const masks = Float32Array.of(1, 1, 2, 2, 3, 3);

  it("picks the highest predicted IoU", () => {
    const best = pickBestMask({
      masks,
      iouPredictions: Float32Array.of(0.2, 0.9, 0.5),
      width: 2,
      height: 1,
    });
    expect(best.index).toBe(1);
    expect(best.score).toBeCloseTo(0.9, 6);
    expect([...best.logits]).toEqual([2, 2]);
  });

  it("never picks a NaN score", () => {
    const best = pickBestMask({
      masks,
      iouPredictions: Float32Array.of(Number.NaN, 0.1, 0.3),
      width: 2,
      height: 1,
    });
    expect(best.index).toBe(2);
  });

  it("keeps the first of equal scores", () => {
    const best = pickBestMask({
      masks,
      iouPredictions: Float32Array.of(0.5, 0.5, 0.1),
      width: 2,
      height: 1,
    });
    expect(best.index).toBe(0);
  });

  it("throws when there is no usable mask", () => {
    expect(() =>
      pickBestMask({ masks, iouPredictions: Float32Array.of(Number.NaN), width: 2, height: 1 }),
    ).toThrow(RangeError);
    expect(() =>
      pickBestMask({
        masks: new Float32Array(0),
        iouPredictions: Float32Array.of(1),
        width: 2,
        height: 1,
      }),
    ).toThrow(RangeError);
  });
});

describe("invertMask", () => {
  it("swaps on and off and undoes itself", () => {
    const data = Uint8Array.of(0, 255, 100);
    expect([...invertMask(data)]).toEqual([255, 0, 155]);
    expect([...invertMask(invertMask(data))]).toEqual([...data]);
  });
});

describe("featherMask", () => {
  // 20x3 mask: columns 0..9 off, 10..19 on.
  const width = 20;
  const height = 3;
  const step = new Uint8Array(width * height).map((_, i) => (i % width >= 10 ? 255 : 0));

  it("softens the edge over the radius and leaves pixels beyond it alone", () => {
    const out = featherMask({ data: step, width, height, radiusPx: 6 });
    const row = [...out.subarray(width, 2 * width)];
    expect(row.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(row.slice(16)).toEqual([255, 255, 255, 255]);
    expect(row[9]).toBeGreaterThan(0);
    expect(row[10]).toBeLessThan(255);
    expect(row[9]! + row[10]!).toBeGreaterThanOrEqual(254);
    expect(row[9]! + row[10]!).toBeLessThanOrEqual(256);
    for (let x = 1; x < width; x++) expect(row[x]).toBeGreaterThanOrEqual(row[x - 1]!);
  });

  it("keeps a full mask full and an empty mask empty", () => {
    const full = new Uint8Array(64).fill(255);
    expect(
      featherMask({ data: full, width: 8, height: 8, radiusPx: 9 }).every(v => v === 255),
    ).toBe(true);
    expect(
      featherMask({ data: new Uint8Array(64), width: 8, height: 8, radiusPx: 9 }).every(
        v => v === 0,
      ),
    ).toBe(true);
  });

  it("returns an unchanged copy for radius 0", () => {
    const out = featherMask({ data: step, width, height, radiusPx: 0 });
    expect(out).not.toBe(step);
    expect([...out]).toEqual([...step]);
  });

  it("rejects a negative radius", () => {
    expect(() => featherMask({ data: step, width, height, radiusPx: -1 })).toThrow(RangeError);
  });
});
