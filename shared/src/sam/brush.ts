/**
 * Brush and eraser strokes on a mask (FEATURES §8). A stroke covers every pixel whose centre lies
 * within `radius` of the polyline through its points, so pointer events that arrive far apart on a
 * fast stroke still paint one continuous band (a pixel is the unit square [x, x+1)×[y, y+1), its
 * centre at x+0.5, y+0.5). Painting writes into the mask in place: a stroke is painted segment by
 * segment as the pointer moves, and copying a full-frame mask per pointer event would cost more
 * than the painting itself.
 */
import type { Box, Point } from "./coords";

export interface PaintStrokeOptions {
  /** Row-major mask of width×height values; written in place. */
  mask: Uint8Array;
  width: number;
  height: number;
  /** The pointer path in image pixels; one point paints a disc. */
  points: readonly Point[];
  /** Brush radius in image pixels (half the brush size). */
  radius: number;
  /** What to write: 255 paints (brush), 0 erases (eraser). */
  value: number;
}

/**
 * Paints `value` along `points` into `mask` (in place). Returns the rectangle of pixels it covered
 * (x1/y1 exclusive, clipped to the mask), or null when the stroke misses the mask entirely.
 */
export function paintStroke({
  mask,
  width,
  height,
  points,
  radius,
  value,
}: PaintStrokeOptions): Box | null {
  if (radius < 0 || !Number.isFinite(radius) || points.length === 0) return null;
  let covered: Box | null = null;
  const first = points[0]!;
  // A single point is a segment of length 0: a disc.
  for (let i = 0; i < Math.max(1, points.length - 1); i++) {
    const a = points[i] ?? first;
    const b = points[i + 1] ?? a;
    const box = paintSegment({ mask, width, height, a, b, radius, value });
    if (!box) continue;
    covered = covered
      ? {
          x0: Math.min(covered.x0, box.x0),
          y0: Math.min(covered.y0, box.y0),
          x1: Math.max(covered.x1, box.x1),
          y1: Math.max(covered.y1, box.y1),
        }
      : box;
  }
  return covered;
}

function paintSegment({
  mask,
  width,
  height,
  a,
  b,
  radius,
  value,
}: {
  mask: Uint8Array;
  width: number;
  height: number;
  a: Point;
  b: Point;
  radius: number;
  value: number;
}): Box | null {
  if (![a.x, a.y, b.x, b.y].every(Number.isFinite)) return null;
  // Pixel centres are at +0.5, so pixel x is in reach when |x + 0.5 - px| <= radius.
  const xStart = Math.max(0, Math.ceil(Math.min(a.x, b.x) - radius - 0.5));
  const xEnd = Math.min(width - 1, Math.floor(Math.max(a.x, b.x) + radius - 0.5));
  const yStart = Math.max(0, Math.ceil(Math.min(a.y, b.y) - radius - 0.5));
  const yEnd = Math.min(height - 1, Math.floor(Math.max(a.y, b.y) + radius - 0.5));
  if (xStart > xEnd || yStart > yEnd) return null;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const lengthSq = dx * dx + dy * dy;
  const radiusSq = radius * radius;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let y = yStart; y <= yEnd; y++) {
    const py = y + 0.5 - a.y;
    const row = y * width;
    for (let x = xStart; x <= xEnd; x++) {
      const px = x + 0.5 - a.x;
      // Distance from the pixel centre to the nearest point of segment a→b.
      const t = lengthSq === 0 ? 0 : Math.min(1, Math.max(0, (px * dx + py * dy) / lengthSq));
      const ex = px - t * dx;
      const ey = py - t * dy;
      if (ex * ex + ey * ey > radiusSq) continue;
      mask[row + x] = value;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}
