/**
 * A decoded picture to a grounding model's `pixel_values` (float32 1×3×S×S) the way the OWLv2
 * processor does it: "pad" keeps the aspect ratio (the picture fills the top-left of the square,
 * the rest is `padValue` grey), "stretch" resizes both sides to S (OWL-ViT v1). Bilinear sampling
 * with half-pixel centres; values are (pixel / 255 − mean) / std.
 */
import type { GroundingConfig } from "./ground-config";
import { writeResizedPlanes } from "./resize-to-planes";
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
  writeResizedPlanes({
    image,
    target,
    out,
    side: S,
    inputScale: 1 / 255,
    mean: config.imageMean,
    std: config.imageStd,
  });
  return { data: out, dims: [1, 3, S, S] };
}
