/**
 * The studio's side of the decoder worker (STYLE §5): owns the Worker and its Comlink proxy, finds
 * the decoder in the server's model registry (remembering it for offline starts), prepares frames
 * through the embedding cache, and keeps at most one decode in flight (latest-wins) so a burst of
 * clicks costs the main thread one postMessage each and never queues work.
 */
import * as Comlink from "comlink";
import { onCleanup } from "solid-js";
import { ApiPath, ErrorCode, ListModelsResponseSchema, ModelTask } from "@milimo/shared/api";
import type { ApiClient } from "../api/client";
import {
  DecodeOnlyCode,
  fail,
  makeLatestWins,
  toFailure,
  type DecodeRequest,
  type DecodeResult,
  type DecoderBackend,
  type DecoderReady,
  type DecoderTuning,
  type DecoderWorkerApi,
  type Result,
} from "./decode-protocol";
import { SamCacheDB } from "../db/sam-cache-db";
import { makeEmbeddingCache, type EmbeddingCache } from "./embedding-cache";

/** localStorage key of the last decoder the server offered, for starting offline. */
export const DECODER_MODEL_STORAGE_KEY = "milimo.sam.decoder";

export interface DecoderModel {
  modelId: string;
  fileName: string;
  /** The encoder whose embeddings this decoder reads, when the manifest names it. */
  encoderId?: string | undefined;
  fixture: boolean;
}

export type DecoderStarted = DecoderReady & { model: DecoderModel };

export interface PreparedFrame {
  key: string;
  imageWidth: number;
  imageHeight: number;
  fromCache: boolean;
}

export interface DecoderClient {
  /** Loads the decoder once (later calls share the answer; a failed start may be retried). */
  start(): Promise<Result<DecoderStarted>>;
  /** Makes sure the worker holds this frame's embedding (cache first, then the server). */
  prepareFrame(request: {
    mediaId: string;
    frame: number;
    readImage: () => Promise<Blob>;
  }): Promise<Result<PreparedFrame>>;
  /** Decodes clicks/box on a prepared frame; superseded requests answer SUPERSEDED. */
  decode(request: DecodeRequest): Promise<DecodeResult>;
  renderMask: DecoderWorkerApi["renderMask"];
  encodeMaskPng: DecoderWorkerApi["encodeMaskPng"];
}

/** The sentence the studio shows for where segmentation runs. */
export function describeDecoderBackend(backend: DecoderBackend): string {
  return backend === "webgpu"
    ? "Segmentation runs on GPU (WebGPU)"
    : "Segmentation runs on CPU (WASM)";
}

function readStoredModel(storage: Storage | undefined): DecoderModel | undefined {
  try {
    const raw = storage?.getItem(DECODER_MODEL_STORAGE_KEY);
    const value = raw ? (JSON.parse(raw) as Partial<DecoderModel>) : undefined;
    if (typeof value?.modelId !== "string" || typeof value.fileName !== "string") return undefined;
    return {
      modelId: value.modelId,
      fileName: value.fileName,
      encoderId: typeof value.encoderId === "string" ? value.encoderId : undefined,
      fixture: value.fixture === true,
    };
  } catch {
    return undefined;
  }
}

/** The decoder the server offers (a real model before a fixture), or undefined when none. */
export async function findDecoderModel(
  api: Pick<ApiClient, "request">,
): Promise<DecoderModel | undefined> {
  const { models } = await api.request(ApiPath.models, { schema: ListModelsResponseSchema });
  const decoders = models.filter(m => m.task === ModelTask.samDecoder);
  const chosen = decoders.find(m => !m.fixture) ?? decoders[0];
  if (!chosen) return undefined;
  const fileName = chosen.files.decoder ?? Object.values(chosen.files)[0];
  if (!fileName) return undefined;
  const encoderId = chosen.config?.encoderId;
  return {
    modelId: chosen.id,
    fileName,
    encoderId: typeof encoderId === "string" ? encoderId : undefined,
    fixture: chosen.fixture,
  };
}

function makeDefaultWorker(): Worker {
  return new Worker(new URL("./decoder.worker.ts", import.meta.url), {
    type: "module",
    name: "sam-decoder",
  });
}

/** Creates a client and its worker; the second element terminates both. */
export function makeDecoderClient({
  api,
  cache,
  createWorker = makeDefaultWorker,
  storage = typeof localStorage === "undefined" ? undefined : localStorage,
  preferWebGpu = true,
  tuning,
}: {
  api: Pick<ApiClient, "request" | "url" | "config">;
  cache: EmbeddingCache;
  createWorker?: () => Worker;
  storage?: Storage | undefined;
  /** false forces WASM (tests and benchmarks). */
  preferWebGpu?: boolean;
  /** Benchmark overrides passed to the worker; unset in the studio. */
  tuning?: DecoderTuning;
}): [DecoderClient, () => void] {
  const worker = createWorker();
  const remote = Comlink.wrap<DecoderWorkerApi>(worker);
  let started: Promise<Result<DecoderStarted>> | undefined;
  let model: DecoderModel | undefined;

  async function resolveModel(): Promise<Result<{ model: DecoderModel }>> {
    try {
      const found = await findDecoderModel(api);
      if (!found) {
        return fail(
          ErrorCode.MODEL_MISSING,
          "The GPU server has no SAM decoder. Add one to its models folder or run “npm run models”.",
        );
      }
      storage?.setItem(DECODER_MODEL_STORAGE_KEY, JSON.stringify(found));
      return { ok: true, model: found };
    } catch (error) {
      const stored = readStoredModel(storage);
      if (stored) return { ok: true, model: stored };
      return toFailure(error, ErrorCode.SERVER_UNREACHABLE);
    }
  }

  async function doStart(): Promise<Result<DecoderStarted>> {
    const resolved = await resolveModel();
    if (!resolved.ok) return resolved;
    const { token } = api.config();
    const ready = await remote.init({
      modelUrl: api.url(ApiPath.modelFile(resolved.model.modelId, resolved.model.fileName)),
      authorization: token ? `Bearer ${token}` : "",
      preferWebGpu,
      ...(tuning ? { tuning } : {}),
    });
    if (!ready.ok) return ready;
    model = resolved.model;
    return { ...ready, model: resolved.model };
  }

  const decodes = makeLatestWins<DecodeRequest, DecodeResult>({
    run: request => remote.decode(request),
    superseded: () => fail(DecodeOnlyCode.SUPERSEDED, "A newer click replaced this one."),
    onError: error => toFailure(error, ErrorCode.INTERNAL),
  });

  const client: DecoderClient = {
    start() {
      started ??= doStart().then(result => {
        if (!result.ok) started = undefined;
        return result;
      });
      return started;
    },

    async prepareFrame({ mediaId, frame, readImage }) {
      const embedding = await cache.getOrFetch({
        mediaId,
        frame,
        modelId: model?.encoderId,
        readImage,
      });
      if (!embedding.ok) return embedding;
      const { key, imageWidth, imageHeight, fromCache } = embedding;
      try {
        if (!(await remote.hasEmbedding(key))) {
          const { data, shape, resizeScale } = embedding;
          const set = await remote.setEmbedding(
            key,
            Comlink.transfer({ data, shape, imageWidth, imageHeight, resizeScale }, [data.buffer]),
          );
          if (!set.ok) return set;
        }
      } catch (error) {
        return toFailure(error, ErrorCode.DECODER_NOT_READY);
      }
      return { ok: true, key, imageWidth, imageHeight, fromCache };
    },

    decode: request => decodes.submit(request),
    renderMask: request => remote.renderMask(request),
    encodeMaskPng: request => remote.encodeMaskPng(request),
  };

  const dispose = () => {
    void remote.dispose().catch(() => undefined);
    remote[Comlink.releaseProxy]();
    worker.terminate();
  };
  return [client, dispose];
}

/**
 * Reactive: a decoder client with its IndexedDB embedding cache for the owner's life, disposed
 * (worker terminated, cache closed) on cleanup. `api` is the studio's api client.
 */
export function createDecoder({
  api,
  preferWebGpu,
}: {
  api: Pick<ApiClient, "request" | "url" | "config" | "fetchRaw">;
  preferWebGpu?: boolean;
}): DecoderClient {
  const db = new SamCacheDB();
  const cache = makeEmbeddingCache({ db, api });
  const [client, dispose] = makeDecoderClient({ api, cache, preferWebGpu });
  onCleanup(() => {
    dispose();
    db.close();
  });
  return client;
}

/**
 * Reactive, like `createDecoder`, but the worker and the embedding cache are made on the first
 * call, not at once: the player holds one for its life and most sessions never segment.
 */
export function createLazyDecoder(options: {
  api: Pick<ApiClient, "request" | "url" | "config" | "fetchRaw">;
  preferWebGpu?: boolean;
}): DecoderClient {
  let inner: { client: DecoderClient; close: () => void } | undefined;
  let disposed = false;
  const get = (): DecoderClient => {
    if (disposed) throw new Error("The segmentation worker was closed.");
    if (!inner) {
      const db = new SamCacheDB();
      const cache = makeEmbeddingCache({ db, api: options.api });
      const [client, dispose] = makeDecoderClient({
        api: options.api,
        cache,
        ...(options.preferWebGpu === undefined ? {} : { preferWebGpu: options.preferWebGpu }),
      });
      inner = {
        client,
        close: () => {
          dispose();
          db.close();
        },
      };
    }
    return inner.client;
  };
  onCleanup(() => {
    disposed = true;
    inner?.close();
    inner = undefined;
  });
  return {
    start: () => get().start(),
    prepareFrame: request => get().prepareFrame(request),
    decode: request => get().decode(request),
    renderMask: request => get().renderMask(request),
    encodeMaskPng: request => get().encodeMaskPng(request),
  };
}
