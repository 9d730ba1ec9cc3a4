/**
 * Flow-matching noise levels. A latent at level sigma is (1 - sigma)·x0 + sigma·noise; sampling
 * walks sigma from 1 (pure noise) to 0 (clean) with Euler steps along the predicted velocity.
 */

/**
 * The steps + 1 noise levels from 1 down to 0, with the SD3/Flux time shift
 * sigma' = shift·sigma / (1 + (shift - 1)·sigma); shift 1 is linear, larger spends more steps at
 * high noise.
 */
export function computeFlowSigmas({
  steps,
  shift = 1,
}: {
  steps: number;
  shift?: number;
}): Float64Array {
  if (!Number.isInteger(steps) || steps < 1)
    throw new RangeError(`steps must be >= 1, got ${steps}`);
  const sigmas = new Float64Array(steps + 1);
  for (let i = 0; i <= steps; i++) {
    const s = 1 - i / steps;
    sigmas[i] = (shift * s) / (1 + (shift - 1) * s);
  }
  return sigmas;
}
