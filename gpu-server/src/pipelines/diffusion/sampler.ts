/**
 * The flow-matching denoising loop: Euler steps from pure noise (sigma 1) to a clean latent
 * (sigma 0) along the denoiser's velocity, with classifier-free guidance and pinned conditioning
 * frames. The per-step work outside `session.run` is copying the velocity into the Euler kernel,
 * one SIMD pass (guidance + Euler, see euler-step.ts) and copying the new sample into the batch
 * fed to the denoiser; every buffer and tensor is allocated once per chunk. The batch is a buffer
 * of its own, not a view of the kernel's memory: a worker-thread session clones what it is fed,
 * and a view would drag the whole kernel memory along.
 */
import { Tensor } from "onnxruntime-node";
import type { InferenceSession } from "onnxruntime-node";
import { toTokenTensor } from "./components";
import type { TextEmbedding } from "./components";
import type { DiffusionConfig } from "./config";
import { makeEulerStepper } from "./euler-step";
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

  // The batch fed to the denoiser: the sample, then (batched guidance) the sample again for the
  // uncond half. It is the sampler's state: a session wrapper may edit the sample in place before
  // the run (inpainting blends known latents in), and the step starts from what was fed.
  const feed = new Float32Array(n * batch);
  feed.set(noise);
  if (batched) feed.set(noise, n);
  const stepper = makeEulerStepper({ n });
  const x = stepper.latents;

  const latentTensor = new Tensor("float32", feed, toLatentDims(shape, config.latentLayout, batch));
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
    uncondTensor && uncond
      ? {
          [io.latents]: latentTensor,
          [io.timestep]: timestepTensor,
          [io.textEmbeddings]: uncondTensor,
          ...masks([uncond]),
        }
      : undefined;

  const runVelocity = async (feeds: InferenceSession.FeedsType): Promise<Float32Array> => {
    const value = (await denoiser.run(feeds))[io.output];
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
    if (batched) {
      const velocity = await runVelocity(condFeeds);
      stepper.condVelocity.set(velocity.subarray(0, n));
      stepper.uncondVelocity.set(velocity.subarray(n));
    } else if (uncondFeeds) {
      stepper.condVelocity.set(await runVelocity(condFeeds));
      stepper.uncondVelocity.set(await runVelocity(uncondFeeds));
    } else {
      stepper.condVelocity.set(await runVelocity(condFeeds));
    }
    x.set(batched ? feed.subarray(0, n) : feed);
    // x += dt·(uncond + g·(cond - uncond)) = dt·g·cond + dt·(1 - g)·uncond.
    stepper.advance(uncond ? { a: dt * guidance, b: dt * (1 - guidance) } : { a: dt });
    if (pins.length > 0) {
      applyLatentPins({ latents: x, noise, pins, shape, sigma: sigmas[i + 1] ?? 0 });
    }
    if (i + 1 < steps) {
      feed.set(x);
      if (batched) feed.set(x, n);
    }
    input.onStep(i + 1);
  }
  return x.slice();
}
