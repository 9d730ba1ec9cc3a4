import { z } from "zod";
import { IdSchema, IsoDateTimeSchema, textTypeMessage, wholeNumberField } from "./ids";

export const MediaKind = {
  image: "image",
  video: "video",
  audio: "audio",
} as const;
export type MediaKind = (typeof MediaKind)[keyof typeof MediaKind];

export const MediaSource = {
  import: "import",
  generated: "generated",
} as const;
export type MediaSource = (typeof MediaSource)[keyof typeof MediaSource];

export const MediaKindSchema = z.enum(MediaKind, {
  error: "Media kind must be image, video or audio",
});
export const MediaSourceSchema = z.enum(MediaSource, {
  error: "Media source must be import or generated",
});

/** Metadata of an image, video or audio file; the Blob itself is stored separately by `id`. */
export const MediaAssetSchema = z.object({
  id: IdSchema,
  projectId: IdSchema,
  kind: MediaKindSchema,
  name: z.string({ error: textTypeMessage("File name") }),
  mime: z
    .string({ error: textTypeMessage("File type") })
    .regex(/^[\w.+-]+\/[\w.+-]+/, "File type must be a MIME type, e.g. video/mp4"),
  bytes: wholeNumberField({ label: "File size", min: 0, unit: "bytes" }),
  /** Length at project fps; null for images. */
  durationFrames: wholeNumberField({ label: "Duration", min: 1, unit: "frames" }).nullable(),
  width: wholeNumberField({ label: "Width", min: 1, unit: "pixels" }).nullable(),
  height: wholeNumberField({ label: "Height", min: 1, unit: "pixels" }).nullable(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, "Checksum must be 64 lowercase hex characters")
    .optional(),
  createdAt: IsoDateTimeSchema,
  source: MediaSourceSchema,
  /** "mask": a 0/255 mask saved from masking mode, not a picture to generate from or show. */
  purpose: z.enum(["mask"]).optional(),
});
export type MediaAsset = z.infer<typeof MediaAssetSchema>;
