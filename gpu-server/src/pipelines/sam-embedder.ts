/**
 * SAM image embeddings, shared by `POST /api/sam/embed` and the `sam-embed` job. An embedding is
 * cached on disk by (content sha256, frame, encoder id): the same picture never runs the encoder
 * twice, and concurrent requests for it share one run. Decoding runs in ffmpeg and the encoder in
 * the interactive inference thread, so the event loop stays free while a real encoder takes seconds.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import {
  ErrorCode,
  SamEmbeddingMetaSchema,
  SamPreprocessingSchema,
  type SamEmbeddingMeta,
} from "@milimo/shared/api";
import { DomainError } from "../errors";
import type { SessionCache } from "../inference/session-cache";
import { expectedSignature, type ModelRegistry } from "../inference/model-registry";
import type { Logger } from "../logger";
import type { UploadStore } from "../uploads/upload-store";
import { decodeFrameToRgb, preprocessForSam } from "./sam-image";

export interface SamEmbedding {
  /** float32 little-endian bytes of the embedding tensor. */
  bytes: Uint8Array;
  meta: SamEmbeddingMeta;
  cached: boolean;
}

export type SamEmbedSource = { bytes: Uint8Array } | { uploadId: string };

export interface SamEmbedder {
  /** The embedding of a picture (frame 0) or of a video frame; MODEL_MISSING without an encoder. */
  embed(args: {
    source: SamEmbedSource;
    frame?: number;
    modelId?: string;
    signal?: AbortSignal;
    /** Called between the decode and the encode (for job progress). */
    onStep?: (step: "decoded" | "encoded") => void;
  }): Promise<SamEmbedding>;
  /** Deletes cached embeddings older than `beforeMs` (epoch ms); returns how many. */
  prune(beforeMs: number): Promise<number>;
}

export function makeSamEmbedder(args: {
  registry: ModelRegistry;
  sessions: SessionCache;
  uploads: UploadStore;
  cacheDir: string;
  logger: Logger;
}): SamEmbedder {
  const { registry, sessions, uploads, cacheDir, logger } = args;
  const inFlight = new Map<string, Promise<SamEmbedding>>();

  const readCached = async (key: string): Promise<SamEmbedding | undefined> => {
    const bin = join(cacheDir, `${key}.bin`);
    const json = join(cacheDir, `${key}.json`);
    if (!existsSync(bin) || !existsSync(json)) return undefined;
    try {
      const meta = SamEmbeddingMetaSchema.parse(JSON.parse(await readFile(json, "utf8")));
      const bytes = new Uint8Array(await readFile(bin));
      return { bytes, meta, cached: true };
    } catch {
      return undefined; // a damaged entry is recomputed
    }
  };

  const writeCached = async (key: string, embedding: SamEmbedding) => {
    await mkdir(cacheDir, { recursive: true });
    const suffix = `${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    const bin = join(cacheDir, `${key}.bin`);
    const json = join(cacheDir, `${key}.json`);
    await writeFile(`${bin}.${suffix}`, embedding.bytes);
    await rename(`${bin}.${suffix}`, bin);
    await writeFile(`${json}.${suffix}`, JSON.stringify(embedding.meta));
    await rename(`${json}.${suffix}`, json);
  };

  const compute = async (a: {
    input: { path: string } | { bytes: Uint8Array };
    frame: number;
    modelId: string;
    signal?: AbortSignal;
    onStep?: (step: "decoded" | "encoded") => void;
  }): Promise<SamEmbedding> => {
    const entry = registry.get(a.modelId);
    const manifest = entry?.manifest;
    if (!manifest)
      throw new DomainError(ErrorCode.MODEL_MISSING, `Model ${a.modelId} is not installed.`);
    const role = Object.keys(manifest.files)[0] as string;
    const signature = expectedSignature(manifest, role);
    const inputName = signature?.inputs[0]?.name ?? "image";
    const outputName = signature?.outputs[0]?.name ?? "image_embeddings";
    const pre = SamPreprocessingSchema.parse(manifest.preprocessing ?? {});

    const image = await decodeFrameToRgb({ input: a.input, frame: a.frame, signal: a.signal });
    a.onStep?.("decoded");
    a.signal?.throwIfAborted();
    const input = preprocessForSam(image, pre);
    const output = await sessions.withModel(a.modelId, async () => {
      const session = await sessions.load(a.modelId, role);
      const result = await session.run({
        [inputName]: new ort.Tensor("float32", input.data, [...input.dims]),
      });
      return result[outputName];
    });
    if (!output || output.type !== "float32") {
      throw new DomainError(
        ErrorCode.MODEL_INVALID,
        `Model ${a.modelId} returned no float32 "${outputName}".`,
      );
    }
    a.onStep?.("encoded");
    const data = output.data as Float32Array;
    return {
      bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      meta: {
        shape: [...output.dims],
        modelId: a.modelId,
        resizeScale: input.scale,
        imageWidth: image.width,
        imageHeight: image.height,
      },
      cached: false,
    };
  };

  return {
    async embed({ source, frame = 0, modelId, signal, onStep }) {
      const model = registry.find({ task: "sam-encoder", id: modelId });
      if (!model) {
        throw new DomainError(
          ErrorCode.MODEL_MISSING,
          modelId
            ? `The SAM encoder ${modelId} is not installed on this server.`
            : "No SAM encoder is installed on this server. Put one in MODELS_DIR (see README) or run `npm run models` for the test fixture.",
        );
      }
      let input: { path: string } | { bytes: Uint8Array };
      let contentSha: string;
      if ("uploadId" in source) {
        const path = uploads.path(source.uploadId);
        if (!path) {
          throw new DomainError(
            ErrorCode.UPLOAD_NOT_FOUND,
            `Upload ${source.uploadId} is not on the server; upload it again.`,
          );
        }
        input = { path };
        contentSha = source.uploadId;
      } else {
        input = { bytes: source.bytes };
        contentSha = createHash("sha256").update(source.bytes).digest("hex");
      }
      const key = createHash("sha256").update(`${contentSha}:${frame}:${model.id}`).digest("hex");
      const cached = await readCached(key);
      if (cached) return cached;
      let run = inFlight.get(key);
      if (!run) {
        const started = performance.now();
        run = compute({ input, frame, modelId: model.id, signal, onStep })
          .then(async embedding => {
            await writeCached(key, embedding).catch((err: unknown) =>
              logger.warn("could not cache an embedding", { error: err }),
            );
            logger.debug("sam embedding computed", {
              modelId: model.id,
              ms: Math.round(performance.now() - started),
            });
            return embedding;
          })
          .finally(() => inFlight.delete(key));
        inFlight.set(key, run);
      }
      return run;
    },
    async prune(beforeMs) {
      if (!existsSync(cacheDir)) return 0;
      let removed = 0;
      for (const name of await readdir(cacheDir)) {
        const path = join(cacheDir, name);
        const info = await stat(path).catch(() => undefined);
        if (info && info.mtimeMs < beforeMs) {
          await rm(path, { force: true });
          if (name.endsWith(".bin")) removed++;
        }
      }
      return removed;
    },
  };
}
