/**
 * `POST /api/sam/embed`: multipart `image`, or JSON `{uploadId, frame}` for a frame of an uploaded
 * video. Answers the float32 embedding bytes with X-Embedding-Shape, X-Model-Id, X-Resize-Scale and
 * X-Image-Size. Cached by content hash + model id (X-Embedding-Cache: hit).
 *
 * `POST /api/sam/ground`: the same two forms plus `text` ("the red car"); answers
 * `{boxes:[{box, score, label}], modelId, width, height}`, boxes in image pixels, best first, or
 * 503 MODEL_MISSING when no grounding model is installed.
 */
import { Hono, type Context } from "hono";
import type { z } from "zod";
import { bodyLimit } from "hono/body-limit";
import {
  ApiRoute,
  ErrorCode,
  SAM_IMAGE_FIELD,
  SAM_TEXT_FIELD,
  SamEmbedHeader,
  SamEmbedJsonRequestSchema,
  SamGroundFormSchema,
  SamGroundJsonRequestSchema,
  SamGroundResponseSchema,
  formatSamEmbeddingHeaders,
} from "@milimo/shared/api";
import type { AppDeps } from "../app-deps";
import { DomainError } from "../errors";
import { parseOrThrow } from "../middleware/validate";
import { makeGrounder } from "../pipelines/grounder";
import { sniffMediaType } from "../uploads/sniff-media-type";
import type { SamEmbedSource } from "../pipelines/sam-embedder";
import { sendJson } from "./respond";
import { readFileField, tooLarge } from "./uploads";

const notAnImage = () =>
  new DomainError(
    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    `${SAM_IMAGE_FIELD}: send a PNG, JPEG, WebP or GIF picture (for video frames, upload the video and send {uploadId, frame}).`,
  );

/** The multipart `image` file's bytes; 415 when it is not a picture. */
async function readImageField(c: Context): Promise<{ bytes: Uint8Array }> {
  const file = await readFileField(c.req, SAM_IMAGE_FIELD);
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!sniffMediaType(bytes)?.startsWith("image/")) throw notAnImage();
  return { bytes };
}

/** The JSON body checked against `schema` (400 naming the field); the upload it names must exist. */
async function readUploadRequest<T extends { uploadId: string }>(
  c: Context,
  deps: AppDeps,
  schema: z.ZodType<T>,
): Promise<T> {
  const body: unknown = await c.req.json().catch(() => {
    throw new DomainError(ErrorCode.INVALID_REQUEST, "The request body is not valid JSON.");
  });
  const request = parseOrThrow(schema, body);
  if (!deps.uploads.get(request.uploadId)) {
    throw new DomainError(
      ErrorCode.UPLOAD_NOT_FOUND,
      `uploadId: upload ${request.uploadId} is not on the server; upload it again.`,
    );
  }
  return request;
}

const isMultipart = (type: string) => type.startsWith("multipart/form-data");
const isJson = (type: string) => type.startsWith("application/json");

/** The picture of a `/ground` request and its text, from either form (400/404/415 otherwise). */
async function readGroundRequest(
  c: Context,
  deps: AppDeps,
): Promise<{ source: SamEmbedSource; frame: number; text: string }> {
  const type = c.req.header("Content-Type")?.toLowerCase() ?? "";
  if (isMultipart(type)) {
    const source = await readImageField(c);
    const form = await c.req.parseBody();
    const { text } = parseOrThrow(SamGroundFormSchema, { text: form[SAM_TEXT_FIELD] });
    return { source, frame: 0, text };
  }
  if (isJson(type)) {
    const { uploadId, frame, text } = await readUploadRequest(c, deps, SamGroundJsonRequestSchema);
    return { source: { uploadId }, frame, text };
  }
  throw new DomainError(
    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    `Send multipart form data with an "${SAM_IMAGE_FIELD}" file and a "${SAM_TEXT_FIELD}" field, or JSON {uploadId, frame, text}.`,
  );
}

/** The picture of an `/embed` request, from either form (400/404/415 otherwise). */
async function readEmbedRequest(
  c: Context,
  deps: AppDeps,
): Promise<{ source: SamEmbedSource; frame: number }> {
  const type = c.req.header("Content-Type")?.toLowerCase() ?? "";
  if (isMultipart(type)) return { source: await readImageField(c), frame: 0 };
  if (isJson(type)) {
    const { uploadId, frame } = await readUploadRequest(c, deps, SamEmbedJsonRequestSchema);
    return { source: { uploadId }, frame };
  }
  throw new DomainError(
    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    `Send multipart form data with an "${SAM_IMAGE_FIELD}" file, or JSON {uploadId, frame}.`,
  );
}

export function samRoutes(deps: AppDeps) {
  const max = deps.config.uploadMaxBytes;
  const limit = bodyLimit({
    maxSize: max + 64 * 1024,
    onError: () => {
      throw tooLarge(max);
    },
  });
  const grounder = makeGrounder(deps);
  return new Hono()
    .post(ApiRoute.samGround, limit, async c => {
      const request = await readGroundRequest(c, deps);
      const answer = await grounder.ground({ ...request, signal: c.req.raw.signal });
      return sendJson(c, SamGroundResponseSchema, answer);
    })
    .post(ApiRoute.samEmbed, limit, async c => {
      const { source, frame } = await readEmbedRequest(c, deps);
      const embedding = await deps.samEmbedder.embed({ source, frame, signal: c.req.raw.signal });
      const headers = new Headers(formatSamEmbeddingHeaders(embedding.meta));
      headers.set("Content-Type", "application/octet-stream");
      headers.set("Content-Length", String(embedding.bytes.byteLength));
      headers.set(SamEmbedHeader.cache, embedding.cached ? "hit" : "miss");
      return new Response(embedding.bytes, { status: 200, headers });
    });
}
