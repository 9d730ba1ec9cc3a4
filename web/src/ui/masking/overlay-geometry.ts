/**
 * Where the picture sits inside the player and how a pointer maps onto its pixels. The player
 * shows media with `object-fit: contain`: scaled to fit, centred, letterboxed on two sides.
 */
import type { Box, Point } from "@milimo/shared/sam";

export interface ContentRect {
  /** Offset of the picture inside the element, in CSS pixels. */
  left: number;
  top: number;
  width: number;
  height: number;
  /** CSS pixels per image pixel. */
  scale: number;
}

/** The picture's rectangle inside an element of `displayWidth`×`displayHeight` (contain fit). */
export function computeContentRect({
  displayWidth,
  displayHeight,
  imageWidth,
  imageHeight,
}: {
  displayWidth: number;
  displayHeight: number;
  imageWidth: number;
  imageHeight: number;
}): ContentRect {
  const scale = Math.min(displayWidth / imageWidth, displayHeight / imageHeight);
  const width = imageWidth * scale;
  const height = imageHeight * scale;
  return {
    left: (displayWidth - width) / 2,
    top: (displayHeight - height) / 2,
    width,
    height,
    scale,
  };
}

/**
 * A pointer position relative to the element (CSS pixels) in image pixels, clamped to the
 * picture; null when it falls in the letterbox.
 */
export function toImagePixel(
  { x, y }: Point,
  rect: ContentRect,
  image: { width: number; height: number },
): Point | null {
  const ix = (x - rect.left) / rect.scale;
  const iy = (y - rect.top) / rect.scale;
  if (ix < 0 || iy < 0 || ix > image.width || iy > image.height) return null;
  return { x: Math.min(ix, image.width - 0.5), y: Math.min(iy, image.height - 0.5) };
}

/** A drag from `a` to `b` (image pixels) as a box, or null when it is too small to be one. */
export function toDragBox(a: Point, b: Point, minSidePx: number): Box | null {
  if (Math.abs(b.x - a.x) < minSidePx && Math.abs(b.y - a.y) < minSidePx) return null;
  return {
    x0: Math.min(a.x, b.x),
    y0: Math.min(a.y, b.y),
    x1: Math.max(a.x, b.x),
    y1: Math.max(a.y, b.y),
  };
}

/** A pointer position relative to the element (CSS pixels) in image pixels, not clamped. */
export function toImagePosition({ x, y }: Point, rect: ContentRect): Point {
  return { x: (x - rect.left) / rect.scale, y: (y - rect.top) / rect.scale };
}
