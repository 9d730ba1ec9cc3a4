/**
 * Seeded noise. The sampler never touches Math.random: the same seed gives the same latents on
 * every machine, which is what "lock the seed and regenerate" promises the user.
 */

/** mulberry32: a tiny 32-bit PRNG; returns a function yielding floats in [0, 1). */
export function makeMulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fills `out` with standard normal samples (Box–Muller over mulberry32 seeded with `seed`). */
export function fillGaussianNoise(out: Float32Array, seed: number): Float32Array {
  const next = makeMulberry32(seed);
  for (let i = 0; i < out.length; i += 2) {
    // 1 - u keeps the log argument in (0, 1].
    const r = Math.sqrt(-2 * Math.log(1 - next()));
    const theta = 2 * Math.PI * next();
    out[i] = r * Math.cos(theta);
    if (i + 1 < out.length) out[i + 1] = r * Math.sin(theta);
  }
  return out;
}

/** The seed of chunk `index` of a chained shot: seed + index, wrapped to 32 bits. */
export function chunkSeed(seed: number, index: number): number {
  return (seed + index) >>> 0;
}
