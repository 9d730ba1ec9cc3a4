/**
 * Bilinear resize of an RGB picture into the top-left corner of a planar float32 tensor (3 planes of
 * side × side), half-pixel centres and clamped edges, each value written as
 * (pixel × inputScale − mean[c]) / std[c]. The SAM encoder and the grounding detector both take their
 * input this way; they differ only in the square, the picture's size in it and the constants. The
 * rest of the tensor is left as the caller filled it (zeros, or a padding grey).
 */
import type { RgbImage } from "./sam-image";

/** Writes `image` resized to `target` into `out` ([3, side, side], row-major per plane). */
export function writeResizedPlanes({
  image,
  target,
  out,
  side,
  inputScale,
  mean,
  std,
}: {
  image: RgbImage;
  target: { width: number; height: number };
  out: Float32Array;
  side: number;
  /** Pixel values (0..255) are multiplied by this before the mean is taken off: 1 or 1/255. */
  inputScale: number;
  mean: readonly number[];
  std: readonly number[];
}): void {
  const plane = side * side;
  const sx = image.width / target.width;
  const sy = image.height / target.height;
  const src = image.data;
  const maxX = image.width - 1;
  const maxY = image.height - 1;
  for (let y = 0; y < target.height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), maxY);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, maxY);
    const wy = fy - y0;
    for (let x = 0; x < target.width; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), maxX);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, maxX);
      const wx = fx - x0;
      const i00 = (y0 * image.width + x0) * 3;
      const i01 = (y0 * image.width + x1) * 3;
      const i10 = (y1 * image.width + x0) * 3;
      const i11 = (y1 * image.width + x1) * 3;
      const o = y * side + x;
      for (let c = 0; c < 3; c++) {
        const top = src[i00 + c]! * (1 - wx) + src[i01 + c]! * wx;
        const bottom = src[i10 + c]! * (1 - wx) + src[i11 + c]! * wx;
        const v = top * (1 - wy) + bottom * wy;
        out[c * plane + o] = (v * inputScale - mean[c]!) / std[c]!;
      }
    }
  }
}
