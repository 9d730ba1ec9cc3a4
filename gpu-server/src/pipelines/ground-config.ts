/**
 * The `grounding` section of a grounding model's model.json (task "grounding"): everything the
 * server needs to run an open-vocabulary detector with the OWL-ViT / OWLv2 ONNX signature. A real
 * export plugs in by writing this section (see gpu-server/README.md, "Text selection"); defaults are
 * OWLv2's (google/owlv2-base-patch16-ensemble) except the tokenizer, which must be named.
 */
import { z } from "zod";
import { ErrorCode } from "@milimo/shared/api";
import { DomainError } from "../errors";
import { TokenizerSpecSchema } from "../tokenizers/spec";
import type { ModelManifestView } from "./types";

const rgbSchema = z.tuple([z.number(), z.number(), z.number()]);

/** Any tokenizer kind (gpu-server/src/tokenizers/spec.ts); files are in the model folder. */
export const GroundingTokenizerSpecSchema = TokenizerSpecSchema;
export type GroundingTokenizerSpec = z.infer<typeof GroundingTokenizerSpecSchema>;

export const GroundingConfigSchema = z.object({
  /** Side of the square the detector sees (OWLv2 base: 960, large: 1008; OWL-ViT: 768). */
  imageSize: z.number().int().min(8).max(4096).default(960),
  /** Per-channel mean and std in 0..1 units (the processor's image_mean / image_std). */
  imageMean: rgbSchema.default([0.48145466, 0.4578275, 0.40821073]),
  imageStd: rgbSchema.default([0.26862954, 0.26130258, 0.27577711]),
  /**
   * "pad": keep the aspect ratio, pad right and below to a square with `padValue` (OWLv2; boxes are
   * relative to the padded square). "stretch": resize both sides to the square (OWL-ViT v1).
   */
  fit: z.enum(["pad", "stretch"]).default("pad"),
  /** Padding colour in 0..1 before normalisation (OWLv2 pads with 0.5 grey). */
  padValue: z.number().min(0).max(1).default(0.5),
  tokenizer: GroundingTokenizerSpecSchema,
  /** Boxes whose sigmoid(logit) is below this are dropped. */
  scoreThreshold: z.number().min(0).max(1).default(0.1),
  /**
   * "nms": boxes of the same phrase overlapping more than `nmsIou` keep only the best (real
   * detectors). "touching": overlapping or touching boxes of a phrase join into one (grid models).
   */
  merge: z.enum(["nms", "touching"]).default("nms"),
  nmsIou: z.number().min(0).max(1).default(0.3),
  /** Most boxes answered. */
  maxBoxes: z.number().int().min(1).max(100).default(10),
  /** Most phrases per request (B, the batch of `input_ids`). */
  maxQueries: z.number().int().min(1).max(64).default(8),
  /** ONNX tensor names (Optimum's export names by default). */
  io: z
    .object({
      inputIds: z.string().default("input_ids"),
      pixelValues: z.string().default("pixel_values"),
      /** Fed only when the model has this input. */
      attentionMask: z.string().default("attention_mask"),
      logits: z.string().default("logits"),
      boxes: z.string().default("pred_boxes"),
    })
    .prefault({}),
  /** Key of model.json `files`; the first file when absent. */
  file: z.string().optional(),
});
export type GroundingConfig = z.infer<typeof GroundingConfigSchema>;

/** The grounding section of a manifest (`config.grounding`); MODEL_INVALID naming the bad key. */
export function readGroundingConfig(model: ModelManifestView): GroundingConfig {
  const nested = model.config.config as Record<string, unknown> | undefined;
  const raw = model.config.grounding ?? nested?.grounding;
  const parsed = GroundingConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = ["grounding", ...(issue?.path ?? []).map(String)].join(".");
    throw new DomainError(
      ErrorCode.MODEL_INVALID,
      `Model ${model.id}: model.json config.${where}: ${issue?.message ?? "invalid"}.`,
    );
  }
  return parsed.data;
}
