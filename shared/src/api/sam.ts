/**
 * `POST /api/sam/embed` (ARCHITECTURE §3.7): the server encodes a frame once; the browser decodes
 * every click. The answer is raw little-endian float32 bytes; what they mean travels in headers, so
 * the same meta also ships as `embedding.json` beside `embedding.bin` from a `sam-embed` job.
 */
import { z } from "zod";
import { UploadIdSchema } from "./job-params";

/** The multipart field of the image form. */
export const SAM_IMAGE_FIELD = "image";

/** JSON form of the request: a frame of an uploaded video (or an uploaded image, frame 0). */
export const SamEmbedJsonRequestSchema = z.object({
  uploadId: UploadIdSchema,
  frame: z
    .number()
    .int("Frame must be a whole number")
    .min(0, "Frame can't be negative")
    .default(0),
});
export type SamEmbedJsonRequest = z.input<typeof SamEmbedJsonRequestSchema>;

/** Response headers (lower-case is what fetch's `Headers.get` also accepts). */
export const SamEmbedHeader = {
  /** Comma-separated dims, e.g. "1,256,64,64". */
  shape: "X-Embedding-Shape",
  modelId: "X-Model-Id",
  /** longest-side target / longest side of the image, e.g. 1024 / 1920 = 0.5333. */
  resizeScale: "X-Resize-Scale",
  /** "width,height" of the image before resizing (the decoder's `orig_im_size`, swapped to h,w). */
  imageSize: "X-Image-Size",
  /** "hit" when served from the cache. */
  cache: "X-Embedding-Cache",
} as const;

/** What the headers (or `embedding.json`) say about an embedding. */
export const SamEmbeddingMetaSchema = z.object({
  shape: z.array(z.number().int().min(1)).min(1),
  modelId: z.string().min(1),
  resizeScale: z.number().positive(),
  imageWidth: z.number().int().min(1),
  imageHeight: z.number().int().min(1),
});
export type SamEmbeddingMeta = z.infer<typeof SamEmbeddingMetaSchema>;

/** Artifact names of a completed `sam-embed` job. */
export const SamEmbedArtifact = { data: "embedding.bin", meta: "embedding.json" } as const;

/** Header values for an embedding's meta. */
export function formatSamEmbeddingHeaders(meta: SamEmbeddingMeta): Record<string, string> {
  return {
    [SamEmbedHeader.shape]: meta.shape.join(","),
    [SamEmbedHeader.modelId]: meta.modelId,
    [SamEmbedHeader.resizeScale]: String(meta.resizeScale),
    [SamEmbedHeader.imageSize]: `${meta.imageWidth},${meta.imageHeight}`,
  };
}

/** Reads the meta back from response headers; `get` is `headers.get.bind(headers)`. */
export function parseSamEmbeddingHeaders(
  get: (name: string) => string | null,
): ReturnType<typeof SamEmbeddingMetaSchema.safeParse> {
  const [imageWidth, imageHeight] = (get(SamEmbedHeader.imageSize) ?? "").split(",").map(Number);
  return SamEmbeddingMetaSchema.safeParse({
    shape: (get(SamEmbedHeader.shape) ?? "").split(",").filter(Boolean).map(Number),
    modelId: get(SamEmbedHeader.modelId) ?? "",
    resizeScale: Number(get(SamEmbedHeader.resizeScale)),
    imageWidth,
    imageHeight,
  });
}

// ---- text grounding ("the red car") --------------------------------------------------------------

/** The multipart field carrying the phrase (the picture goes in `SAM_IMAGE_FIELD`). */
export const SAM_TEXT_FIELD = "text";

/** Longest phrase accepted, in characters. */
export const GROUND_TEXT_MAX_CHARS = 200;

/** What to select, e.g. "the red car"; commas separate several phrases searched together. */
export const GroundTextSchema = z
  .string({ error: 'Type what to select, e.g. "the red car"' })
  .trim()
  .min(1, 'Type what to select, e.g. "the red car"')
  .max(GROUND_TEXT_MAX_CHARS, `Keep the text under ${GROUND_TEXT_MAX_CHARS} characters`);

/** JSON form: a frame of an uploaded video (or an uploaded image, frame 0) and the phrase. */
export const SamGroundJsonRequestSchema = SamEmbedJsonRequestSchema.extend({
  text: GroundTextSchema,
});
export type SamGroundJsonRequest = z.input<typeof SamGroundJsonRequestSchema>;

/** The non-file fields of the multipart form. */
export const SamGroundFormSchema = z.object({ text: GroundTextSchema });

const pixelSchema = z.number().int().min(0);

/** A found object: its box in image pixels (x1/y1 exclusive), score 0..1, and the phrase it matched. */
export const GroundedBoxSchema = z.object({
  box: z.object({ x0: pixelSchema, y0: pixelSchema, x1: pixelSchema, y1: pixelSchema }),
  score: z.number().min(0).max(1),
  label: z.string(),
});
export type GroundedBox = z.infer<typeof GroundedBoxSchema>;

/** `POST /api/sam/ground` answer: boxes best first (empty when nothing matched). */
export const SamGroundResponseSchema = z.object({
  boxes: z.array(GroundedBoxSchema),
  modelId: z.string().min(1),
  /** Size of the picture the boxes are in, in pixels. */
  width: z.number().int().min(1),
  height: z.number().int().min(1),
});
export type SamGroundResponse = z.infer<typeof SamGroundResponseSchema>;
