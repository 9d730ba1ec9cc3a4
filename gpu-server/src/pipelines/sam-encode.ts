/**
 * The `sam-embed` job: the same embedding as `POST /api/sam/embed`, as a job with progress, for long
 * videos and clients that want to follow it. Artifacts: `embedding.bin` (float32 bytes) and
 * `embedding.json` (shape, model id, resize scale, image size).
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ErrorCode, SamEmbedArtifact, type SamEmbedParams } from "@milimo/shared/api";
import { DomainError } from "../errors";
import type { SamEmbedder } from "./sam-embedder";
import type { Pipeline } from "./types";

/** Builds the pipeline around the shared embedder (so jobs and the route share one cache). */
export function makeSamEncodePipeline(embedder: SamEmbedder): Pipeline<SamEmbedParams> {
  return async (params, ctx) => {
    if (!ctx.uploadPath(params.uploadId)) {
      throw new DomainError(
        ErrorCode.UPLOAD_NOT_FOUND,
        `Upload ${params.uploadId} is not on the server; upload it again.`,
      );
    }
    const total = 3;
    ctx.progress({ step: 0, total, message: `Reading frame ${params.frame}` });
    const embedding = await embedder.embed({
      source: { uploadId: params.uploadId },
      frame: params.frame,
      modelId: params.modelId,
      signal: ctx.signal,
      onStep: step =>
        ctx.progress(
          step === "decoded"
            ? { step: 1, total, message: "Encoding the frame for segmentation" }
            : { step: 2, total, message: "Saving the embedding" },
        ),
    });
    ctx.signal.throwIfAborted();
    await writeFile(join(ctx.workDir, SamEmbedArtifact.data), embedding.bytes);
    const meta = `${JSON.stringify(embedding.meta)}\n`;
    await writeFile(join(ctx.workDir, SamEmbedArtifact.meta), meta);
    ctx.progress({ step: total, total, message: "Embedding ready" });
    return [
      {
        name: SamEmbedArtifact.data,
        mime: "application/octet-stream",
        bytes: embedding.bytes.byteLength,
      },
      { name: SamEmbedArtifact.meta, mime: "application/json", bytes: Buffer.byteLength(meta) },
    ];
  };
}
