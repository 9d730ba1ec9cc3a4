/**
 * Test pictures that say who they are, for checking exports end to end: a clip is one solid colour
 * and each frame carries its number as a row of black/white blocks near the top-left corner. Blocks
 * are large (1/16 of the short side) so they survive lossy encoding and a half-size overlay; read
 * them back through the layer rect to learn which clip and which source frame landed where.
 */
import type { LayerRect } from "./layer-rect";

/** Bits of the frame number drawn (frames 0..1023). */
export const IDENTITY_BITS = 10;

/** Distinct mid-bright colours for test clips, so white and black blocks both stand out. */
export const IDENTITY_COLOURS = [
  [200, 40, 40],
  [40, 160, 60],
  [40, 70, 200],
  [200, 180, 30],
  [170, 50, 180],
  [30, 170, 180],
] as const satisfies readonly (readonly [number, number, number])[];

export type Rgb = readonly [number, number, number];

/** Side of one bit block in pixels: 1/16 of the short side, even, at least 4. */
export function identityBlockSize({ width, height }: { width: number; height: number }): number {
  return Math.max(4, 2 * Math.round(Math.min(width, height) / 32));
}

/** Centre of bit `k`'s block in source pixels (bit 0 is leftmost). */
export function identityBitCentre(
  size: { width: number; height: number },
  k: number,
): { x: number; y: number } {
  const b = identityBlockSize(size);
  return { x: b * (1.5 + k), y: 1.5 * b };
}

/** A point of plain clip colour, clear of the blocks: 80% across, 25% down. */
export function identityColourPoint(size: { width: number; height: number }): {
  x: number;
  y: number;
} {
  return { x: 0.8 * size.width, y: 0.25 * size.height };
}

/** Paints frame `frame` of a clip of colour `rgb` as packed RGB24 (width·height·3 bytes). */
export function paintIdentityFrame({
  width,
  height,
  rgb,
  frame,
}: {
  width: number;
  height: number;
  rgb: Rgb;
  frame: number;
}): Uint8Array {
  const out = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    out[i * 3] = rgb[0];
    out[i * 3 + 1] = rgb[1];
    out[i * 3 + 2] = rgb[2];
  }
  const b = identityBlockSize({ width, height });
  for (let k = 0; k < IDENTITY_BITS; k++) {
    const on = (frame >> (IDENTITY_BITS - 1 - k)) & 1;
    const x0 = b * (1 + k);
    for (let y = b; y < 2 * b && y < height; y++) {
      for (let x = x0; x < x0 + b && x < width; x++) {
        out.fill(on ? 255 : 0, (y * width + x) * 3, (y * width + x) * 3 + 3);
      }
    }
  }
  return out;
}

/** Mean colour of the (2r+1)² pixels around (x, y) of a packed RGB24 picture, clamped to it. */
export function averageRgb({
  rgb,
  width,
  height,
  x,
  y,
  radius,
}: {
  rgb: Uint8Array;
  width: number;
  height: number;
  x: number;
  y: number;
  radius: number;
}): Rgb {
  const sum = [0, 0, 0];
  let n = 0;
  const cx = Math.round(x);
  const cy = Math.round(y);
  for (let yy = Math.max(0, cy - radius); yy <= Math.min(height - 1, cy + radius); yy++) {
    for (let xx = Math.max(0, cx - radius); xx <= Math.min(width - 1, cx + radius); xx++) {
      const o = (yy * width + xx) * 3;
      sum[0] = (sum[0] as number) + (rgb[o] as number);
      sum[1] = (sum[1] as number) + (rgb[o + 1] as number);
      sum[2] = (sum[2] as number) + (rgb[o + 2] as number);
      n++;
    }
  }
  return n === 0
    ? [0, 0, 0]
    : [(sum[0] as number) / n, (sum[1] as number) / n, (sum[2] as number) / n];
}

/**
 * Reads the clip colour and frame number of a test clip that landed at `rect` in an output frame
 * (packed RGB24 `width`×`height`); `source` is the clip's own size.
 */
export function readIdentityFrame({
  rgb,
  width,
  height,
  rect,
  source,
}: {
  rgb: Uint8Array;
  width: number;
  height: number;
  rect: LayerRect;
  source: { width: number; height: number };
}): { frame: number; colour: Rgb } {
  const sx = rect.width / source.width;
  const sy = rect.height / source.height;
  const radius = Math.max(1, Math.floor((identityBlockSize(source) * sx) / 4));
  const at = (p: { x: number; y: number }) =>
    averageRgb({ rgb, width, height, x: rect.left + p.x * sx, y: rect.top + p.y * sy, radius });
  let frame = 0;
  for (let k = 0; k < IDENTITY_BITS; k++) {
    const [r, g, b] = at(identityBitCentre(source, k));
    frame = (frame << 1) | (0.299 * r + 0.587 * g + 0.114 * b > 128 ? 1 : 0);
  }
  return { frame, colour: at(identityColourPoint(source)) };
}

/** Index of the palette colour nearest to `rgb` (squared distance). */
export function nearestIdentityColour(rgb: Rgb): number {
  let best = 0;
  let bestDistance = Infinity;
  IDENTITY_COLOURS.forEach((c, i) => {
    const d = (c[0] - rgb[0]) ** 2 + (c[1] - rgb[1]) ** 2 + (c[2] - rgb[2]) ** 2;
    if (d < bestDistance) {
      bestDistance = d;
      best = i;
    }
  });
  return best;
}
