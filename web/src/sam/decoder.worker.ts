/**
 * The SAM mask decoder in a module worker (ARCHITECTURE §3.7, STYLE §5), the only module that
 * imports onnxruntime-web. Policy:
 * - WebGPU when `navigator.gpu.requestAdapter()` gives an adapter, else WASM. ORT's WebGPU provider
 *   does not fall back when the model fails to load on it, so a failed WebGPU session (or a failed
 *   warm-up decode) is replaced by a WASM one.
 * - The model bytes come from the server's model registry, network first; every good download is
 *   put in Cache Storage so the decoder loads offline.
 * - Every call answers `{ok:true,…} | {ok:false,code,message}`; large arrays leave as transferables.
 * - Latest-wins: while a decode runs only the newest waiting request is kept.
 * - Speed (WASM): every core as a thread when cross-origin isolated; for a standard SAM export
 *   the worker upscales only the chosen low-res mask (same arithmetic as the export's own
 *   post-processing, checked at warm-up) and runs a copy of the graph without its full-size
 *   `masks` branch. Other decoders (the test fixture) keep the graph's own `masks`.
 */
import * as Comlink from "comlink";
import * as ort from "onnxruntime-web/webgpu";
import { pruneModelOutputs } from "./onnx-prune";
import ortWasmUrl from "onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url";
import ortMjsUrl from "onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url";
import { ErrorCode } from "@milimo/shared/api";
import {
  DecodeOnlyCode,
  fail,
  makeLatestWins,
  toFailure,
  type DecodeRequest,
  type DecodeResult,
  type DecoderBackend,
  type DecoderReady,
  type DecoderRuntime,
  type DecoderTuning,
  type DecoderWorkerApi,
  type EmbeddingPayload,
  type MaskStyle,
  type RenderedMask,
  type Result,
} from "./decode-protocol";
import {
  buildDecoderInputs,
  CHEAP_ORIG_IM_SIZE,
  readDecoderOutputs,
  readLowResOutputs,
  styleMask,
  tintMask,
  matchesSamPostprocess,
} from "./decoder-io";

/** Cache Storage bucket of decoder model files (bump the suffix to drop old entries). */
const DECODER_CACHE_NAME = "milimo-sam-models-v1";
/** Embeddings kept in worker memory; the IndexedDB cache holds the rest. */
const EMBEDDINGS_IN_MEMORY = 4;
/** Past this many threads the decoder's small matrices gain nothing but scheduling overhead. */
const MAX_WASM_THREADS = 8;

// The files are emitted by Vite (`?url`), so they are precached with the app and load offline.
ort.env.wasm.wasmPaths = { wasm: ortWasmUrl, mjs: ortMjsUrl };
// Already off the main thread: ORT's own proxy worker would only add a hop.
ort.env.wasm.proxy = false;

/**
 * WASM threads. ORT's default is half the cores (capped at 4): one thread on a 2-core machine.
 * A click waits on this decode alone, so it gets every core; threads need cross-origin
 * isolation (COOP/COEP). ORT reads this once, when its first session loads.
 */
function chooseWasmThreads(requested: number | undefined): number {
  if (!globalThis.crossOriginIsolated) return 1;
  const cores = Math.max(1, navigator.hardwareConcurrency || 1);
  return Math.max(1, Math.min(requested ?? cores, MAX_WASM_THREADS));
}

/** A session and how its masks reach full size (decided by its warm-up). */
interface ActiveDecoder {
  session: ort.InferenceSession;
  maskPath: MaskPath;
  /** True when the graph's unread full-size `masks` branch was cut away (see prepareSession). */
  graphPruned: boolean;
}

type DecoderEntry = { tensor: ort.Tensor; payload: EmbeddingPayload };

/** The outputs the "worker" mask path reads. */
const LOW_RES_OUTPUTS = ["iou_predictions", "low_res_masks"];

let current: ActiveDecoder | undefined;
const embeddings = new Map<string, { tensor: ort.Tensor; payload: EmbeddingPayload }>();

async function hasWebGpuAdapter(): Promise<boolean> {
  const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  try {
    return (await gpu?.requestAdapter()) != null;
  } catch {
    return false;
  }
}

/** The model's bytes: the server first, the offline cache when the server cannot be reached. */
async function loadModelBytes(
  modelUrl: string,
  authorization: string,
): Promise<{ bytes: Uint8Array; fromCache: boolean }> {
  const cache = await caches.open(DECODER_CACHE_NAME).catch(() => undefined);
  try {
    const response = await fetch(modelUrl, {
      headers: authorization ? { Authorization: authorization } : {},
      cache: "no-cache",
    });
    if (!response.ok) throw new Error(`The server answered ${response.status} for the decoder.`);
    if (cache) await cache.put(modelUrl, response.clone()).catch(() => undefined);
    return { bytes: new Uint8Array(await response.arrayBuffer()), fromCache: false };
  } catch (error) {
    const cached = await cache?.match(modelUrl);
    if (!cached) throw error;
    return { bytes: new Uint8Array(await cached.arrayBuffer()), fromCache: true };
  }
}

async function createSession(
  bytes: Uint8Array,
  provider: DecoderBackend,
  { quiet = false }: { quiet?: boolean } = {},
): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, {
    executionProviders: [provider],
    graphOptimizationLevel: "all",
    // A pruned graph leaves unused initializers, which ORT lists one warning at a time.
    ...(quiet ? { logSeverityLevel: 3 as const } : {}),
  });
}

function toTensor(data: Float32Array, dims: number[]): ort.Tensor {
  return new ort.Tensor("float32", data, dims);
}

/** Styles a mask and draws its tinted overlay bitmap (skipped where bitmaps are unavailable). */
async function renderStyledMask({
  mask,
  width,
  height,
  style,
}: {
  mask: Uint8Array;
  width: number;
  height: number;
  style: MaskStyle;
}): Promise<RenderedMask> {
  const styled = styleMask({ mask, width, height, style });
  if (typeof createImageBitmap !== "function" || typeof ImageData !== "function") {
    return { mask: styled, width, height };
  }
  const bitmap = await createImageBitmap(
    new ImageData(tintMask(styled, style.rgba), width, height),
  );
  return { mask: styled, width, height, bitmap };
}

function transferablesOf(rendered: RenderedMask | undefined): Transferable[] {
  if (!rendered) return [];
  return rendered.bitmap ? [rendered.mask.buffer, rendered.bitmap] : [rendered.mask.buffer];
}

/**
 * How masks reach full size. "graph": the decoder's own `masks` output. "worker": the graph's
 * final resize is fed a 1×1024 orig_im_size and the worker upscales only the chosen low-res mask
 * with the same arithmetic (decoder-io), a quarter of the work and none of it on unread masks.
 * "worker" is used only after the warm-up decode showed it reproduces this decoder's `masks`.
 */
type MaskPath = "graph" | "worker";

/** Inputs that rarely change, made once (a fresh zero mask_input would be 256 KB per click). */
const constantInputs = {
  noMask: toTensor(new Float32Array(256 * 256), [1, 1, 256, 256]),
  hasNoMask: toTensor(Float32Array.of(0), [1]),
  hasMask: toTensor(Float32Array.of(1), [1]),
  cheapOrigImSize: toTensor(CHEAP_ORIG_IM_SIZE, [2]),
};

async function runSession(
  active: ort.InferenceSession,
  request: DecodeRequest,
  entry: { tensor: ort.Tensor; payload: EmbeddingPayload },
  path: MaskPath,
): Promise<
  Result<{ outputs: ort.InferenceSession.OnnxValueMapType; width: number; height: number }>
> {
  const { imageWidth, imageHeight, resizeScale } = entry.payload;
  const inputs = buildDecoderInputs({
    points: request.points,
    box: request.box,
    maskInput: request.maskInput,
    resizeScale,
    imageWidth,
    imageHeight,
  });
  const usesMask = inputs.hasMaskInput[0] === 1;
  const feeds = {
    image_embeddings: entry.tensor,
    point_coords: toTensor(inputs.coords, [1, inputs.count, 2]),
    point_labels: toTensor(inputs.labels, [1, inputs.count]),
    mask_input: usesMask ? toTensor(inputs.maskInput, [1, 1, 256, 256]) : constantInputs.noMask,
    has_mask_input: usesMask ? constantInputs.hasMask : constantInputs.hasNoMask,
    orig_im_size:
      path === "worker" ? constantInputs.cheapOrigImSize : toTensor(inputs.origImSize, [2]),
  };
  const wanted = path === "worker" ? LOW_RES_OUTPUTS : undefined;
  const outputs = wanted ? await active.run(feeds, wanted) : await active.run(feeds);
  if (!outputs.iou_predictions || !outputs.low_res_masks || (!wanted && !outputs.masks)) {
    return fail(
      ErrorCode.MODEL_INVALID,
      "The decoder lacks the masks, iou_predictions or low_res_masks output.",
    );
  }
  return { ok: true, outputs, width: imageWidth, height: imageHeight };
}

async function runDecoder(
  active: ActiveDecoder,
  request: DecodeRequest,
  entry: { tensor: ort.Tensor; payload: EmbeddingPayload },
): Promise<DecodeResult> {
  const started = performance.now();
  const { maskPath } = active;
  const ran = await runSession(active.session, request, entry, maskPath);
  if (!ran.ok) return ran;
  const { outputs } = ran;
  const iou = (await outputs.iou_predictions!.getData()) as Float32Array;
  const lowRes = (await outputs.low_res_masks!.getData()) as Float32Array;
  let best: { mask: Uint8Array; score: number; lowRes: Float32Array };
  let { width, height } = ran;
  if (maskPath === "worker") {
    best = readLowResOutputs({ iou, lowRes, width, height });
  } else {
    const masks = outputs.masks!;
    [, , height = height, width = width] = masks.dims;
    best = readDecoderOutputs({
      masks: (await masks.getData()) as Float32Array,
      iou,
      lowRes,
      width,
      height,
    });
  }
  for (const value of Object.values(outputs)) value.dispose();
  const rendered = request.style
    ? await renderStyledMask({ mask: best.mask, width, height, style: request.style })
    : undefined;
  return {
    ok: true,
    ...best,
    width,
    height,
    decodeMs: performance.now() - started,
    ...(rendered ? { rendered } : {}),
  };
}

const scheduler = makeLatestWins<DecodeRequest, DecodeResult>({
  run: async request => {
    const active = current;
    if (!active) return fail(ErrorCode.DECODER_NOT_READY, "The mask decoder is still loading.");
    const entry = embeddings.get(request.key);
    if (!entry) {
      return fail(
        DecodeOnlyCode.EMBEDDING_MISSING,
        "This frame has not been prepared for segmentation yet.",
      );
    }
    return runDecoder(active, request, entry);
  },
  superseded: () => fail(DecodeOnlyCode.SUPERSEDED, "A newer click replaced this one."),
  onError: error => toFailure(error, ErrorCode.PIPELINE_FAILED),
});

function withTransfer(result: DecodeResult): DecodeResult {
  if (!result.ok) return result;
  return Comlink.transfer(result, [
    result.mask.buffer,
    result.lowRes.buffer,
    ...transferablesOf(result.rendered),
  ]);
}

/** The warm-up decode's prompt: a fixed embedding on a non-square 96×64 frame. */
function warmUpEntry(): { request: DecodeRequest; entry: DecoderEntry } {
  // A varied embedding: on a constant one a decoder may answer flat masks, which every
  // resampling reproduces, and the post-processing check would prove nothing.
  const data = new Float32Array(256 * 64 * 64);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.7) * 0.5;
  const payload: EmbeddingPayload = {
    data,
    shape: [1, 256, 64, 64],
    imageWidth: 96,
    imageHeight: 64,
    resizeScale: 1024 / 96,
  };
  return {
    request: { key: "warm-up", points: [{ x: 40, y: 24, positive: true }] },
    entry: { tensor: toTensor(payload.data, payload.shape), payload },
  };
}

/** Whether two runs' iou_predictions and low_res_masks agree up to float rounding. */
function sameLowResOutputs(a: Float32Array[], b: Float32Array[]): boolean {
  return a.every((values, k) => {
    const other = b[k];
    if (!other || other.length !== values.length) return false;
    return values.every((v, i) => Math.abs(v - other[i]!) <= 1e-4 * (1 + Math.abs(v)));
  });
}

async function lowResOutputsOf(
  outputs: ort.InferenceSession.OnnxValueMapType,
): Promise<Float32Array[]> {
  return [
    (await outputs.iou_predictions!.getData()) as Float32Array,
    (await outputs.low_res_masks!.getData()) as Float32Array,
  ];
}

/**
 * A warmed session for `bytes` (the first run compiles kernels and allocates). The warm-up runs
 * through the graph's own post-processing and decides the mask path: "worker" when upscaling
 * each low-res mask in the worker gives the graph's `masks` (a standard SAM export), else
 * "graph" (e.g. the test fixture, whose `masks` are made differently). On "worker", the session
 * is swapped for one without the unread full-size `masks` branch (ORT runs every node, asked-for
 * or not), kept only when it answers the same iou_predictions and low_res_masks.
 */
async function prepareSession({
  bytes,
  provider,
  tuning,
}: {
  bytes: Uint8Array;
  provider: DecoderBackend;
  tuning: DecoderTuning;
}): Promise<{ active: ActiveDecoder; warmMs: number }> {
  const full = await createSession(bytes, provider);
  try {
    const { request, entry } = warmUpEntry();
    const warmStarted = performance.now();
    const ran = await runSession(full, request, entry, "graph");
    const warmMs = performance.now() - warmStarted;
    if (!ran.ok) throw new Error(ran.message);
    const masks = ran.outputs.masks!;
    const reference = await lowResOutputsOf(ran.outputs);
    const matches =
      tuning.maskPostprocess !== "graph" &&
      matchesSamPostprocess({
        graphMasks: (await masks.getData()) as Float32Array,
        dims: masks.dims,
        lowRes: reference[1]!,
        width: entry.payload.imageWidth,
        height: entry.payload.imageHeight,
      });
    for (const value of Object.values(ran.outputs)) value.dispose();
    if (!matches)
      return { active: { session: full, maskPath: "graph", graphPruned: false }, warmMs };
    if (tuning.pruneGraph === false) {
      return { active: { session: full, maskPath: "worker", graphPruned: false }, warmMs };
    }
    const slim = await createSession(pruneModelOutputs(bytes, LOW_RES_OUTPUTS).bytes, provider, {
      quiet: true,
    }).catch(() => undefined);
    if (slim) {
      const slimRan = await runSession(slim, request, entry, "worker").catch(() => undefined);
      const same =
        slimRan?.ok === true &&
        sameLowResOutputs(reference, await lowResOutputsOf(slimRan.outputs));
      if (slimRan?.ok) for (const value of Object.values(slimRan.outputs)) value.dispose();
      if (same) {
        await full.release().catch(() => undefined);
        return { active: { session: slim, maskPath: "worker", graphPruned: true }, warmMs };
      }
      await slim.release().catch(() => undefined);
    }
    return { active: { session: full, maskPath: "worker", graphPruned: false }, warmMs };
  } catch (error) {
    await full.release().catch(() => undefined);
    throw error;
  }
}

/** What the session runs on; ORT drops numThreads to 1 when threads are unavailable. */
function describeRuntime(active: ActiveDecoder): DecoderRuntime {
  return {
    wasmBinary: ortWasmUrl.split("/").pop() ?? ortWasmUrl,
    wasmThreads: ort.env.wasm.numThreads ?? 1,
    crossOriginIsolated: globalThis.crossOriginIsolated,
    maskPostprocess: active.maskPath,
    graphPruned: active.graphPruned,
  };
}

const api: DecoderWorkerApi = {
  async init({
    modelUrl,
    authorization = "",
    preferWebGpu = true,
    tuning = {},
  }): Promise<Result<DecoderReady>> {
    const started = performance.now();
    if (!current) ort.env.wasm.numThreads = chooseWasmThreads(tuning.wasmThreads);
    let loaded: { bytes: Uint8Array; fromCache: boolean };
    try {
      loaded = await loadModelBytes(modelUrl, authorization);
    } catch (error) {
      return toFailure(error, ErrorCode.MODEL_MISSING);
    }
    let fallbackReason: string | undefined;
    const ready = async (provider: DecoderBackend): Promise<DecoderReady> => {
      const prepared = await prepareSession({ bytes: loaded.bytes, provider, tuning });
      await current?.session.release().catch(() => undefined);
      current = prepared.active;
      return {
        backend: provider,
        fromCache: loaded.fromCache,
        loadMs: performance.now() - started - prepared.warmMs,
        warmMs: prepared.warmMs,
        runtime: describeRuntime(prepared.active),
      };
    };
    if (preferWebGpu && (await hasWebGpuAdapter())) {
      try {
        return { ok: true, ...(await ready("webgpu")) };
      } catch (error) {
        fallbackReason = error instanceof Error ? error.message : String(error);
      }
    } else if (preferWebGpu) {
      fallbackReason = "No WebGPU adapter in this browser.";
    }
    try {
      return {
        ok: true,
        ...(await ready("wasm")),
        ...(fallbackReason === undefined ? {} : { fallbackReason }),
      };
    } catch (error) {
      return toFailure(error, ErrorCode.MODEL_INVALID);
    }
  },

  setEmbedding(key, payload) {
    const expected = payload.shape.reduce((a, b) => a * b, 1);
    if (payload.data.length !== expected) {
      return Promise.resolve(
        fail(
          ErrorCode.BAD_RESPONSE,
          `The embedding holds ${payload.data.length} values; shape ${payload.shape.join("×")} needs ${expected}.`,
        ),
      );
    }
    embeddings.delete(key);
    embeddings.set(key, { tensor: toTensor(payload.data, payload.shape), payload });
    while (embeddings.size > EMBEDDINGS_IN_MEMORY) {
      const oldest = embeddings.keys().next().value;
      if (oldest === undefined) break;
      embeddings.delete(oldest);
    }
    return Promise.resolve({ ok: true, key });
  },

  hasEmbedding(key) {
    return Promise.resolve(embeddings.has(key));
  },

  async decode(request) {
    return withTransfer(await scheduler.submit(request));
  },

  async renderMask({ mask, width, height, style }) {
    if (mask.length !== width * height) {
      return fail(
        ErrorCode.INVALID_REQUEST,
        `A ${width}×${height} mask needs ${width * height} values.`,
      );
    }
    try {
      const rendered = await renderStyledMask({ mask, width, height, style });
      return Comlink.transfer({ ok: true as const, ...rendered }, transferablesOf(rendered));
    } catch (error) {
      return toFailure(error, ErrorCode.INTERNAL);
    }
  },

  async encodeMaskPng({ mask, width, height }) {
    if (mask.length !== width * height) {
      return fail(
        ErrorCode.INVALID_REQUEST,
        `A ${width}×${height} mask needs ${width * height} values.`,
      );
    }
    try {
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext("2d");
      if (!context) throw new Error("This browser cannot draw masks off the main thread.");
      const rgba = new Uint8ClampedArray(width * height * 4);
      for (let i = 0; i < mask.length; i++) {
        const v = mask[i]!;
        rgba[i * 4] = v;
        rgba[i * 4 + 1] = v;
        rgba[i * 4 + 2] = v;
        rgba[i * 4 + 3] = 255;
      }
      context.putImageData(new ImageData(rgba, width, height), 0, 0);
      return { ok: true, png: await canvas.convertToBlob({ type: "image/png" }) };
    } catch (error) {
      return toFailure(error, ErrorCode.INTERNAL);
    }
  },

  async dispose() {
    embeddings.clear();
    await current?.session.release().catch(() => undefined);
    current = undefined;
  },
};

Comlink.expose(api);
