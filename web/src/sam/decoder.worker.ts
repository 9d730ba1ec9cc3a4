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
 */
import * as Comlink from "comlink";
import * as ort from "onnxruntime-web/webgpu";
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
  type DecoderWorkerApi,
  type EmbeddingPayload,
  type MaskStyle,
  type RenderedMask,
  type Result,
} from "./decode-protocol";
import { buildDecoderInputs, readDecoderOutputs, styleMask, tintMask } from "./decoder-io";

/** Cache Storage bucket of decoder model files (bump the suffix to drop old entries). */
const DECODER_CACHE_NAME = "milimo-sam-models-v1";
/** Embeddings kept in worker memory; the IndexedDB cache holds the rest. */
const EMBEDDINGS_IN_MEMORY = 4;

// The files are emitted by Vite (`?url`), so they are precached with the app and load offline.
ort.env.wasm.wasmPaths = { wasm: ortWasmUrl, mjs: ortMjsUrl };
// Already off the main thread: ORT's own proxy worker would only add a hop.
ort.env.wasm.proxy = false;

let session: ort.InferenceSession | undefined;
let backend: DecoderBackend | undefined;
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
): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, {
    executionProviders: [provider],
    graphOptimizationLevel: "all",
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

async function runDecoder(
  active: ort.InferenceSession,
  request: DecodeRequest,
  entry: { tensor: ort.Tensor; payload: EmbeddingPayload },
): Promise<DecodeResult> {
  const started = performance.now();
  const { imageWidth, imageHeight, resizeScale } = entry.payload;
  const inputs = buildDecoderInputs({
    points: request.points,
    box: request.box,
    maskInput: request.maskInput,
    resizeScale,
    imageWidth,
    imageHeight,
  });
  const outputs = await active.run({
    image_embeddings: entry.tensor,
    point_coords: toTensor(inputs.coords, [1, inputs.count, 2]),
    point_labels: toTensor(inputs.labels, [1, inputs.count]),
    mask_input: toTensor(inputs.maskInput, [1, 1, 256, 256]),
    has_mask_input: toTensor(inputs.hasMaskInput, [1]),
    orig_im_size: toTensor(inputs.origImSize, [2]),
  });
  const masks = outputs.masks;
  const iou = outputs.iou_predictions;
  const lowRes = outputs.low_res_masks;
  if (!masks || !iou || !lowRes) {
    return fail(
      ErrorCode.MODEL_INVALID,
      "The decoder lacks the masks, iou_predictions or low_res_masks output.",
    );
  }
  const [, , height = imageHeight, width = imageWidth] = masks.dims;
  const best = readDecoderOutputs({
    masks: (await masks.getData()) as Float32Array,
    iou: (await iou.getData()) as Float32Array,
    lowRes: (await lowRes.getData()) as Float32Array,
    width,
    height,
  });
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
    const active = session;
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

/** One throwaway decode on a zero embedding: the first run compiles kernels and allocates. */
async function warmUp(active: ort.InferenceSession): Promise<number> {
  const started = performance.now();
  const payload: EmbeddingPayload = {
    data: new Float32Array(256 * 64 * 64),
    shape: [1, 256, 64, 64],
    imageWidth: 64,
    imageHeight: 64,
    resizeScale: 16,
  };
  const result = await runDecoder(
    active,
    { key: "warm-up", points: [{ x: 32, y: 32, positive: true }] },
    { tensor: toTensor(payload.data, payload.shape), payload },
  );
  if (!result.ok) throw new Error(result.message);
  return performance.now() - started;
}

const api: DecoderWorkerApi = {
  async init({ modelUrl, authorization = "", preferWebGpu = true }): Promise<Result<DecoderReady>> {
    const started = performance.now();
    let loaded: { bytes: Uint8Array; fromCache: boolean };
    try {
      loaded = await loadModelBytes(modelUrl, authorization);
    } catch (error) {
      return toFailure(error, ErrorCode.MODEL_MISSING);
    }
    let fallbackReason: string | undefined;
    if (preferWebGpu && (await hasWebGpuAdapter())) {
      try {
        const candidate = await createSession(loaded.bytes, "webgpu");
        const warmMs = await warmUp(candidate).catch(async (error: unknown) => {
          await candidate.release().catch(() => undefined);
          throw error;
        });
        await session?.release().catch(() => undefined);
        session = candidate;
        backend = "webgpu";
        const loadMs = performance.now() - started - warmMs;
        return { ok: true, backend, fromCache: loaded.fromCache, loadMs, warmMs };
      } catch (error) {
        fallbackReason = error instanceof Error ? error.message : String(error);
      }
    } else if (preferWebGpu) {
      fallbackReason = "No WebGPU adapter in this browser.";
    }
    try {
      const candidate = await createSession(loaded.bytes, "wasm");
      const warmMs = await warmUp(candidate);
      await session?.release().catch(() => undefined);
      session = candidate;
      backend = "wasm";
      const loadMs = performance.now() - started - warmMs;
      return {
        ok: true,
        backend,
        fromCache: loaded.fromCache,
        loadMs,
        warmMs,
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
    await session?.release().catch(() => undefined);
    session = undefined;
    backend = undefined;
  },
};

Comlink.expose(api);
