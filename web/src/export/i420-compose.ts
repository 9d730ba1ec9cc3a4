/**
 * Compositing in I420 (the decoders' and encoders' own format), in plain typed-array loops. Without
 * a GPU a 2D canvas converts every frame to RGB and back in software, which made a 720p overlay
 * export slower than real time; blending in Y'CbCr is exact for opacity (the RGB -> Y'CbCr map is
 * affine, so mixing commutes with it) and bilinear scaling per plane is what a scaler does anyway.
 */

/** A tightly packed I420 picture: Y (w·h), then U and V (ceil(w/2)·ceil(h/2) each). */
export type I420 = { width: number; height: number; data: Uint8Array };

/** One plane of an I420 picture. */
export type Plane = {
  data: Uint8Array;
  offset: number;
  stride: number;
  width: number;
  height: number;
};

/** An integer rectangle in luma pixels (even left/top keep chroma aligned). */
export type PixelRect = { left: number; top: number; width: number; height: number };

/** Limited-range black: Y 16, Cb = Cr = 128. */
export const I420_BLACK = { y: 16, u: 128, v: 128 } as const;

/** Bytes of a tight I420 picture. */
export function i420Size(width: number, height: number): number {
  const cw = (width + 1) >> 1;
  const ch = (height + 1) >> 1;
  return width * height + 2 * cw * ch;
}

/** A black I420 picture (optionally over an existing buffer of the right size). */
export function makeI420(width: number, height: number, data?: Uint8Array): I420 {
  const image = { width, height, data: data ?? new Uint8Array(i420Size(width, height)) };
  fillI420Black(image);
  return image;
}

/** Paints the picture black. */
export function fillI420Black(image: I420): void {
  const luma = image.width * image.height;
  image.data.fill(I420_BLACK.y, 0, luma);
  image.data.fill(I420_BLACK.u, luma);
}

/** Y, U and V planes of a tight I420 picture. */
export function i420Planes(image: I420): [Plane, Plane, Plane] {
  const { width, height, data } = image;
  const cw = (width + 1) >> 1;
  const ch = (height + 1) >> 1;
  const luma = width * height;
  return [
    { data, offset: 0, stride: width, width, height },
    { data, offset: luma, stride: cw, width: cw, height: ch },
    { data, offset: luma + cw * ch, stride: cw, width: cw, height: ch },
  ];
}

/** `VideoFrame.copyTo` layout of a tight I420 picture. */
export function i420Layout(width: number, height: number): PlaneLayout[] {
  const cw = (width + 1) >> 1;
  const ch = (height + 1) >> 1;
  return [
    { offset: 0, stride: width },
    { offset: width * height, stride: cw },
    { offset: width * height + cw * ch, stride: cw },
  ];
}

/**
 * Draws `src` scaled (bilinear) into `rect` of `dst`, clipped to `dst`, mixed at `opacity` 0..1.
 * A same-size opaque draw is a row copy.
 */
export function drawPlane({
  src,
  dst,
  rect,
  opacity = 1,
}: {
  src: Plane;
  dst: Plane;
  rect: PixelRect;
  opacity?: number;
}): void {
  const x0 = Math.max(0, rect.left);
  const y0 = Math.max(0, rect.top);
  const x1 = Math.min(dst.width, rect.left + rect.width);
  const y1 = Math.min(dst.height, rect.top + rect.height);
  if (x1 <= x0 || y1 <= y0 || rect.width <= 0 || rect.height <= 0) return;
  const alpha = Math.round(Math.min(1, Math.max(0, opacity)) * 256);
  if (alpha === 0) return;
  const s = src.data;
  const d = dst.data;

  if (alpha === 256 && rect.width === src.width && rect.height === src.height) {
    for (let y = y0; y < y1; y++) {
      const from = src.offset + (y - rect.top) * src.stride + (x0 - rect.left);
      d.set(s.subarray(from, from + (x1 - x0)), dst.offset + y * dst.stride + x0);
    }
    return;
  }

  // Source sample positions per output column: centres map to centres.
  const n = x1 - x0;
  const xi0 = new Int32Array(n);
  const xi1 = new Int32Array(n);
  const xf = new Int32Array(n);
  const sx = src.width / rect.width;
  for (let k = 0; k < n; k++) {
    const pos = Math.min(src.width - 1, Math.max(0, (x0 + k - rect.left + 0.5) * sx - 0.5));
    const i = Math.floor(pos);
    xi0[k] = i;
    xi1[k] = Math.min(src.width - 1, i + 1);
    xf[k] = Math.round((pos - i) * 256);
  }
  const sy = src.height / rect.height;
  for (let y = y0; y < y1; y++) {
    const pos = Math.min(src.height - 1, Math.max(0, (y - rect.top + 0.5) * sy - 0.5));
    const iy = Math.floor(pos);
    const fy = Math.round((pos - iy) * 256);
    const row0 = src.offset + iy * src.stride;
    const row1 = src.offset + Math.min(src.height - 1, iy + 1) * src.stride;
    let o = dst.offset + y * dst.stride + x0;
    for (let k = 0; k < n; k++, o++) {
      const a = xi0[k] as number;
      const b = xi1[k] as number;
      const f = xf[k] as number;
      const top = (s[row0 + a] as number) * (256 - f) + (s[row0 + b] as number) * f;
      const bottom = (s[row1 + a] as number) * (256 - f) + (s[row1 + b] as number) * f;
      const v = (top * (256 - fy) + bottom * fy + 32768) >> 16;
      if (alpha === 256) d[o] = v;
      else {
        const under = d[o] as number;
        d[o] = under + (((v - under) * alpha + 128) >> 8);
      }
    }
  }
}

/** Draws a whole I420 picture into `rect` (luma pixels, even left/top) of `dst` at `opacity`. */
export function drawI420({
  src,
  dst,
  rect,
  opacity = 1,
}: {
  src: I420;
  dst: I420;
  rect: PixelRect;
  opacity?: number;
}): void {
  const [sy, su, sv] = i420Planes(src);
  const [dy, du, dv] = i420Planes(dst);
  drawPlane({ src: sy, dst: dy, rect, opacity });
  const chroma: PixelRect = {
    left: rect.left >> 1,
    top: rect.top >> 1,
    width: (rect.width + 1) >> 1,
    height: (rect.height + 1) >> 1,
  };
  drawPlane({ src: su, dst: du, rect: chroma, opacity });
  drawPlane({ src: sv, dst: dv, rect: chroma, opacity });
}

/**
 * RGBA (or RGBX) pixels -> limited-range BT.709 I420, chroma from the 2×2 mean; `order` "bgra"
 * reads BGRA/BGRX. Used for images and for frames a decoder hands over in an RGB format.
 */
export function rgbaToI420({
  rgba,
  width,
  height,
  order = "rgba",
  out,
}: {
  rgba: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  order?: "rgba" | "bgra";
  out?: I420;
}): I420 {
  const image = out ?? makeI420(width, height);
  const [yp, up, vp] = i420Planes(image);
  const d = image.data;
  const ri = order === "rgba" ? 0 : 2;
  const bi = 2 - ri;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      const r = rgba[p + ri] as number;
      const g = rgba[p + 1] as number;
      const b = rgba[p + bi] as number;
      d[yp.offset + y * yp.stride + x] = Math.round(16 + 0.1826 * r + 0.6142 * g + 0.062 * b);
    }
  }
  for (let cy = 0; cy < up.height; cy++) {
    for (let cx = 0; cx < up.width; cx++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let n = 0;
      for (let dy = 0; dy < 2; dy++) {
        const y = Math.min(height - 1, 2 * cy + dy);
        for (let dx = 0; dx < 2; dx++) {
          const p = (y * width + Math.min(width - 1, 2 * cx + dx)) * 4;
          r += rgba[p + ri] as number;
          g += rgba[p + 1] as number;
          b += rgba[p + bi] as number;
          n++;
        }
      }
      r /= n;
      g /= n;
      b /= n;
      d[up.offset + cy * up.stride + cx] = Math.round(128 - 0.1006 * r - 0.3386 * g + 0.4392 * b);
      d[vp.offset + cy * vp.stride + cx] = Math.round(128 + 0.4392 * r - 0.3989 * g - 0.0403 * b);
    }
  }
  return image;
}

/** NV12 (Y plane, then interleaved UV) -> tight I420. */
export function nv12ToI420({
  nv12,
  width,
  height,
  out,
}: {
  nv12: Uint8Array;
  width: number;
  height: number;
  out?: I420;
}): I420 {
  const image = out ?? makeI420(width, height);
  const [, up, vp] = i420Planes(image);
  const luma = width * height;
  image.data.set(nv12.subarray(0, luma), 0);
  const cw = up.width;
  for (let i = 0; i < cw * up.height; i++) {
    image.data[up.offset + i] = nv12[luma + 2 * i] as number;
    image.data[vp.offset + i] = nv12[luma + 2 * i + 1] as number;
  }
  return image;
}
