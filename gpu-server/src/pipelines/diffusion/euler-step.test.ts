import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeEulerStepper } from "./euler-step";
import { makeMulberry32 } from "./prng";

function fillRandom(values: Float32Array, seed: number): void {
  const next = makeMulberry32(seed);
  for (let i = 0; i < values.length; i++) values[i] = (next() * 2 - 1) * 4;
}

/** The textbook update in float64, for checking the float32 kernel against. */
function referenceStep({
  x,
  cond,
  uncond,
  a,
  b,
}: {
  x: Float32Array;
  cond: Float32Array;
  uncond?: Float32Array;
  a: number;
  b: number;
}): Float64Array {
  return Float64Array.from(x, (v, i) => v + a * (cond[i] ?? 0) + b * (uncond?.[i] ?? 0));
}

describe("makeEulerStepper", () => {
  it("runs the SIMD kernel on this engine", () => {
    expect(makeEulerStepper({ n: 8 }).simd).toBe(true);
  });

  it("gives bit-identical samples on the SIMD kernel and the JavaScript path", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 203 }),
        fc.integer(),
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.boolean(),
        (n, seed, a, b, guided) => {
          const fast = makeEulerStepper({ n });
          const slow = makeEulerStepper({ n, simd: false });
          for (const s of [fast, slow]) {
            fillRandom(s.latents, seed);
            fillRandom(s.condVelocity, seed + 1);
            fillRandom(s.uncondVelocity, seed + 2);
          }
          for (let step = 0; step < 3; step++) {
            fast.advance(guided ? { a, b } : { a });
            slow.advance(guided ? { a, b } : { a });
          }
          expect(fast.latents).toEqual(slow.latents);
        },
      ),
      { numRuns: 60 },
    );
  });

  it.each([
    { label: "guided, n a multiple of 4", n: 4096, guided: true },
    { label: "guided, ragged tail", n: 4099, guided: true },
    { label: "unguided, ragged tail", n: 1027, guided: false },
  ])("moves x by a·cond + b·uncond to float32 precision ($label)", ({ n, guided }) => {
    const stepper = makeEulerStepper({ n });
    fillRandom(stepper.latents, 1);
    fillRandom(stepper.condVelocity, 2);
    fillRandom(stepper.uncondVelocity, 3);
    const dt = -1 / 12;
    const g = 3;
    const a = guided ? dt * g : dt;
    const b = guided ? dt * (1 - g) : 0;
    const expected = referenceStep({
      x: stepper.latents,
      cond: stepper.condVelocity,
      uncond: guided ? stepper.uncondVelocity : undefined,
      a,
      b,
    });
    stepper.advance(guided ? { a, b } : { a });
    let worst = 0;
    for (let i = 0; i < n; i++) {
      worst = Math.max(worst, Math.abs((stepper.latents[i] ?? 0) - (expected[i] ?? 0)));
    }
    // Inputs are within ±4 and the step within ±1.5: a few float32 ulps at magnitude ~8.
    expect(worst).toBeLessThan(4e-6);
    // The velocities are inputs: the step leaves them as they were.
    const again = makeEulerStepper({ n });
    fillRandom(again.condVelocity, 2);
    expect(stepper.condVelocity).toEqual(again.condVelocity);
  });

  it("keeps the sample and both velocities apart (no overlapping views)", () => {
    const n = 5;
    const stepper = makeEulerStepper({ n });
    stepper.condVelocity.fill(1);
    stepper.uncondVelocity.fill(2);
    stepper.advance({ a: 1, b: 1 });
    expect([...stepper.latents]).toEqual([3, 3, 3, 3, 3]);
    expect([...stepper.condVelocity]).toEqual([1, 1, 1, 1, 1]);
    expect([...stepper.uncondVelocity]).toEqual([2, 2, 2, 2, 2]);
  });

  it.each([0, -1, 1.5])("rejects n = %s", n => {
    expect(() => makeEulerStepper({ n })).toThrow(RangeError);
  });
});
