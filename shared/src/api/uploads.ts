/** `POST /api/uploads`: conditioning images, masks and videos, stored by content hash. */
import { z } from "zod";

/** The multipart field that carries the file. */
export const UPLOAD_FIELD = "file";

/** Types the server accepts; it sniffs them from the bytes, never from the name or header. */
export const UPLOAD_MIME_TYPES = [
  "image/png",
  "image/jpeg",
  "image/webp",
  "image/gif",
  "video/mp4",
  "video/quicktime",
  "video/webm",
  "video/x-matroska",
  "audio/wav",
  "audio/mpeg",
  "audio/ogg",
  "audio/mp4",
  /** Per-frame masks for a clip inpaint (a track job's masks.json). */
  "application/json",
] as const;
export type UploadMimeType = (typeof UPLOAD_MIME_TYPES)[number];

export const UploadSchema = z.object({
  /** Equal to `sha256`: uploading the same bytes twice gives the same id. */
  id: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  mime: z.enum(UPLOAD_MIME_TYPES),
  bytes: z.number().int().min(1),
});
export type Upload = z.infer<typeof UploadSchema>;

export const CreateUploadResponseSchema = z.object({ upload: UploadSchema });
export type CreateUploadResponse = z.infer<typeof CreateUploadResponseSchema>;
