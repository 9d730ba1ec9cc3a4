/**
 * `POST /api/uploads`: multipart `file`, capped at UPLOAD_MAX_BYTES, type sniffed from the bytes.
 * `GET|HEAD /api/uploads/:id`: the stored record, so a client can skip re-uploading what the server
 * already has (ids are sha256s of the content).
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ApiRoute, CreateUploadResponseSchema, ErrorCode, UPLOAD_FIELD } from "@milimo/shared/api";
import type { AppDeps } from "../app-deps";
import { DomainError } from "../errors";
import { sendJson } from "./respond";

/** Multipart framing around a file is a few hundred bytes; this leaves room for it. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export const tooLarge = (maxBytes: number) =>
  new DomainError(
    ErrorCode.UPLOAD_TOO_LARGE,
    `The file is larger than this server accepts (${Math.floor(maxBytes / (1024 * 1024))} MiB).`,
    { details: { maxBytes } },
  );

/** Reads one file field of a multipart body; INVALID_REQUEST when absent. */
export async function readFileField(
  req: { parseBody(): Promise<Record<string, unknown>> },
  field: string,
): Promise<File> {
  const body = await req.parseBody().catch(() => {
    throw new DomainError(
      ErrorCode.INVALID_REQUEST,
      `Send the file as multipart form data in the "${field}" field.`,
    );
  });
  const file = body[field];
  if (!(file instanceof File)) {
    throw new DomainError(ErrorCode.INVALID_REQUEST, `${field}: a file is required`);
  }
  return file;
}

export function uploadsRoutes(deps: AppDeps) {
  const max = deps.config.uploadMaxBytes;
  return new Hono()
    .get(ApiRoute.upload, c => {
      const upload = deps.uploads.get(c.req.param("id"));
      if (!upload) {
        throw new DomainError(ErrorCode.UPLOAD_NOT_FOUND, "This file is not on the server.");
      }
      return sendJson(c, CreateUploadResponseSchema, { upload }, 200);
    })
    .post(
      ApiRoute.uploads,
      bodyLimit({
        maxSize: max + MULTIPART_OVERHEAD_BYTES,
        onError: () => {
          throw tooLarge(max);
        },
      }),
      async c => {
        if (!c.req.header("Content-Type")?.toLowerCase().startsWith("multipart/form-data")) {
          throw new DomainError(
            ErrorCode.INVALID_REQUEST,
            `Send the file as multipart form data in the "${UPLOAD_FIELD}" field.`,
          );
        }
        const file = await readFileField(c.req, UPLOAD_FIELD);
        if (file.size > max) throw tooLarge(max);
        if (file.size === 0)
          throw new DomainError(ErrorCode.INVALID_REQUEST, `${UPLOAD_FIELD}: the file is empty`);
        const upload = await deps.uploads.put(new Uint8Array(await file.arrayBuffer()));
        return sendJson(c, CreateUploadResponseSchema, { upload }, 201);
      },
    );
}
