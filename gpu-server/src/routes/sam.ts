/**
 * `POST /api/sam/embed`: multipart `image`, or JSON `{uploadId, frame}` for a frame of an uploaded
 * video. Answers the float32 embedding bytes with X-Embedding-Shape, X-Model-Id, X-Resize-Scale and
 * X-Image-Size. Cached by content hash + model id (X-Embedding-Cache: hit).
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import {
  ApiRoute,
  ErrorCode,
  SAM_IMAGE_FIELD,
  SamEmbedHeader,
  SamEmbedJsonRequestSchema,
  formatSamEmbeddingHeaders,
} from "@milimo/shared/api";
import type { AppDeps } from "../app-deps";
import { DomainError } from "../errors";
import { parseOrThrow } from "../middleware/validate";
import { sniffMediaType } from "../uploads/sniff-media-type";
import type { SamEmbedSource } from "../pipelines/sam-embedder";
import { readFileField, tooLarge } from "./uploads";

export function samRoutes(deps: AppDeps) {
  const max = deps.config.uploadMaxBytes;
  return new Hono().post(
    ApiRoute.samEmbed,
    bodyLimit({
      maxSize: max + 64 * 1024,
      onError: () => {
        throw tooLarge(max);
      },
    }),
    async c => {
      const type = c.req.header("Content-Type")?.toLowerCase() ?? "";
      let source: SamEmbedSource;
      let frame = 0;
      if (type.startsWith("multipart/form-data")) {
        const file = await readFileField(c.req, SAM_IMAGE_FIELD);
        const bytes = new Uint8Array(await file.arrayBuffer());
        if (!sniffMediaType(bytes)?.startsWith("image/")) {
          throw new DomainError(
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            `${SAM_IMAGE_FIELD}: send a PNG, JPEG, WebP or GIF picture (for video frames, upload the video and send {uploadId, frame}).`,
          );
        }
        source = { bytes };
      } else if (type.startsWith("application/json")) {
        const body: unknown = await c.req.json().catch(() => {
          throw new DomainError(ErrorCode.INVALID_REQUEST, "The request body is not valid JSON.");
        });
        const request = parseOrThrow(SamEmbedJsonRequestSchema, body);
        if (!deps.uploads.get(request.uploadId)) {
          throw new DomainError(
            ErrorCode.UPLOAD_NOT_FOUND,
            `uploadId: upload ${request.uploadId} is not on the server; upload it again.`,
          );
        }
        source = { uploadId: request.uploadId };
        frame = request.frame;
      } else {
        throw new DomainError(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          `Send multipart form data with an "${SAM_IMAGE_FIELD}" file, or JSON {uploadId, frame}.`,
        );
      }
      const embedding = await deps.samEmbedder.embed({ source, frame, signal: c.req.raw.signal });
      const headers = new Headers(formatSamEmbeddingHeaders(embedding.meta));
      headers.set("Content-Type", "application/octet-stream");
      headers.set("Content-Length", String(embedding.bytes.byteLength));
      headers.set(SamEmbedHeader.cache, embedding.cached ? "hit" : "miss");
      return new Response(embedding.bytes, { status: 200, headers });
    },
  );
}
