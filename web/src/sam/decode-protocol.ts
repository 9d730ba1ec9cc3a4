/**
 * What crosses the decoder worker boundary, and the latest-wins rule (STYLE §5). Every call answers
 * a result object, never a thrown error (Comlink keeps only the message of an exception). While a
 * decode runs, only the newest pending request is kept: the one it replaces answers SUPERSEDED at
 * once, so rapid clicks never queue up behind a slow decode and the last click always wins.
 */
import type { ErrorCode } from "@milimo/shared/api";
import type { Box, PromptPoint } from "@milimo/shared/sam";

/** Codes the decoder answers besides the shared ones; SUPERSEDED is not an error to show. */
export const DecodeOnlyCode = {
  /** A newer request replaced this one before it ran; ignore it. */
  SUPERSEDED: "SUPERSEDED",
  /** No embedding was set for the requested key. */
  EMBEDDING_MISSING: "EMBEDDING_MISSING",
} as const;
export type DecodeOnlyCode = (typeof DecodeOnlyCode)[keyof typeof DecodeOnlyCode];

export type DecodeErrorCode = ErrorCode | DecodeOnlyCode;

export interface Failure {
  ok: false;
  code: DecodeErrorCode;
  message: string;
}

export type Result<T> = ({ ok: true } & T) | Failure;

/** The execution provider the decoder session runs on. */
export type DecoderBackend = "webgpu" | "wasm";

export interface DecoderReady {
  backend: DecoderBackend;
  /** Why WebGPU was not used, when it was wanted but failed; for the console and the status. */
  fallbackReason?: string;
  /** True when the model bytes came from the offline cache rather than the server. */
  fromCache: boolean;
  loadMs: number;
  /** Time of the throwaway warm-up decode, in ms. */
  warmMs: number;
  /** How the session runs, for the console and benchmarks. */
  runtime?: DecoderRuntime;
}

/** Benchmark overrides of the worker's choices (each defaults to what the studio uses). */
export interface DecoderTuning {
  /** WASM threads; default every core when cross-origin isolated (applies before the first load). */
  wasmThreads?: number;
  /** "graph" forces the decoder's own full-size masks; default "auto" (see DecoderRuntime). */
  maskPostprocess?: "auto" | "graph";
  /** false keeps the graph's unread full-size masks branch; default true. */
  pruneGraph?: boolean;
}

/** The decoder's runtime settings as they took effect. */
export interface DecoderRuntime {
  /** The ORT WebAssembly binary loaded (file name, hashed by the bundler). */
  wasmBinary: string;
  /** WASM threads in use: 1 without cross-origin isolation. */
  wasmThreads: number;
  crossOriginIsolated: boolean;
  /** "worker": only the chosen low-res mask is upscaled, in the worker; "graph": the model's. */
  maskPostprocess: "graph" | "worker";
  /** True when the graph's unread full-size `masks` branch was cut away ("worker" only). */
  graphPruned: boolean;
}

/** An embedding as the server answered it (see shared/src/api/sam.ts). */
export interface EmbeddingPayload {
  /** Little-endian float32 values, e.g. 1×256×64×64. */
  data: Float32Array;
  shape: number[];
  /** The original frame size in pixels (the decoder's orig_im_size, as width and height). */
  imageWidth: number;
  imageHeight: number;
  /** SAM input side / longest image side, e.g. 1024 / 1920. */
  resizeScale: number;
}

/** How a mask is shown: inverted or feathered, in an RGBA colour (alpha 0..255). */
export interface MaskStyle {
  invert?: boolean;
  /** Edge softening in image pixels; 0 keeps the mask binary. Default 0. */
  featherPx?: number;
  /** Overlay colour; default a 40 % blue. */
  rgba?: readonly [number, number, number, number];
}

/** One decode: clicks and an optional box in original image pixels. */
export interface DecodeRequest {
  /** The embedding key given to `setEmbedding`. */
  key: string;
  points: PromptPoint[];
  box?: Box;
  /** The previous decode's best low-res logits (256×256), fed back as SAM's dense prompt. */
  maskInput?: Float32Array;
  /** When set, the answer carries an overlay bitmap drawn in this style (made in the worker). */
  style?: MaskStyle;
}

/** A mask drawn for the overlay: the styled 0..255 mask and its tinted bitmap. */
export interface RenderedMask {
  /** The mask after invert/feather, 0..255, row-major. */
  mask: Uint8Array;
  width: number;
  height: number;
  /** RGBA overlay ready for `drawImage`, when the worker can make bitmaps. */
  bitmap?: ImageBitmap;
}

export interface DecodedMask {
  /** Binary 0/255 mask at imageWidth×imageHeight, row-major. */
  mask: Uint8Array;
  width: number;
  height: number;
  /** Predicted IoU of the chosen multimask output. */
  score: number;
  /** That output's 256×256 low-res logits, to feed back with the next click. */
  lowRes: Float32Array;
  /** Time of `session.run` plus post-processing, in ms. */
  decodeMs: number;
  /** The styled overlay, when the request asked for one. */
  rendered?: RenderedMask;
}

export type DecodeResult = Result<DecodedMask>;

/** The API object the decoder worker exposes through Comlink. */
export interface DecoderWorkerApi {
  /** Loads the decoder (network first, offline cache second) and warms it with one decode. */
  init(options: {
    modelUrl: string;
    /** Authorization header value for a token-protected server; "" for none. */
    authorization?: string;
    /** false forces WASM (tests, benchmarks); default true. */
    preferWebGpu?: boolean;
    /** Overrides for benchmarks that compare settings; the studio leaves it unset. */
    tuning?: DecoderTuning;
  }): Promise<Result<DecoderReady>>;
  /** Keeps an embedding in memory under `key` (the newest few are kept). */
  setEmbedding(key: string, embedding: EmbeddingPayload): Promise<Result<{ key: string }>>;
  hasEmbedding(key: string): Promise<boolean>;
  decode(request: DecodeRequest): Promise<DecodeResult>;
  /** Styles a binary mask (invert, feather) and draws its overlay bitmap, off the main thread. */
  renderMask(request: {
    mask: Uint8Array;
    width: number;
    height: number;
    style: MaskStyle;
  }): Promise<Result<RenderedMask>>;
  /** A mask (0..255) as a greyscale PNG, 255 = inside. */
  encodeMaskPng(request: {
    mask: Uint8Array;
    width: number;
    height: number;
  }): Promise<Result<{ png: Blob }>>;
  dispose(): Promise<void>;
}

/** A failure result. */
export function fail(code: DecodeErrorCode, message: string): Failure {
  return { ok: false, code, message };
}

/** Any thrown value as a failure result with `code`, keeping its message. */
export function toFailure(error: unknown, code: DecodeErrorCode): Failure {
  const message = error instanceof Error ? error.message : String(error);
  return fail(code, message || "The mask decoder failed.");
}

export interface LatestWins<Req, Res> {
  /** Runs `request` now if idle; otherwise it becomes the one pending request. */
  submit(request: Req): Promise<Res>;
  /** True while a request runs. */
  busy(): boolean;
  /** Requests handed to `run` so far (superseded ones never are). */
  runs(): number;
}

/**
 * A one-slot scheduler: at most one `run` at a time and at most one request waiting. A newer
 * submit replaces the waiting one, which resolves to `superseded(request)`. A `run` that throws
 * resolves to `onError(error)`, so callers only ever see results.
 */
export function makeLatestWins<Req, Res>({
  run,
  superseded,
  onError,
}: {
  run: (request: Req) => Promise<Res>;
  superseded: (request: Req) => Res;
  onError: (error: unknown) => Res;
}): LatestWins<Req, Res> {
  let running = false;
  let started = 0;
  let pending: { request: Req; resolve: (res: Res) => void } | undefined;

  async function execute(request: Req): Promise<Res> {
    running = true;
    started++;
    try {
      return await run(request);
    } catch (error) {
      return onError(error);
    } finally {
      running = false;
      const next = pending;
      pending = undefined;
      if (next) void execute(next.request).then(next.resolve);
    }
  }

  return {
    submit(request) {
      if (!running) return execute(request);
      const replaced = pending;
      const promise = new Promise<Res>(resolve => {
        pending = { request, resolve };
      });
      replaced?.resolve(superseded(replaced.request));
      return promise;
    },
    busy: () => running,
    runs: () => started,
  };
}
