/**
 * Params of every job kind (ARCHITECTURE §6). The server validates `POST /api/jobs` with
 * `CreateJobRequestSchema`, so a bad field is answered 400 naming it ("params.prompt: Prompt is
 * required"); the pipelines receive the parsed value with defaults applied.
 */
import { z } from "zod";
import { JobKind } from "../schema/job";
import { GenerateImageParamsSchema, GenerateVideoParamsSchema } from "./generate";
import { RenderParamsSchema } from "./render";

/** An upload id as returned by `POST /api/uploads` (the file's sha256). */
export const UploadIdSchema = z.string().min(1, "Upload id is required").max(128);

const seedSchema = z
  .number()
  .int("Seed must be a whole number")
  .min(0)
  .max(2 ** 32 - 1);
const frameSchema = z
  .number()
  .int("Frame must be a whole number")
  .min(0, "Frame can't be negative");

/** `sam-embed`: the SAM image embedding of an image upload, or of one frame of a video upload. */
export const SamEmbedParamsSchema = z.object({
  uploadId: UploadIdSchema,
  /** Frame index for video uploads; 0 (the only frame) for images. */
  frame: frameSchema.default(0),
  /** A specific encoder; the configured `sam-encoder` when absent. */
  modelId: z.string().optional(),
});
export type SamEmbedParams = z.infer<typeof SamEmbedParamsSchema>;

/**
 * A binary mask as uncompressed run lengths in row-major order, starting with a run of 0s (which may
 * be empty) and alternating with runs of 1s. The runs cover exactly width × height pixels.
 */
export const RleMaskSchema = z
  .object({
    width: z.number().int().min(1),
    height: z.number().int().min(1),
    counts: z.array(z.number().int().min(0)).min(1),
  })
  .refine(m => m.counts.reduce((a, b) => a + b, 0) === m.width * m.height, {
    message: "Mask runs must cover width × height pixels",
    path: ["counts"],
  });
export type RleMask = z.infer<typeof RleMaskSchema>;

/** What an inpaint job repaints: one picture (a frame of a video) or every frame of a clip. */
export const InpaintTarget = { frame: "frame", clip: "clip" } as const;
export type InpaintTarget = (typeof InpaintTarget)[keyof typeof InpaintTarget];

/**
 * `inpaint`: repaint the white area of a binary mask (FEATURES §8 defaults: 25 steps, 2, 0.85).
 * `target: "frame"` (default): one picture, `maskUploadId` required; artifacts image.png +
 * poster.png. `target: "clip"`: `imageUploadId` is a video, masks per frame from `masksUploadId`
 * (see `InpaintMasksFileSchema`) or one `maskUploadId` PNG for every frame (exactly one of the
 * two); artifacts video.mp4 + poster.png.
 */
export const InpaintParamsSchema = z
  .object({
    prompt: z.string().trim().min(1, "Prompt is required").max(4000),
    negativePrompt: z.string().max(4000).optional(),
    seed: seedSchema,
    steps: z.number().int().min(1).max(200).default(25),
    guidance: z.number().min(1).max(20).default(2),
    /** How far the masked area may move from the original, 0..1. */
    strength: z.number().min(0).max(1).default(0.85),
    target: z.enum(InpaintTarget, { error: "Target must be frame or clip" }).default("frame"),
    imageUploadId: UploadIdSchema,
    /** Frame of `imageUploadId` when it is a video (target "frame" only). */
    frame: frameSchema.default(0),
    /** A PNG with the same size as the image: 255 = repaint, 0 = keep (clip: every frame). */
    maskUploadId: UploadIdSchema.optional(),
    /** Clip only: an uploaded JSON `{frames:[{frame, mask: RleMask}]}` (a track job's masks.json). */
    masksUploadId: UploadIdSchema.optional(),
    modelId: z.string().optional(),
  })
  .superRefine((p, ctx) => {
    if (p.target === "frame") {
      if (p.maskUploadId === undefined) {
        ctx.addIssue({ code: "custom", path: ["maskUploadId"], message: "A mask is required" });
      }
      if (p.masksUploadId !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["masksUploadId"],
          message: 'Per-frame masks need target "clip"; a frame takes maskUploadId',
        });
      }
    } else if ((p.maskUploadId === undefined) === (p.masksUploadId === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["masksUploadId"],
        message: "Give the clip's masks as masksUploadId (per frame) or maskUploadId (exactly one)",
      });
    }
  });
export type InpaintParams = z.infer<typeof InpaintParamsSchema>;

/**
 * The per-frame masks of a clip inpaint (the upload behind `masksUploadId`). A track job's
 * masks.json has this shape (its other fields are ignored). Frames without an entry are kept.
 */
export const InpaintMasksFileSchema = z.object({
  frames: z.array(z.object({ frame: frameSchema, mask: RleMaskSchema })),
});
export type InpaintMasksFile = z.infer<typeof InpaintMasksFileSchema>;

export const TrackDirection = { forward: "forward", backward: "backward", both: "both" } as const;
export type TrackDirection = (typeof TrackDirection)[keyof typeof TrackDirection];

/** `track`: propagate an object's mask through a video from `frame`. */
export const TrackParamsSchema = z
  .object({
    uploadId: UploadIdSchema,
    frame: frameSchema,
    /** A PNG mask upload (255 = object) ... */
    maskUploadId: UploadIdSchema.optional(),
    /** ... or the same mask inline. Exactly one of the two. */
    maskRle: RleMaskSchema.optional(),
    direction: z
      .enum(TrackDirection, { error: "Direction must be forward, backward or both" })
      .default("both"),
    /** Stop after this many frames in each direction; the whole video when absent. */
    maxFrames: z.number().int().min(1).max(100_000).optional(),
    /**
     * Source frames (inclusive) the propagation stays inside, e.g. up to the neighbouring
     * keyframes; `frame` must lie in it. The whole clip when absent.
     */
    range: z
      .object({ start: frameSchema, end: frameSchema })
      .refine(r => r.end >= r.start, {
        message: "Range end must not be before its start",
        path: ["end"],
      })
      .optional(),
    modelId: z.string().optional(),
  })
  .refine(p => (p.maskUploadId === undefined) !== (p.maskRle === undefined), {
    message: "Give the mask as maskUploadId or maskRle (exactly one)",
    path: ["maskUploadId"],
  })
  .refine(p => !p.range || (p.frame >= p.range.start && p.frame <= p.range.end), {
    message: "Frame must lie inside the range",
    path: ["frame"],
  });
export type TrackParams = z.infer<typeof TrackParamsSchema>;

/** The params schema of each job kind. */
export const JobParamsSchemas = {
  [JobKind.samEmbed]: SamEmbedParamsSchema,
  [JobKind.generateImage]: GenerateImageParamsSchema,
  [JobKind.generateVideo]: GenerateVideoParamsSchema,
  [JobKind.inpaint]: InpaintParamsSchema,
  [JobKind.track]: TrackParamsSchema,
  [JobKind.render]: RenderParamsSchema,
} as const satisfies Record<JobKind, z.ZodType>;

/** Parsed params (defaults applied) by kind. */
export type JobParamsByKind = {
  [K in JobKind]: z.output<(typeof JobParamsSchemas)[K]>;
};
/** Params as a client may send them (defaults optional) by kind. */
export type JobParamsInputByKind = {
  [K in JobKind]: z.input<(typeof JobParamsSchemas)[K]>;
};
