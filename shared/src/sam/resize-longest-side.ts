// SAM's ResizeLongestSide transform (segment_anything/utils/transforms.py): the longest side is
// scaled to the encoder's input size, the other keeps the aspect ratio, and the image is padded
// on the right and bottom to a square.

/** Side of the square SAM encoder input, in pixels. */
export const SAM_INPUT_SIZE = 1024;
/** Side of the decoder's low-resolution mask logits, in pixels. */
export const SAM_LOW_RES_SIZE = 256;

export interface ResizeLongestSide {
  /** Original image size in pixels. */
  width: number;
  height: number;
  /** target / longest side. */
  scale: number;
  /** Size of the resized image inside the padded square, in pixels. */
  newWidth: number;
  newHeight: number;
  /** Side of the padded square (the encoder input), in pixels. */
  target: number;
  /** Padding added on the right and bottom to reach the square, in pixels. */
  padRight: number;
  padBottom: number;
}

/** SAM's resize for an image of `width`×`height` px; `target` defaults to 1024. Throws RangeError on bad sizes. */
export function computeResizeLongestSide({
  width,
  height,
  target = SAM_INPUT_SIZE,
}: {
  width: number;
  height: number;
  target?: number;
}): ResizeLongestSide {
  assertPositive(width, "Image width");
  assertPositive(height, "Image height");
  assertPositive(target, "Target size");
  const scale = target / Math.max(width, height);
  // Same rounding as get_preprocess_shape: int(x * scale + 0.5).
  const newWidth = Math.floor(width * scale + 0.5);
  const newHeight = Math.floor(height * scale + 0.5);
  return {
    width,
    height,
    scale,
    newWidth,
    newHeight,
    target,
    padRight: target - newWidth,
    padBottom: target - newHeight,
  };
}

/** Throws a RangeError unless `value` is a finite number above 0. */
export function assertPositive(value: number, label: string): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${label} must be a positive number, got ${String(value)}`);
  }
}
