import { describe, expect, it } from "vitest";
import { computeFlowSigmas } from "./scheduler";

describe("computeFlowSigmas", () => {
  it.each([
    [1, 1],
    [8, 1],
    [40, 1],
    [40, 3],
    [25, 0.5],
  ])("%i steps, shift %f: from 1 to 0, strictly decreasing", (steps, shift) => {
    const sigmas = Array.from(computeFlowSigmas({ steps, shift }));
    expect(sigmas).toHaveLength(steps + 1);
    expect(sigmas[0]).toBe(1);
    expect(sigmas[steps]).toBe(0);
    for (let i = 1; i < sigmas.length; i++) expect(sigmas[i]!).toBeLessThan(sigmas[i - 1]!);
  });

  it("is linear without shift and spends more steps at high noise with shift > 1", () => {
    expect(Array.from(computeFlowSigmas({ steps: 4 }))).toEqual([1, 0.75, 0.5, 0.25, 0]);
    const shifted = computeFlowSigmas({ steps: 4, shift: 3 });
    expect(shifted[2]).toBeCloseTo(0.75, 10); // 3·0.5 / (1 + 2·0.5)
  });

  it("rejects a step count below 1", () => {
    expect(() => computeFlowSigmas({ steps: 0 })).toThrow(RangeError);
  });
});
