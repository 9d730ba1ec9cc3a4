import { describe, expect, it } from "vitest";
import { chunkSeed, fillGaussianNoise, makeMulberry32 } from "./prng";

describe("makeMulberry32", () => {
  it("repeats its sequence for a seed and stays in [0, 1)", () => {
    const a = makeMulberry32(42);
    const b = makeMulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every(x => x >= 0 && x < 1)).toBe(true);
  });

  it.each([
    [0, 1],
    [42, 43],
    [2 ** 32 - 1, 0],
  ])("gives different sequences for seeds %i and %i", (s1, s2) => {
    const a = makeMulberry32(s1);
    const b = makeMulberry32(s2);
    const same = Array.from({ length: 64 }, () => a() === b()).filter(Boolean).length;
    expect(same).toBeLessThan(2);
  });
});

describe("fillGaussianNoise", () => {
  it("is standard normal and deterministic per seed", () => {
    const n = 20_001; // odd length exercises the unpaired last sample
    const noise = fillGaussianNoise(new Float32Array(n), 7);
    const mean = noise.reduce((s, v) => s + v, 0) / n;
    const variance = noise.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    expect(noise.every(Number.isFinite)).toBe(true);
    expect(fillGaussianNoise(new Float32Array(n), 7)).toEqual(noise);
    expect(fillGaussianNoise(new Float32Array(n), 8)).not.toEqual(noise);
  });
});

describe("chunkSeed", () => {
  it.each([
    [42, 0, 42],
    [42, 3, 45],
    [2 ** 32 - 1, 1, 0],
  ])("seed %i chunk %i -> %i", (seed, index, expected) => {
    expect(chunkSeed(seed, index)).toBe(expected);
  });
});
