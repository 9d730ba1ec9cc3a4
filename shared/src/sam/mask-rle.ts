import { MASK_ON, type Mask } from "./mask-postprocess";

/** A mask as alternating run lengths, row-major, starting with an "off" run (which may be 0). */
export interface MaskRle {
  width: number;
  height: number;
  counts: Uint32Array;
}

/** Run-length encodes a mask; pixels >= 128 are "on". Decoding gives the binary 0/255 mask back. */
export function encodeMaskRle({ data, width, height }: Mask): MaskRle {
  const size = width * height;
  const runs: number[] = [];
  let on = false;
  let run = 0;
  for (let i = 0; i < size; i++) {
    const pixelOn = (data[i] ?? 0) >= MASK_ON;
    if (pixelOn !== on) {
      runs.push(run);
      on = pixelOn;
      run = 0;
    }
    run++;
  }
  runs.push(run);
  return { width, height, counts: Uint32Array.from(runs) };
}

/** Decodes run lengths to a 0/255 mask; throws RangeError when the runs do not cover width×height. */
export function decodeMaskRle({ width, height, counts }: MaskRle): Mask {
  const size = width * height;
  let total = 0;
  for (const count of counts) total += count;
  if (total !== size) {
    throw new RangeError(`Mask runs cover ${total} pixels; a ${width}x${height} mask has ${size}`);
  }
  const data = new Uint8Array(size);
  let at = 0;
  counts.forEach((count, i) => {
    if (i % 2 === 1) data.fill(255, at, at + count);
    at += count;
  });
  return { data, width, height };
}
