import { describe, expect, it } from "vitest";
import { MASK_PROMPT_LOGIT, maskToLowResLogits } from "./mask-logits";

const SIDE = 256;
const at = (logits: Float32Array, i: number, j: number) => logits[j * SIDE + i];

describe("maskToLowResLogits", () => {
  it("samples a 512×512 mask at (2i+1, 2j+1): scale 2, cells of 4 encoder pixels", () => {
    // Left half on (x < 256): cell i samples x = floor((i + 0.5)·4 / 2) = 2i + 1.
    const width = 512;
    const data = new Uint8Array(width * width);
    for (let y = 0; y < width; y++) data.fill(255, y * width, y * width + 256);
    const logits = maskToLowResLogits({ data, width, height: width });
    expect(logits).toHaveLength(SIDE * SIDE);
    expect(at(logits, 0, 0)).toBe(MASK_PROMPT_LOGIT);
    expect(at(logits, 127, 200)).toBe(MASK_PROMPT_LOGIT); // x = 255
    expect(at(logits, 128, 200)).toBe(-MASK_PROMPT_LOGIT); // x = 257
    expect(at(logits, 255, 255)).toBe(-MASK_PROMPT_LOGIT);
  });

  it("reads the single pixel under each cell centre", () => {
    // Only pixel (7, 3) is on: cell (3, 1) samples it (2·3+1 = 7, 2·1+1 = 3), nothing else does.
    const width = 512;
    const data = new Uint8Array(width * width);
    data[3 * width + 7] = 255;
    const logits = maskToLowResLogits({ data, width, height: width });
    const on = logits.reduce((n, v) => n + (v > 0 ? 1 : 0), 0);
    expect(on).toBe(1);
    expect(at(logits, 3, 1)).toBe(MASK_PROMPT_LOGIT);
  });

  it("leaves the padding below a landscape picture off", () => {
    // 300×200: scale = 1024/300; row j samples y = floor((j + 0.5)·1.171875). j = 170 → 199,
    // j = 171 → 200 (outside). Column 255 samples x = floor(255.5·1.171875) = 299 (inside).
    const data = new Uint8Array(300 * 200).fill(255);
    const logits = maskToLowResLogits({ data, width: 300, height: 200 });
    expect(at(logits, 255, 170)).toBe(MASK_PROMPT_LOGIT);
    expect(at(logits, 0, 171)).toBe(-MASK_PROMPT_LOGIT);
    expect(at(logits, 100, 255)).toBe(-MASK_PROMPT_LOGIT);
  });

  it.each([
    { value: 127, logit: -MASK_PROMPT_LOGIT },
    { value: 128, logit: MASK_PROMPT_LOGIT },
  ])("thresholds grey $value at 128", ({ value, logit }) => {
    const data = new Uint8Array(64 * 64).fill(value);
    expect(at(maskToLowResLogits({ data, width: 64, height: 64 }), 10, 10)).toBe(logit);
  });

  it("follows an explicit scale (the embedding's) over the default", () => {
    // A 512×512 mask read as if scaled by 1: cells sample x = 4i + 2, so cell 64 reads x = 258.
    const width = 512;
    const data = new Uint8Array(width * width);
    for (let y = 0; y < width; y++) data.fill(255, y * width, y * width + 256);
    const logits = maskToLowResLogits({ data, width, height: width, scale: 1 });
    expect(at(logits, 63, 0)).toBe(MASK_PROMPT_LOGIT); // x = 254
    expect(at(logits, 64, 0)).toBe(-MASK_PROMPT_LOGIT); // x = 258
    expect(at(logits, 0, 128)).toBe(-MASK_PROMPT_LOGIT); // y = 514: outside
  });
});
