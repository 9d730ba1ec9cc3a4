import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeMaskRle, encodeMaskRle } from "./mask-rle";

describe("encodeMaskRle", () => {
  it.each([
    [
      [0, 0, 255, 255, 255, 0, 255],
      [2, 3, 1, 1],
    ],
    [
      [255, 0],
      [0, 1, 1],
    ],
    [[0, 0, 0], [3]],
    [
      [255, 255],
      [0, 2],
    ],
  ])("%j -> runs %j", (pixels, runs) => {
    const rle = encodeMaskRle({ data: Uint8Array.from(pixels), width: pixels.length, height: 1 });
    expect([...rle.counts]).toEqual(runs);
  });

  it("runs row-major across rows", () => {
    const rle = encodeMaskRle({ data: Uint8Array.of(0, 255, 255, 0), width: 2, height: 2 });
    expect(rle).toMatchObject({ width: 2, height: 2 });
    expect([...rle.counts]).toEqual([1, 2, 1]);
  });

  it("round-trips any binary mask", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 1, max: 24 }),
        fc.array(fc.boolean(), { minLength: 576, maxLength: 576 }),
        (width, height, bits) => {
          const data = Uint8Array.from(bits.slice(0, width * height), on => (on ? 255 : 0));
          const decoded = decodeMaskRle(encodeMaskRle({ data, width, height }));
          expect(decoded).toEqual({ data, width, height });
        },
      ),
      { numRuns: 200 },
    );
  });

  it("reads grey pixels from 128 up as on", () => {
    const rle = encodeMaskRle({ data: Uint8Array.of(127, 128, 200), width: 3, height: 1 });
    expect([...decodeMaskRle(rle).data]).toEqual([0, 255, 255]);
  });

  it("is compact for a large solid region", () => {
    const data = new Uint8Array(1920 * 1080);
    data.fill(255, 1920 * 500, 1920 * 600);
    expect(encodeMaskRle({ data, width: 1920, height: 1080 }).counts.length).toBe(3);
  });
});

describe("decodeMaskRle", () => {
  it("rejects runs that do not cover the mask", () => {
    expect(() => decodeMaskRle({ width: 2, height: 2, counts: Uint32Array.of(1, 2) })).toThrow(
      RangeError,
    );
  });
});
