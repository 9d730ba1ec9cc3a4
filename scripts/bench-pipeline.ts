/**
 * The generation pipeline's own cost per denoising step: wall time of each step minus the time
 * spent inside the denoiser's `session.run`, as a fraction of the step (target <= 0.02). It runs
 * the real `generateFrames` at a thumbnail-sized video shape (512×320, 49 frames: 501,760 latent
 * values, guidance batched as 2) with sessions in an inference worker thread, as the server runs
 * them, so `session.run` is the server's `WorkerSession.run`. Everything the sampler does between
 * runs counts: copying the velocity into the Euler kernel, guidance + Euler, refilling the batch,
 * progress callbacks, and any garbage collection that lands there. (The job system's own progress
 * handling, SQLite and SSE, is not part of the pipeline and is not run here.)
 *
 * The guidance + Euler arithmetic is not an ONNX graph: onnxruntime-node returns every output as
 * a CPU array, so on CUDA such a graph would add transfers rather than keep latents on the GPU,
 * and on the CPU it measured slower (1.5 ms vs 0.9 ms per step in-process for this latent) than
 * the WebAssembly SIMD pass with its copies (euler-step.ts).
 *
 * Two denoisers, same interface and latent size:
 * - primary `pipeline_overhead_fraction`: a convolutional denoiser generated here with seeded
 *   random weights (per frame, 3×3 convolutions 4 -> 128 -> 128 -> 4 with ReLU; prompt and
 *   timestep as a per-channel bias): ~79 GFLOP per step for the batch of two. That is the light
 *   end of what a denoiser for this latent does: published video models spend roughly 100-1000x
 *   more per step on a 512×320×49 clip (≈2·parameters·tokens: LTX-Video 2B ~9 TFLOP, Wan 2.1 1.3B
 *   ~70 TFLOP with attention). It runs on the same CPU as the sampler, so the ratio compares like
 *   with like, and a heavier model would only make it smaller.
 * - `pipeline_overhead_fraction_fixture`: the fixture denoiser, a handful of element-wise ops
 *   (~10 ns per latent value), about as cheap as the sampler's own pass over the latent. It bounds
 *   the ratio from above; no real denoiser is this cheap.
 * `overhead_ms` is the device-independent figure: on a GPU deployment the ratio is overhead_ms over
 * that GPU's step time. Writes bench/results/pipeline.json.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import onnxProto from "onnx-proto";
import type { InferenceSession } from "onnxruntime-node";
import { sessionOptionsFor } from "../gpu-server/src/inference/create-session";
import { InferenceThread } from "../gpu-server/src/inference/inference-thread";
import type { Logger } from "../gpu-server/src/logger";
import { readDiffusionConfig } from "../gpu-server/src/pipelines/diffusion/config";
import {
  makeFixturePipelineContext,
  readModelManifests,
} from "../gpu-server/src/pipelines/diffusion/fixture-context";
import {
  DIFFUSION_FIXTURE_DIRS,
  encodeModel,
  floatTensor,
  int64Tensor,
  makeDiffusionFixtures,
  node,
  valueInfo,
} from "../gpu-server/src/pipelines/diffusion/fixture-model";
import { generateFrames } from "../gpu-server/src/pipelines/diffusion/generate-frames";
import type { GenerateFramesRequest } from "../gpu-server/src/pipelines/diffusion/generate-frames";
import {
  computeLatentShape,
  countLatentValues,
} from "../gpu-server/src/pipelines/diffusion/latents";
import { makeMulberry32 } from "../gpu-server/src/pipelines/diffusion/prng";
import type { ModelManifestView, SessionProvider } from "../gpu-server/src/pipelines/types";

const REQUEST: GenerateFramesRequest = {
  prompt: "a lighthouse at dusk, waves breaking on the rocks",
  negativePrompt: "low quality, worst quality, blurry",
  seed: 42,
  width: 512,
  height: 320,
  steps: 12,
  guidance: 3,
  numFrames: 49,
};
const FIXTURE_RUNS = 3;
/** The conv denoiser takes ~1 s per step here: one run of 8 steps (7 measured) after a warm-up. */
const CONV_STEPS = 8;
const CONV_CHANNELS = 128;
const LATENT_CHANNELS = 4;
const FLOAT = onnxProto.onnx.TensorProto.DataType.FLOAT;

/**
 * A denoiser with the fixture's interface and conv-net compute: per frame, 3×3 convolutions
 * 4 -> C -> C -> 4 with ReLU; the prompt (mean embedding) and the timestep enter as a per-channel
 * bias after the first layer. Weights are seeded He-style so activations stay O(1).
 */
function buildConvDenoiser(channels: number): Uint8Array {
  const next = makeMulberry32(0xc0ffee);
  const weights = (name: string, dims: number[], fanIn: number, gain: number) => {
    const count = dims.reduce((a, b) => a * b, 1);
    const scale = Math.sqrt((3 * gain) / fanIn); // uniform(-s, s) has variance gain / fanIn
    return floatTensor(
      name,
      dims,
      Float32Array.from({ length: count }, () => (next() * 2 - 1) * scale),
    );
  };
  const c = channels;
  const k = 3 * 3;
  const conv = { kernel_shape: { ints: [3, 3] }, pads: { ints: [1, 1, 1, 1] } };
  return encodeModel({
    name: "bench_conv_denoiser",
    node: [
      // [B, 4, F, H, W] -> [B·F, 4, H, W]
      node("Shape", ["latents"], ["dims"]),
      node("Slice", ["dims", "at_0", "at_1"], ["dim_b"]),
      node("Slice", ["dims", "at_2", "at_3"], ["dim_f"]),
      node("Slice", ["dims", "at_3", "at_5"], ["dim_hw"]),
      node("Concat", ["minus_one", "latent_channels", "dim_hw"], ["shape_in"], {
        axis: { int: 0 },
      }),
      node("Concat", ["dim_b", "dim_f", "hidden_channels", "dim_hw"], ["shape_hidden5"], {
        axis: { int: 0 },
      }),
      node("Concat", ["minus_one", "hidden_channels", "dim_hw"], ["shape_hidden"], {
        axis: { int: 0 },
      }),
      node("Concat", ["dim_b", "dim_f", "latent_channels", "dim_hw"], ["shape_out5"], {
        axis: { int: 0 },
      }),
      node("Transpose", ["latents"], ["frames_first"], { perm: { ints: [0, 2, 1, 3, 4] } }),
      node("Reshape", ["frames_first", "shape_in"], ["x0"]),
      node("Conv", ["x0", "w1", "b1"], ["h1"], conv),
      // Prompt and timestep as a per-channel bias: [B, C] -> [B, 1, C, 1, 1]
      node("ReduceMean", ["encoder_hidden_states"], ["prompt_mean"], {
        axes: { ints: [1] },
        keepdims: { int: 0 },
      }),
      node("MatMul", ["prompt_mean", "w_prompt"], ["prompt_bias"]),
      node("Div", ["timestep", "timestep_scale"], ["sigma"]),
      node("Unsqueeze", ["sigma", "at_1"], ["sigma_col"]),
      node("MatMul", ["sigma_col", "w_time"], ["time_bias"]),
      node("Add", ["prompt_bias", "time_bias"], ["bias"]),
      node("Reshape", ["bias", "bias_shape"], ["bias5"]),
      node("Reshape", ["h1", "shape_hidden5"], ["h1_5"]),
      node("Add", ["h1_5", "bias5"], ["h1_biased5"]),
      node("Reshape", ["h1_biased5", "shape_hidden"], ["h1_biased"]),
      node("Relu", ["h1_biased"], ["a1"]),
      node("Conv", ["a1", "w2", "b2"], ["h2"], conv),
      node("Relu", ["h2"], ["a2"]),
      node("Conv", ["a2", "w3", "b3"], ["h3"], conv),
      // [B·F, 4, H, W] -> [B, 4, F, H, W]
      node("Reshape", ["h3", "shape_out5"], ["out_frames_first"]),
      node("Transpose", ["out_frames_first"], ["velocity"], { perm: { ints: [0, 2, 1, 3, 4] } }),
    ],
    initializer: [
      int64Tensor("at_0", [0]),
      int64Tensor("at_1", [1]),
      int64Tensor("at_2", [2]),
      int64Tensor("at_3", [3]),
      int64Tensor("at_5", [5]),
      int64Tensor("minus_one", [-1]),
      int64Tensor("latent_channels", [LATENT_CHANNELS]),
      int64Tensor("hidden_channels", [c]),
      int64Tensor("bias_shape", [-1, 1, c, 1, 1]),
      floatTensor("timestep_scale", [], [1000]),
      weights("w1", [c, LATENT_CHANNELS, 3, 3], LATENT_CHANNELS * k, 2),
      floatTensor("b1", [c], new Float32Array(c)),
      weights("w2", [c, c, 3, 3], c * k, 2),
      floatTensor("b2", [c], new Float32Array(c)),
      weights("w3", [LATENT_CHANNELS, c, 3, 3], c * k, 1),
      floatTensor("b3", [LATENT_CHANNELS], new Float32Array(LATENT_CHANNELS)),
      weights("w_prompt", [LATENT_CHANNELS, c], LATENT_CHANNELS, 1),
      weights("w_time", [1, c], 1, 1),
    ],
    input: [
      valueInfo("latents", FLOAT, ["batch", LATENT_CHANNELS, "frames", "height", "width"]),
      valueInfo("timestep", FLOAT, ["batch"]),
      valueInfo("encoder_hidden_states", FLOAT, ["batch", "tokens", LATENT_CHANNELS]),
    ],
    output: [valueInfo("velocity", FLOAT, ["batch", LATENT_CHANNELS, "frames", "height", "width"])],
  });
}

/** FLOPs of one conv-denoiser step for a batch of `batch` latents of `positions` cells each. */
function countConvFlops(channels: number, positions: number, batch: number): number {
  const macsPerCell = 9 * (LATENT_CHANNELS * channels + channels * channels + channels * 4);
  return 2 * macsPerCell * positions * batch;
}

const quietLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message, fields) => console.error(message, fields),
};

interface RunSpan {
  start: number;
  end: number;
}

/** Sessions in an inference worker thread (as the server runs them), their runs timed. */
function makeTimedThreadSessions(models: readonly ModelManifestView[]): {
  sessions: SessionProvider;
  spans: RunSpan[];
  close: () => Promise<void>;
} {
  const thread = new InferenceThread("bench-inference", quietLogger);
  const spans: RunSpan[] = [];
  const cache = new Map<string, Promise<InferenceSession>>();
  const timeRuns = (session: InferenceSession): InferenceSession =>
    new Proxy(session, {
      get(target, prop, receiver) {
        if (prop === "run") {
          return async (...args: Parameters<InferenceSession["run"]>) => {
            const start = performance.now();
            const out = await target.run(...args);
            spans.push({ start, end: performance.now() });
            return out;
          };
        }
        const value: unknown = Reflect.get(target, prop, receiver);
        return typeof value === "function"
          ? (value as (...a: unknown[]) => unknown).bind(target)
          : value;
      },
    });
  const sessions: SessionProvider = {
    get(modelId, file) {
      const key = `${modelId}/${file}`;
      const model = models.find(m => m.id === modelId);
      const name = model?.files[file];
      if (!model || !name) return Promise.reject(new Error(`unknown model file ${key}`));
      let session = cache.get(key);
      if (!session) {
        session = thread
          .load(join(model.dir, name), sessionOptionsFor("cpu"))
          .then(s => timeRuns(s.asInferenceSession()));
        cache.set(key, session);
      }
      return session;
    },
    async release(modelId) {
      for (const [key, session] of cache) {
        if (!key.startsWith(`${modelId}/`)) continue;
        cache.delete(key);
        await (await session).release();
      }
    },
  };
  return { sessions, spans, close: () => thread.terminate() };
}

interface StepFigures {
  fraction: number;
  stepMs: number;
  runMs: number;
  overheadMs: number;
  medianOverheadMs: number;
  steps: number;
}

/** Generates `runs` times after one warm-up run; figures over every step but each run's first. */
async function measureSteps({
  models,
  model,
  request,
  runs,
}: {
  models: readonly ModelManifestView[];
  model: ModelManifestView;
  request: GenerateFramesRequest;
  runs: number;
}): Promise<StepFigures> {
  const config = readDiffusionConfig(model);
  const { sessions, spans, close } = makeTimedThreadSessions(models);
  const overheads: number[] = [];
  let stepMs = 0;
  let runMs = 0;
  try {
    for (let run = 0; run <= runs; run++) {
      const ctx = await makeFixturePipelineContext({ models, sessions });
      const stepEnds: number[] = [];
      ctx.progress = () => stepEnds.push(performance.now());
      spans.length = 0;
      // The warm-up pays for session creation, ORT's first-run planning and JIT: 2 steps do.
      const steps = run === 0 ? 2 : request.steps;
      await generateFrames({
        ctx,
        model,
        config,
        request: { ...request, steps },
        onFrames: () => undefined,
      });
      await rm(ctx.workDir, { recursive: true, force: true });
      if (run === 0) continue;
      // Step k spans the previous step's end to its own end; the first step also holds prompt
      // encoding, so it is left out.
      for (let k = 1; k < stepEnds.length; k++) {
        const from = stepEnds[k - 1] ?? 0;
        const to = stepEnds[k] ?? 0;
        const inside = spans
          .filter(s => s.start >= from && s.end <= to)
          .reduce((sum, s) => sum + s.end - s.start, 0);
        stepMs += to - from;
        runMs += inside;
        overheads.push(to - from - inside);
      }
    }
  } finally {
    await close();
  }
  const steps = overheads.length;
  const sorted = [...overheads].sort((a, b) => a - b);
  return {
    fraction: (stepMs - runMs) / stepMs,
    stepMs: stepMs / steps,
    runMs: runMs / steps,
    overheadMs: (stepMs - runMs) / steps,
    medianOverheadMs: sorted[Math.floor(steps / 2)] ?? 0,
    steps,
  };
}

function describeFigures(figures: StepFigures, latentValues: number) {
  return {
    pipeline_overhead_fraction: Number(figures.fraction.toFixed(4)),
    step_ms: Number(figures.stepMs.toFixed(2)),
    denoiser_run_ms: Number(figures.runMs.toFixed(2)),
    overhead_ms: Number(figures.overheadMs.toFixed(3)),
    overhead_median_ms: Number(figures.medianOverheadMs.toFixed(3)),
    overhead_ns_per_latent_value: Number(((figures.overheadMs / latentValues) * 1e6).toFixed(2)),
    steps_measured: figures.steps,
  };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "milimo-bench-pipeline-"));
  try {
    await makeDiffusionFixtures(dir);
    // The conv model: the fixture video model with its denoiser swapped.
    const convDir = join(dir, "diffusion-video-conv");
    await cp(join(dir, DIFFUSION_FIXTURE_DIRS.video), convDir, { recursive: true });
    const manifestPath = join(convDir, "model.json");
    const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as {
      id: string;
      files: { denoiser: string };
    };
    manifest.id = "bench-conv-video";
    await writeFile(manifestPath, JSON.stringify(manifest));
    await writeFile(join(convDir, manifest.files.denoiser), buildConvDenoiser(CONV_CHANNELS));

    const models = await readModelManifests(dir);
    const fixture = models.find(m => m.id === "fixture-diffusion-video");
    const conv = models.find(m => m.id === "bench-conv-video");
    if (!fixture || !conv) throw new Error("bench models missing");
    const shape = computeLatentShape({
      config: readDiffusionConfig(fixture),
      frames: REQUEST.numFrames,
      width: REQUEST.width,
      height: REQUEST.height,
    });
    const latentValues = countLatentValues(shape);

    const fixtureFigures = await measureSteps({
      models,
      model: fixture,
      request: REQUEST,
      runs: FIXTURE_RUNS,
    });
    const convFigures = await measureSteps({
      models,
      model: conv,
      request: { ...REQUEST, steps: CONV_STEPS },
      runs: 1,
    });
    const positions = shape.frames * shape.height * shape.width;
    const result = {
      pipeline_overhead_fraction: Number(convFigures.fraction.toFixed(4)),
      pipeline_overhead_fraction_fixture: Number(fixtureFigures.fraction.toFixed(4)),
      overhead_ms: Number(convFigures.overheadMs.toFixed(3)),
      target: 0.02,
      shape: `${REQUEST.width}x${REQUEST.height}x${REQUEST.numFrames}`,
      latent_values: latentValues,
      guidance_batch: 2,
      device: "cpu",
      sessions: "worker thread (InferenceThread), as the server",
      conv_denoiser: {
        model: conv.id,
        layers: `3x3 conv ${LATENT_CHANNELS}->${CONV_CHANNELS}->${CONV_CHANNELS}->${LATENT_CHANNELS} per frame`,
        gflop_per_step: Number((countConvFlops(CONV_CHANNELS, positions, 2) / 1e9).toFixed(1)),
        ...describeFigures(convFigures, latentValues),
      },
      fixture_denoiser: {
        model: fixture.id,
        ...describeFigures(fixtureFigures, latentValues),
      },
    };
    console.log(`pipeline_overhead_fraction ${result.pipeline_overhead_fraction} ratio`);
    console.log(
      `pipeline_overhead_fraction_fixture ${result.pipeline_overhead_fraction_fixture} ratio`,
    );
    console.log(`overhead_ms ${result.overhead_ms} ms`);
    console.log(`conv_step_ms ${result.conv_denoiser.step_ms} ms`);
    console.log(`fixture_step_ms ${result.fixture_denoiser.step_ms} ms`);
    console.log(`fixture_overhead_ms ${result.fixture_denoiser.overhead_ms} ms`);
    const outDir = join(process.cwd(), "bench", "results");
    await mkdir(outDir, { recursive: true });
    await writeFile(join(outDir, "pipeline.json"), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
