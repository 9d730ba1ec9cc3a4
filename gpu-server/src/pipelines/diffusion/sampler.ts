/**
 * The flow-matching denoising loop: Euler steps from pure noise (sigma 1) to a clean latent
 * (sigma 0) along the denoiser's velocity, with classifier-free guidance and pinned conditioning
 * frames. The per-step work outside `session.run` is one fused pass over the latent (guidance +
 * Euler + refilling the batch), so the pipeline adds little to each step; buffers are reused.
 */
import { Tensor } from "onnxruntime-node";
import type { InferenceSession } from "onnxruntime-node";
import { toTokenTensor } from "./components";
import type { TextEmbedding } from "./components";
import type { DiffusionConfig } from "./config";
import { applyLatentPins, countLatentValues, toLatentDims } from "./latents";
import type { LatentPin, LatentShape } from "./latents";
import { PipelineError, throwIfCancelled } from "./pipeline-error";
import { fillGaussianNoise } from "./prng";
import { computeFlowSigmas } from "./scheduler";

export interface SampleLatentsInput {
  denoiser: InferenceSession;
  config: DiffusionConfig;
  shape: LatentShape;
  cond: TextEmbedding;
  /** The negative prompt's embedding; guidance is skipped without it or when guidance is 1. */
  uncond?: TextEmbedding;
  steps: number;
  guidance: number;
  seed: number;
  pins: readonly LatentPin[];
  signal: AbortSignal;
  /** Called after each step with the number of steps done (1..steps). */
  onStep(step: number): void;
}

function stackEmbeddings(items: readonly TextEmbedding[]): Tensor {
  const first = items[0];
  if (!first) throw new RangeError("no embeddings");
  const data = new Float32Array(first.data.length * items.length);
  items.forEach((e, i) => {
    if (e.data.length !== first.data.length) {
      throw new PipelineError(
        "MODEL_INVALID",
        "Prompt embeddings differ in length; pad the tokenizer to a fixed length.",
      );
    }
    data.set(e.data, i * first.data.length);
  });
  return new Tensor("float32", data, [items.length, first.tokens, first.dim]);
}

// The per-step loops live in small functions of their own: V8 optimises them far better than
// the same loop inlined in the async sampler (measured ~3x on 0.5 M values).

/**
 * One Euler step with batched guidance: the denoiser's output holds cond then uncond velocities;
 * x (buf's first half) moves by dt·(uncond + g·(cond - uncond)) and buf's second half gets a copy,
 * ready as the next step's batch.
 */
function stepGuidedBatch({
  buf,
  velocity,
  n,
  dt,
  guidance,
}: {
  buf: Float32Array;
  velocity: Float32Array;
  n: number;
  dt: number;
  guidance: number;
}): void {
  const a = dt * guidance;
  const b = dt * (1 - guidance);
  for (let j = 0; j < n; j++) {
    const xi = (buf[j] as number) + a * (velocity[j] as number) + b * (velocity[n + j] as number);
    buf[j] = xi;
    buf[n + j] = xi;
  }
}

/** One Euler step with guidance from two separate velocity fields. */
function stepGuided({
  x,
  cond,
  uncond,
  dt,
  guidance,
}: {
  x: Float32Array;
  cond: Float32Array;
  uncond: Float32Array;
  dt: number;
  guidance: number;
}): void {
  const a = dt * guidance;
  const b = dt * (1 - guidance);
  for (let j = 0; j < x.length; j++) {
    x[j] = (x[j] as number) + a * (cond[j] as number) + b * (uncond[j] as number);
  }
}

/** One Euler step without guidance. */
function stepPlain({
  x,
  velocity,
  dt,
}: {
  x: Float32Array;
  velocity: Float32Array;
  dt: number;
}): void {
  for (let j = 0; j < x.length; j++) x[j] = (x[j] as number) + dt * (velocity[j] as number);
}

/** Runs the denoising loop and returns clean latents [C, F, h, w] (normalised). */
export async function sampleLatents(input: SampleLatentsInput): Promise<Float32Array> {
  const { denoiser, config, shape, cond, steps, guidance, pins, signal } = input;
  const io = config.denoiser;
  const n = countLatentValues(shape);
  const noise = fillGaussianNoise(new Float32Array(n), input.seed);
  const sigmas = computeFlowSigmas({ steps, shift: config.schedulerShift });
  const uncond = guidance !== 1 ? input.uncond : undefined;
  const batched = uncond !== undefined && config.guidanceMode === "batched";
  const batch = batched ? 2 : 1;

  // buf holds the batch fed to the denoiser; x (its first half) is the sample itself.
  const buf = new Float32Array(n * batch);
  const x = buf.subarray(0, n);
  x.set(noise);
  const twin = batched ? buf.subarray(n) : undefined;
  twin?.set(noise);

  const latentTensor = new Tensor("float32", buf, toLatentDims(shape, config.latentLayout, batch));
  const singleTensor = batched ? undefined : latentTensor;
  const timesteps = new Float32Array(batch);
  const timestepTensor = new Tensor("float32", timesteps, [batch]);
  const embeddings = batched ? stackEmbeddings([cond, uncond]) : stackEmbeddings([cond]);
  const uncondTensor = !batched && uncond ? stackEmbeddings([uncond]) : undefined;
  const masks = (items: readonly TextEmbedding[]) =>
    io.attentionMask
      ? {
          [io.attentionMask]: toTokenTensor(
            items.map(e => e.mask),
            config.tokenizer.idsType,
          ),
        }
      : {};
  const condFeeds = {
    [io.latents]: latentTensor,
    [io.timestep]: timestepTensor,
    [io.textEmbeddings]: embeddings,
    ...masks(batched && uncond ? [cond, uncond] : [cond]),
  };
  const uncondFeeds =
    uncondTensor && uncond && singleTensor
      ? {
          [io.latents]: singleTensor,
          [io.timestep]: timestepTensor,
          [io.textEmbeddings]: uncondTensor,
          ...masks([uncond]),
        }
      : undefined;

  // Velocity buffers are offered to ORT as pre-allocated outputs, so a step on onnxruntime-node
  // makes no garbage. It is only a hint: the velocity is read from what run() returns, because a
  // session proxy (e.g. one running in a worker thread) may ignore pre-allocated fetches.
  const latentDims = toLatentDims(shape, config.latentLayout, batch);
  const velocityOut = [0, 1].map(
    () => new Tensor("float32", new Float32Array(n * batch), latentDims),
  );
  let preallocate = true;
  const runDenoiser = async (feeds: InferenceSession.FeedsType, slot: 0 | 1) => {
    const out = velocityOut[slot];
    if (preallocate && out) {
      try {
        return await denoiser.run(feeds, { [io.output]: out });
      } catch {
        // A model whose output is not a float32 latent of the input's shape: let ORT allocate.
        preallocate = false;
      }
    }
    return denoiser.run(feeds);
  };
  const runVelocity = async (
    feeds: InferenceSession.FeedsType,
    slot: 0 | 1,
  ): Promise<Float32Array> => {
    const value = (await runDenoiser(feeds, slot))[io.output];
    if (
      !(value instanceof Tensor) ||
      !(value.data instanceof Float32Array) ||
      value.data.length !== n * batch
    ) {
      throw new PipelineError(
        "MODEL_INVALID",
        `The denoiser's output "${io.output}" is not a float32 latent of the input's shape.`,
      );
    }
    return value.data;
  };

  for (let i = 0; i < steps; i++) {
    throwIfCancelled(signal);
    const sigma = sigmas[i] ?? 0;
    const dt = (sigmas[i + 1] ?? 0) - sigma;
    timesteps.fill(sigma * config.timestepScale);
    const g = guidance;
    if (batched && twin) {
      stepGuidedBatch({ buf, velocity: await runVelocity(condFeeds, 0), n, dt, guidance: g });
    } else if (uncondFeeds) {
      const cond = await runVelocity(condFeeds, 0);
      stepGuided({ x, cond, uncond: await runVelocity(uncondFeeds, 1), dt, guidance: g });
    } else {
      stepPlain({ x, velocity: await runVelocity(condFeeds, 0), dt });
    }
    if (pins.length > 0) {
      const next = sigmas[i + 1] ?? 0;
      applyLatentPins({ latents: x, noise, pins, shape, sigma: next });
      if (twin) applyLatentPins({ latents: twin, noise, pins, shape, sigma: next });
    }
    input.onStep(i + 1);
  }
  return buf.slice(0, n);
}
