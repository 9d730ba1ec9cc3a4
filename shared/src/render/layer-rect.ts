/**
 * Where a layer's picture lands in the output, the way the player's CSS places it: the source is
 * contained in the frame (letterboxed, centred, aspect kept), then scaled about the frame's centre
 * by `scale` and moved by `x`, `y` output pixels (`transform: translate(x, y) scale(s)` with a
 * centred origin).
 */

/** A rectangle in output pixels; may reach outside the frame. */
export type LayerRect = { left: number; top: number; width: number; height: number };

/** Output rectangle of a `sourceWidth`×`sourceHeight` picture in a `width`×`height` frame. */
export function computeLayerRect({
  sourceWidth,
  sourceHeight,
  width,
  height,
  x = 0,
  y = 0,
  scale = 1,
}: {
  sourceWidth: number;
  sourceHeight: number;
  width: number;
  height: number;
  x?: number;
  y?: number;
  scale?: number;
}): LayerRect {
  const fit = Math.min(width / sourceWidth, height / sourceHeight);
  const w = sourceWidth * fit * scale;
  const h = sourceHeight * fit * scale;
  return { left: (width - w) / 2 + x, top: (height - h) / 2 + y, width: w, height: h };
}

/**
 * The rect snapped to even whole pixels (4:2:0 chroma covers 2×2 pixels), at least 2×2: both
 * exporters composite at these integer positions so they agree to the pixel.
 */
export function snapLayerRect(rect: LayerRect): LayerRect {
  // "+ 0" turns -0 into 0.
  const even = (v: number) => 2 * Math.round(v / 2) + 0;
  const left = even(rect.left);
  const top = even(rect.top);
  return {
    left,
    top,
    width: Math.max(2, even(rect.left + rect.width) - left),
    height: Math.max(2, even(rect.top + rect.height) - top),
  };
}
