/**
 * Pictures, masks and comparisons the inpaint tests share: 8×8 single-colour blocks (the fixture VAE
 * round-trips those exactly), rectangle masks, and per-channel differences over chosen pixels.
 */

/** A rectangle [x0, x1) × [y0, y1) in pixels. */
export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** 8×8 single-colour blocks as RGB; `frame` drifts two channels a little, like a slow pan. */
export function makeBlockPicture({
  width,
  height,
  frame = 0,
}: {
  width: number;
  height: number;
  frame?: number;
}): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bx = Math.floor(x / 8);
      const by = Math.floor(y / 8);
      rgb.set(
        [
          (bx * 37 + 60 + frame * 6) % 256,
          (by * 53 + 90) % 256,
          ((bx + by) * 29 + 20 + frame * 4) % 256,
        ],
        (y * width + x) * 3,
      );
    }
  }
  return rgb;
}

/** 255 inside `rect`, 0 elsewhere (all 0 for null). */
export function makeRectMask({
  width,
  height,
  rect,
}: {
  width: number;
  height: number;
  rect: Rect | null;
}): Uint8Array {
  const mask = new Uint8Array(width * height);
  if (!rect) return mask;
  for (let y = rect.y0; y < rect.y1; y++) mask.fill(255, y * width + rect.x0, y * width + rect.x1);
  return mask;
}

/** Largest and mean absolute channel difference of two RGB pictures where `where(pixel)` holds. */
export function compareRgb(a: Uint8Array, b: Uint8Array, where: (pixel: number) => boolean) {
  let max = 0;
  let sum = 0;
  let count = 0;
  for (let p = 0; p < a.length / 3; p++) {
    if (!where(p)) continue;
    for (let c = 0; c < 3; c++) {
      const d = Math.abs(a[p * 3 + c]! - b[p * 3 + c]!);
      max = Math.max(max, d);
      sum += d;
      count++;
    }
  }
  return { max, mean: sum / Math.max(1, count) };
}
