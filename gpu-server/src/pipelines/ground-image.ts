/**
 * A decoded picture to a grounding model's `pixel_values` (float32 1×3×S×S) the way the OWLv2
 * processor does it: "pad" keeps the aspect ratio (the picture fills the top-left of the square,
 * the rest is `padValue` grey), "stretch" resizes both sides to S (OWL-ViT v1). Bilinear sampling
 * with half-pixel centres; values are (pixel / 255 − mean) / std.
 */
import type { GroundingConfig } from "./ground-config";
import type { RgbImage } from "./sam-image";

/** Size of the picture inside the S×S square, in model pixels. */
export function fittedSize(args: {
  width: number;
  height: number;
  size: number;
  fit: GroundingConfig["fit"];
}): { width: number; height: number } {
  const { width, height, size } = args;
  if (args.fit === "stretch") return { width: size, height: size };
  const scale = size / Math.max(width, height);
  return {
    width: Math.max(1, Math.min(size, Math.round(width * scale))),
    height: Math.max(1, Math.min(size, Math.round(height * scale))),
  };
}

/** The detector input for `image`; `dims` is [1, 3, S, S]. */
export function preprocessForGrounding(
  image: RgbImage,
  config: Pick<GroundingConfig, "imageSize" | "imageMean" | "imageStd" | "fit" | "padValue">,
): { data: Float32Array; dims: [1, 3, number, number] } {
  const S = config.imageSize;
  const plane = S * S;
  const out = new Float32Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    const pad = (config.padValue - config.imageMean[c]!) / config.imageStd[c]!;
    out.fill(pad, c * plane, (c + 1) * plane);
  }
  const target = fittedSize({ ...image, size: S, fit: config.fit });
  const sx = image.width / target.width;
  const sy = image.height / target.height;
  const src = image.data;
  const maxX = image.width - 1;
  const maxY = image.height - 1;
  const k = [0, 1, 2].map(c => 1 / (255 * config.imageStd[c]!));
  const b = [0, 1, 2].map(c => -config.imageMean[c]! / config.imageStd[c]!);
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
      const o = y * S + x;
      for (let c = 0; c < 3; c++) {
        const top = src[i00 + c]! * (1 - wx) + src[i01 + c]! * wx;
        const bottom = src[i10 + c]! * (1 - wx) + src[i11 + c]! * wx;
        out[c * plane + o] = (top * (1 - wy) + bottom * wy) * k[c]! + b[c]!;
      }
    }
  }
  return { data: out, dims: [1, 3, S, S] };
}
