/**
 * The page scripts/bench-sam.ts drives in headless Chromium: the real decoder client and worker on
 * a given decoder file, fed a random embedding, clicked `runs` times one after another. It reports
 * the worker's own decode time (session.run + post-processing + overlay bitmap), the round trip,
 * and the main thread's share of a click: submitting the request plus drawing the answered bitmap.
 */
import { ListModelsResponseSchema } from "@milimo/shared/api";
import { makeDecoderClient } from "../decoder-client";
import type { EmbeddingCache } from "../embedding-cache";
import type { DecoderRuntime, DecoderTuning } from "../decode-protocol";

export interface SamBenchOptions {
  /** Same-origin URL of the decoder's ONNX file. */
  modelUrl: string;
  preferWebGpu: boolean;
  runs: number;
  warmup: number;
  width: number;
  height: number;
  /** Stop measuring after this long (ms), once a few runs are in; slow backends report fewer. */
  budgetMs: number;
  /** Worker overrides, to compare settings against the studio's defaults. */
  tuning?: DecoderTuning;
}

export interface SamBenchResult {
  backend: string;
  fallbackReason?: string | undefined;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  /** The worker's runtime: WASM binary, threads, where masks are upscaled. */
  runtime?: DecoderRuntime | undefined;
  loadMs: number;
  warmMs: number;
  decodeMs: number[];
  roundTripMs: number[];
  clickMainMs: number[];
  error?: string;
}

/** A decoder client on the bench's model, fed one fixed random embedding. */
function makeBenchClient(options: SamBenchOptions) {
  const { width, height } = options;
  const api = {
    request: <T>(_path: string, { schema }: { schema: { parse(v: unknown): T } }) =>
      Promise.resolve(
        schema.parse(
          ListModelsResponseSchema.parse({
            models: [{ id: "bench", task: "sam-decoder", files: { decoder: "decoder.onnx" } }],
          }),
        ),
      ),
    url: () => options.modelUrl,
    config: () => ({ baseUrl: "", token: "" }),
  };
  const embedding = new Float32Array(256 * 64 * 64);
  for (let i = 0; i < embedding.length; i++) embedding[i] = Math.sin(i * 12.9898) * 0.5;
  const cache: EmbeddingCache = {
    getOrFetch: ({ mediaId, frame }) =>
      Promise.resolve({
        ok: true,
        key: `bench|${mediaId}|${frame}`,
        modelId: "bench",
        data: embedding.slice(),
        shape: [1, 256, 64, 64],
        imageWidth: width,
        imageHeight: height,
        resizeScale: 1024 / Math.max(width, height),
        fromCache: true,
      }),
    peek: () => Promise.resolve(undefined),
  };
  return makeDecoderClient({
    api,
    cache,
    storage: undefined,
    preferWebGpu: options.preferWebGpu,
    ...(options.tuning ? { tuning: options.tuning } : {}),
  });
}

async function runBench(options: SamBenchOptions): Promise<SamBenchResult> {
  const { width, height } = options;
  const [client, dispose] = makeBenchClient(options);
  const base = {
    crossOriginIsolated,
    hardwareConcurrency: navigator.hardwareConcurrency,
    decodeMs: [],
    roundTripMs: [],
    clickMainMs: [],
  };
  try {
    const ready = await client.start();
    if (!ready.ok) return { ...base, backend: "none", loadMs: 0, warmMs: 0, error: ready.message };
    const prepared = await client.prepareFrame({
      mediaId: "m",
      frame: 0,
      readImage: () => Promise.reject(new Error("not used")),
    });
    if (!prepared.ok) {
      return { ...base, backend: ready.backend, loadMs: 0, warmMs: 0, error: prepared.message };
    }
    const canvas = document.querySelector<HTMLCanvasElement>("#overlay")!;
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext("2d")!;
    const result: SamBenchResult = {
      ...base,
      backend: ready.backend,
      fallbackReason: ready.fallbackReason,
      runtime: ready.runtime,
      loadMs: ready.loadMs,
      warmMs: ready.warmMs,
    };
    const started = performance.now();
    for (let i = 0; i < options.warmup + options.runs; i++) {
      const measured = i - options.warmup;
      if (measured >= 3 && performance.now() - started > options.budgetMs) break;
      const x = ((i * 97) % width) + 0.5;
      const y = ((i * 61) % height) + 0.5;
      const t0 = performance.now();
      const pending = client.decode({
        key: prepared.key,
        points: [{ x, y, positive: true }],
        style: { featherPx: 0 },
      });
      const t1 = performance.now();
      const answer = await pending;
      const t2 = performance.now();
      if (!answer.ok) return { ...result, error: answer.message };
      const bitmap = answer.rendered?.bitmap;
      context.clearRect(0, 0, width, height);
      if (bitmap) {
        context.drawImage(bitmap, 0, 0);
        bitmap.close();
      }
      const t3 = performance.now();
      if (i < options.warmup) continue;
      result.decodeMs.push(answer.decodeMs);
      result.roundTripMs.push(t2 - t0);
      result.clickMainMs.push(t1 - t0 + (t3 - t2));
    }
    return result;
  } finally {
    dispose();
  }
}

declare global {
  interface Window {
    __samBench?: (options: SamBenchOptions) => Promise<SamBenchResult>;
  }
}

window.__samBench = runBench;
