/**
 * Params of the generation job kinds (ARCHITECTURE §6, issue 6). The server validates `POST /api/jobs`
 * bodies with these; the studio builds them from a shot. Sizes are multiples of 32 because latent
 * models downsample by 8 and patchify by 2–4.
 */
import { z } from "zod";

const multipleOf32 = (label: string) =>
  z
    .number()
    .int(`${label} must be a whole number`)
    .min(64, `${label} must be at least 64`)
    .max(2048, `${label} must be at most 2048`)
    .refine(v => v % 32 === 0, `${label} must be a multiple of 32`);

/** A conditioning image (or video frame) placed at a frame of the output with a strength 0–1. */
export const ConditioningItemSchema = z.object({
  uploadId: z.string().min(1),
  frame: z.number().int().min(0),
  strength: z.number().min(0).max(1).default(1),
});
export type ConditioningItem = z.infer<typeof ConditioningItemSchema>;

/** Fields every diffusion job shares; image and video each add their own conditioning rules. */
const DiffusionParamsBaseSchema = z.object({
  prompt: z.string().trim().min(1, "Prompt is required").max(4000),
  negativePrompt: z.string().max(4000).optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1),
  width: multipleOf32("Width").default(512),
  height: multipleOf32("Height").default(320),
  steps: z.number().int().min(1).max(200).default(25),
  guidance: z.number().min(1).max(20).default(2),
  /** Model id from the registry; the first model of the task when absent. */
  modelId: z.string().optional(),
});

/** A still has one frame, so every reference image of it sits at frame 0. */
const StillConditioningSchema = z
  .array(ConditioningItemSchema)
  .max(16)
  .superRefine((items, ctx) => {
    items.forEach((item, i) => {
      if (item.frame !== 0) {
        ctx.addIssue({
          code: "custom",
          path: [i, "frame"],
          message: "A still image is conditioned at frame 0 only",
        });
      }
    });
  });

/**
 * `generate-image`: text (+ reference images at frame 0) -> image (shot thumbnails default to
 * 512×320).
 */
export const GenerateImageParamsSchema = DiffusionParamsBaseSchema.extend({
  conditioning: StillConditioningSchema.optional(),
});
export type GenerateImageParams = z.infer<typeof GenerateImageParamsSchema>;

/** `generate-video`: text/image -> video, keyframes, chained past the model's frame limit. */
export const GenerateVideoParamsSchema = DiffusionParamsBaseSchema.extend({
  width: multipleOf32("Width").default(768),
  height: multipleOf32("Height").default(512),
  steps: z.number().int().min(1).max(200).default(40),
  guidance: z.number().min(1).max(20).default(3),
  numFrames: z.number().int().min(1).max(1200).default(121),
  fps: z.number().int().min(1).max(120).default(25),
  conditioning: z.array(ConditioningItemSchema).max(16).optional(),
  /** Frames per chunk for chained generation; the model's limit when absent. */
  chunkFrames: z.number().int().min(2).max(1200).optional(),
  /** Frames each later chunk shares with the previous one (default 25, FEATURES §4). */
  overlapFrames: z.number().int().min(1).max(600).optional(),
});
export type GenerateVideoParams = z.infer<typeof GenerateVideoParamsSchema>;
