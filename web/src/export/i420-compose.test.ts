import { describe, expect, it } from "vitest";
import {
  drawI420,
  drawPlane,
  i420Planes,
  i420Size,
  makeI420,
  nv12ToI420,
  rgbaToI420,
  type I420,
  type Plane,
} from "./i420-compose";

/** A plane whose value at (x, y) is `f(x, y)`. */
function plane(width: number, height: number, f: (x: number, y: number) => number): Plane {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = f(x, y);
  return { data, offset: 0, stride: width, width, height };
}
const at = (p: Plane, x: number, y: number) => p.data[p.offset + y * p.stride + x];

/** A flat I420 picture of one Y'CbCr colour. */
function flat(width: number, height: number, [y, u, v]: [number, number, number]): I420 {
  const image = makeI420(width, height);
  const [yp, up, vp] = i420Planes(image);
  image.data.fill(y, yp.offset, yp.offset + width * height);
  image.data.fill(u, up.offset, up.offset + up.width * up.height);
  image.data.fill(v, vp.offset, vp.offset + vp.width * vp.height);
  return image;
}

describe("drawPlane", () => {
  it("copies a same-size opaque picture exactly, clipped to the destination", () => {
    const src = plane(8, 4, (x, y) => 10 * y + x);
    const dst = plane(8, 4, () => 0);
    drawPlane({ src, dst, rect: { left: 2, top: 1, width: 8, height: 4 } });
    expect([at(dst, 0, 0), at(dst, 2, 1), at(dst, 7, 3), at(dst, 1, 1)]).toEqual([0, 0, 25, 0]);
  });

  it.each([
    ["opaque", 1, 200],
    ["half", 0.5, 125],
    ["quarter", 0.25, 88],
    ["invisible", 0, 50],
  ])("mixes at %s opacity", (_name, opacity, expected) => {
    const src = plane(4, 4, () => 200);
    const dst = plane(4, 4, () => 50);
    drawPlane({ src, dst, rect: { left: 0, top: 0, width: 4, height: 4 }, opacity });
    expect(at(dst, 1, 1)).toBe(expected);
  });

  it("halves a picture by averaging pixel pairs", () => {
    const src = plane(8, 2, x => (x % 2 === 0 ? 100 : 200));
    const dst = plane(4, 1, () => 0);
    drawPlane({ src, dst, rect: { left: 0, top: 0, width: 4, height: 1 } });
    expect([...dst.data]).toEqual([150, 150, 150, 150]);
  });

  it("doubles a picture without leaving its value range", () => {
    const src = plane(2, 1, x => (x === 0 ? 0 : 255));
    const dst = plane(4, 1, () => 7);
    drawPlane({ src, dst, rect: { left: 0, top: 0, width: 4, height: 1 } });
    expect([...dst.data]).toEqual([0, 64, 191, 255]);
  });

  it("draws nothing for a rect outside the destination", () => {
    const dst = plane(4, 4, () => 9);
    drawPlane({ src: plane(4, 4, () => 1), dst, rect: { left: 10, top: 0, width: 4, height: 4 } });
    expect([...dst.data].every(v => v === 9)).toBe(true);
  });
});

describe("drawI420", () => {
  it("puts a half-size overlay in its quadrant, chroma included", () => {
    const dst = flat(16, 8, [16, 128, 128]);
    drawI420({
      src: flat(16, 8, [150, 60, 200]),
      dst,
      rect: { left: 8, top: 4, width: 8, height: 4 },
    });
    const [y, u, v] = i420Planes(dst);
    expect([at(y, 0, 0), at(y, 8, 4), at(y, 15, 7), at(y, 7, 4)]).toEqual([16, 150, 150, 16]);
    expect([at(u, 4, 2), at(v, 4, 2), at(u, 3, 2), at(v, 0, 0)]).toEqual([60, 200, 128, 128]);
  });
});

describe("colour conversions", () => {
  it.each([
    ["black", [0, 0, 0], [16, 128, 128]],
    ["white", [255, 255, 255], [235, 128, 128]],
    ["red", [255, 0, 0], [63, 102, 240]],
    ["blue", [0, 0, 255], [32, 240, 118]],
  ] as const)("RGBA %s -> limited-range BT.709 %j", (_name, [r, g, b], expected) => {
    const rgba = new Uint8Array(4 * 4 * 4);
    for (let i = 0; i < 16; i++) rgba.set([r, g, b, 255], i * 4);
    const image = rgbaToI420({ rgba, width: 4, height: 4 });
    const [y, u, v] = i420Planes(image);
    expect([at(y, 3, 3), at(u, 1, 1), at(v, 0, 0)]).toEqual(expected);
  });

  it("reads BGRA byte order", () => {
    const bgra = new Uint8Array([255, 0, 0, 255, 255, 0, 0, 255, 255, 0, 0, 255, 255, 0, 0, 255]);
    const [y] = i420Planes(rgbaToI420({ rgba: bgra, width: 2, height: 2, order: "bgra" }));
    expect(at(y, 0, 0)).toBe(32);
  });

  it("de-interleaves NV12 chroma", () => {
    const nv12 = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 10, 20, 30, 40]);
    const image = nv12ToI420({ nv12, width: 4, height: 2 });
    expect(image.data.length).toBe(i420Size(4, 2));
    expect([...image.data]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 10, 30, 20, 40]);
  });
});
