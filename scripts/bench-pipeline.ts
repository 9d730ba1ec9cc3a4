/**
 * The generation pipeline's own cost per denoising step: wall time of each step minus the time
 * spent inside the denoiser's `session.run`, as a fraction of the step (target <= 0.02). Runs the
 * real sampler on the fixture models (CPU) at a thumbnail-sized video shape; with a real model
 * the denoiser is far slower and the fraction smaller still. Writes bench/results/pipeline.json.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { InferenceSession } from "onnxruntime-node";
import { readDiffusionConfig } from "../gpu-server/src/pipelines/diffusion/config";
import {
  makeDirectSessionProvider,
  makeFixturePipelineContext,
  readModelManifests,
} from "../gpu-server/src/pipelines/diffusion/fixture-context";
import { makeDiffusionFixtures } from "../gpu-server/src/pipelines/diffusion/fixture-model";
import { generateFrames } from "../gpu-server/src/pipelines/diffusion/generate-frames";
import type { GenerateFramesRequest } from "../gpu-server/src/pipelines/diffusion/generate-frames";
import {
  computeLatentShape,
  countLatentValues,
} from "../gpu-server/src/pipelines/diffusion/latents";

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
const RUNS = 3;

interface RunSpan {
  start: number;
  end: number;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "milimo-bench-pipeline-"));
  try {
    await makeDiffusionFixtures(dir);
    const models = await readModelManifests(dir);
    const model = models.find(m => m.task === "text-to-video");
    if (!model) throw new Error("fixture video model missing");
    const config = readDiffusionConfig(model);
    const spans: RunSpan[] = [];
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
    const sessions = makeDirectSessionProvider({ models, wrap: timeRuns });

    let stepMs = 0;
    let runMs = 0;
    let measured = 0;
    for (let run = 0; run <= RUNS; run++) {
      const ctx = await makeFixturePipelineContext({ models, sessions });
      const stepEnds: number[] = [];
      ctx.progress = () => stepEnds.push(performance.now());
      spans.length = 0;
      await generateFrames({ ctx, model, config, request: REQUEST, onFrames: () => undefined });
      await rm(ctx.workDir, { recursive: true, force: true });
      if (run === 0) continue; // warm-up: session creation and JIT
      // Step k spans the previous step's end to its own end; the first step also holds prompt
      // encoding, so it is left out.
      for (let k = 1; k < stepEnds.length; k++) {
        const from = stepEnds[k - 1] ?? 0;
        const to = stepEnds[k] ?? 0;
        stepMs += to - from;
        runMs += spans
          .filter(s => s.start >= from && s.end <= to)
          .reduce((sum, s) => sum + s.end - s.start, 0);
        measured++;
      }
    }
    const fraction = (stepMs - runMs) / stepMs;
    const shape = computeLatentShape({
      config,
      frames: REQUEST.numFrames,
      width: REQUEST.width,
      height: REQUEST.height,
    });
    const result = {
      pipeline_overhead_fraction: Number(fraction.toFixed(4)),
      step_ms: Number((stepMs / measured).toFixed(2)),
      denoiser_run_ms: Number((runMs / measured).toFixed(2)),
      overhead_ms: Number(((stepMs - runMs) / measured).toFixed(3)),
      overhead_ns_per_latent_value: Number(
        (((stepMs - runMs) / measured / countLatentValues(shape)) * 1e6).toFixed(2),
      ),
      steps_measured: measured,
      latent_values: countLatentValues(shape),
      shape: `${REQUEST.width}x${REQUEST.height}x${REQUEST.numFrames}`,
      guidance_batch: 2,
      model: model.id,
      device: "cpu",
      target: 0.02,
    };
    console.log(`pipeline_overhead_fraction ${result.pipeline_overhead_fraction} ratio`);
    console.log(`step_ms ${result.step_ms} ms`);
    console.log(`denoiser_run_ms ${result.denoiser_run_ms} ms`);
    console.log(`overhead_ms ${result.overhead_ms} ms`);
    console.log(`latent_values ${result.latent_values} count`);
    const outDir = join(process.cwd(), "bench", "results");
    await mkdir(outDir, { recursive: true });
    await writeFile(join(outDir, "pipeline.json"), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
