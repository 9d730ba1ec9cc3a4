import { Tensor } from "onnxruntime-node";
import type { InferenceSession } from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import type { TextEmbedding } from "./components";
import { DiffusionConfigSchema } from "./config";
import type { DiffusionConfig } from "./config";
import { countLatentValues } from "./latents";
import type { LatentShape } from "./latents";
import { fillGaussianNoise } from "./prng";
import { sampleLatents } from "./sampler";

const SHAPE: LatentShape = { channels: 4, frames: 3, height: 5, width: 7 }; // 420 values: ragged
const N = countLatentValues(SHAPE);
const TOKENS = 2;
const DIM = 4;
/** Velocity the fake denoiser returns for the prompt (embedding 1) and the negative one (0). */
const COND_VELOCITY = 0.25;
const UNCOND_VELOCITY = -0.5;

function makeConfig(guidanceMode: "batched" | "sequential"): DiffusionConfig {
  return DiffusionConfigSchema.parse({
    latentChannels: SHAPE.channels,
    guidanceMode,
    tokenizer: { kind: "byte", vocabSize: 259, maxLength: TOKENS },
    textEncoder: {},
    denoiser: {},
    vaeDecoder: {},
  });
}

function makeEmbedding(value: number): TextEmbedding {
  return {
    data: new Float32Array(TOKENS * DIM).fill(value),
    tokens: TOKENS,
    dim: DIM,
    mask: [1, 1],
  };
}

interface FakeRun {
  batch: number;
  fedMean: number;
}

/**
 * A denoiser whose velocity is constant per batch item, chosen by that item's prompt embedding;
 * `edit` may change the fed sample in place first, as a session wrapper (inpainting) does.
 */
function makeFakeDenoiser(edit?: (latents: Float32Array) => void): {
  denoiser: InferenceSession;
  runs: FakeRun[];
} {
  const runs: FakeRun[] = [];
  const run = (feeds: Record<string, Tensor>) => {
    const latents = feeds.latents?.data as Float32Array;
    const embeddings = feeds.encoder_hidden_states?.data as Float32Array;
    edit?.(latents);
    const batch = latents.length / N;
    const velocity = new Float32Array(latents.length);
    for (let b = 0; b < batch; b++) {
      const isCond = embeddings[b * TOKENS * DIM] === 1;
      velocity.fill(isCond ? COND_VELOCITY : UNCOND_VELOCITY, b * N, (b + 1) * N);
    }
    runs.push({ batch, fedMean: latents.reduce((s, v) => s + v, 0) / latents.length });
    return Promise.resolve({
      velocity: new Tensor("float32", velocity, feeds.latents?.dims ?? []),
    });
  };
  return { denoiser: { run } as unknown as InferenceSession, runs };
}

async function sample({
  guidanceMode = "batched",
  guidance,
  steps = 4,
  edit,
}: {
  guidanceMode?: "batched" | "sequential";
  guidance: number;
  steps?: number;
  edit?: (latents: Float32Array) => void;
}) {
  const { denoiser, runs } = makeFakeDenoiser(edit);
  const latents = await sampleLatents({
    denoiser,
    config: makeConfig(guidanceMode),
    shape: SHAPE,
    cond: makeEmbedding(1),
    uncond: makeEmbedding(0),
    steps,
    guidance,
    seed: 7,
    pins: [],
    signal: new AbortController().signal,
    onStep: () => undefined,
  });
  return { latents, runs };
}

describe("sampleLatents", () => {
  it.each([
    { guidanceMode: "batched" as const, guidance: 3, runsPerStep: 1, batch: 2 },
    { guidanceMode: "sequential" as const, guidance: 3, runsPerStep: 2, batch: 1 },
    { guidanceMode: "batched" as const, guidance: 1, runsPerStep: 1, batch: 1 },
  ])(
    "integrates the guided velocity from sigma 1 to 0 ($guidanceMode, guidance $guidance)",
    async ({ guidanceMode, guidance, runsPerStep, batch }) => {
      const { latents, runs } = await sample({ guidanceMode, guidance, steps: 4 });
      expect(runs).toHaveLength(4 * runsPerStep);
      expect(runs.every(r => r.batch === batch)).toBe(true);
      // Constant velocity v: x(0) = noise + (0 - 1)·v, with v = u + g·(c - u).
      const v = UNCOND_VELOCITY + guidance * (COND_VELOCITY - UNCOND_VELOCITY);
      const noise = fillGaussianNoise(new Float32Array(N), 7);
      let worst = 0;
      for (let i = 0; i < N; i++) {
        worst = Math.max(worst, Math.abs((latents[i] ?? 0) - ((noise[i] ?? 0) - v)));
      }
      expect(worst).toBeLessThan(1e-5);
    },
  );

  it("gives the same sample with batched and sequential guidance", async () => {
    const batched = await sample({ guidanceMode: "batched", guidance: 4.5, steps: 6 });
    const sequential = await sample({ guidanceMode: "sequential", guidance: 4.5, steps: 6 });
    expect(sequential.latents).toEqual(batched.latents);
  });

  it.each(["batched", "sequential"] as const)(
    "steps from the sample as fed, after a session wrapper edited it in place (%s)",
    async guidanceMode => {
      // With the velocity cancelled out (g·c + (1 - g)·u = 0 at g = 2/3), only the edit moves x.
      const { latents, runs } = await sample({
        guidanceMode,
        guidance: 2 / 3,
        edit: fed => fed.fill(0.75),
      });
      expect(runs.every(r => r.fedMean === 0.75)).toBe(true);
      expect(Math.max(...latents.map(v => Math.abs(v - 0.75)))).toBeLessThan(1e-6);
    },
  );

  it("feeds the uncond half the same sample as the cond half on every step", async () => {
    const seen: boolean[] = [];
    await sample({
      guidance: 3,
      edit: fed => seen.push(fed.subarray(0, N).every((v, i) => v === fed[N + i])),
    });
    expect(seen).toEqual([true, true, true, true]);
  });
});
