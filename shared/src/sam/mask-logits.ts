/**
 * A binary mask as SAM's dense prompt (mask_input): 256×256 low-res logits over the padded
 * 1024×1024 encoder input, so a mask that did not come from the decoder (a tracked or hand-painted
 * one) can steer the next decode the way the decoder's own low-res output does.
 */
import { SAM_INPUT_SIZE, SAM_LOW_RES_SIZE } from "./resize-longest-side";
import type { Mask } from "./mask-postprocess";

/** Logit magnitude given to a mask fed back as mask_input: +10 inside, -10 outside. */
export const MASK_PROMPT_LOGIT = 10;

/**
 * The mask as 256×256 low-res logits: each cell samples the mask pixel under its centre (nearest,
 * on ≥ 128) and is +MASK_PROMPT_LOGIT inside, -MASK_PROMPT_LOGIT outside and in the padding.
 * `scale` is SAM's resize scale (1024 / longest side, the default).
 */
export function maskToLowResLogits({
  data,
  width,
  height,
  scale = SAM_INPUT_SIZE / Math.max(width, height),
}: Mask & { scale?: number }): Float32Array {
  const out = new Float32Array(SAM_LOW_RES_SIZE * SAM_LOW_RES_SIZE).fill(-MASK_PROMPT_LOGIT);
  const cell = SAM_INPUT_SIZE / SAM_LOW_RES_SIZE;
  for (let j = 0; j < SAM_LOW_RES_SIZE; j++) {
    const y = Math.floor(((j + 0.5) * cell) / scale);
    if (y >= height) break;
    for (let i = 0; i < SAM_LOW_RES_SIZE; i++) {
      const x = Math.floor(((i + 0.5) * cell) / scale);
      if (x >= width) break;
      if (data[y * width + x]! >= 128) out[j * SAM_LOW_RES_SIZE + i] = MASK_PROMPT_LOGIT;
    }
  }
  return out;
}
