/**
 * The diffusion section of a generation model's `model.json`. Everything the sampler needs to know
 * about a model lives here, so a real model plugs in by writing this section; nothing in the
 * sampler is specific to the fixture. It is read from `config.diffusion` (or, when the registry
 * passes model.json through unchanged, `config.config.diffusion`).
 */
import { resolve } from "node:path";
import { z } from "zod";
import {
  ClipBpeTokenizerSpecSchema,
  HashedTokenizerSpecSchema,
  UnigramTokenizerSpecSchema,
} from "../../tokenizers/spec";
import type { ModelManifestView } from "../types";
import { PipelineError } from "./pipeline-error";

const idsType = {
  /** Element type of the ids tensor; most exported encoders take int64. */
  idsType: z.enum(["int64", "int32"]).default("int64"),
};

/**
 * Any tokenizer kind (gpu-server/src/tokenizers/spec.ts) plus the ids tensor type. CLIP defaults to
 * its 77-token context. File names are relative to the model folder; `readDiffusionConfig`
 * resolves them against it.
 */
export const TokenizerSpecSchema = z.discriminatedUnion("kind", [
  HashedTokenizerSpecSchema.extend(idsType),
  ClipBpeTokenizerSpecSchema.extend({
    ...idsType,
    maxLength: z.number().int().min(2).max(4096).default(77),
  }),
  UnigramTokenizerSpecSchema.extend(idsType),
]);
export type TokenizerSpec = z.infer<typeof TokenizerSpecSchema>;

export const DiffusionConfigSchema = z.object({
  latentChannels: z.number().int().min(1),
  /** Pixels per latent cell along width and height (8 for most VAEs). */
  spatialDownsample: z.number().int().min(1).default(8),
  /** Pixel frames per latent frame after the first (causal video VAEs: 1 + k·t frames). */
  temporalDownsample: z.number().int().min(1).default(1),
  /** The model's frame limit; longer shots are generated in chunks. */
  maxFrames: z.number().int().min(1).default(121),
  /** "BCFHW" for video models, "BCHW" for image models (one frame). */
  latentLayout: z.enum(["BCFHW", "BCHW"]).default("BCFHW"),
  /** VAE latents are normalised as (z - latentShift) · latentScale before denoising. */
  latentScale: z.number().default(1),
  latentShift: z.number().default(0),
  /** Pixel range of the VAE's image side. */
  pixelRange: z.enum(["-1..1", "0..1"]).default("-1..1"),
  /** The denoiser's timestep input is sigma · timestepScale (1000 for most models). */
  timestepScale: z.number().positive().default(1000),
  /** Flow-matching time shift (SD3 / Flux "shift"); 1 is a linear schedule. */
  schedulerShift: z.number().positive().default(1),
  /** "batched": cond and uncond in one batch of 2; "sequential": two runs per step. */
  guidanceMode: z.enum(["batched", "sequential"]).default("batched"),
  tokenizer: TokenizerSpecSchema,
  textEncoder: z.object({
    inputIds: z.string().default("input_ids"),
    attentionMask: z.string().optional(),
    output: z.string().default("text_embeddings"),
  }),
  denoiser: z.object({
    latents: z.string().default("latents"),
    timestep: z.string().default("timestep"),
    textEmbeddings: z.string().default("encoder_hidden_states"),
    attentionMask: z.string().optional(),
    output: z.string().default("velocity"),
  }),
  vaeDecoder: z.object({
    input: z.string().default("latents"),
    output: z.string().default("frames"),
  }),
  vaeEncoder: z
    .object({
      input: z.string().default("frames"),
      output: z.string().default("latents"),
    })
    .optional(),
  /** Keys of model.json `files` for each component. */
  files: z
    .object({
      textEncoder: z.string().default("textEncoder"),
      denoiser: z.string().default("denoiser"),
      vaeDecoder: z.string().default("vaeDecoder"),
      vaeEncoder: z.string().default("vaeEncoder"),
    })
    .default({
      textEncoder: "textEncoder",
      denoiser: "denoiser",
      vaeDecoder: "vaeDecoder",
      vaeEncoder: "vaeEncoder",
    }),
});
export type DiffusionConfig = z.infer<typeof DiffusionConfigSchema>;
export type DiffusionConfigInput = z.input<typeof DiffusionConfigSchema>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Reads and validates a model's diffusion section; throws MODEL_INVALID naming the bad field. */
export function readDiffusionConfig(model: ModelManifestView): DiffusionConfig {
  const nested = isRecord(model.config.config) ? model.config.config : undefined;
  const raw = model.config.diffusion ?? nested?.diffusion ?? model.config;
  const parsed = DiffusionConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join(".") || "diffusion"}: ${issue.message}` : "invalid";
    throw new PipelineError(
      "MODEL_INVALID",
      `Model "${model.id}" has an unusable diffusion config (${where}).`,
    );
  }
  return { ...parsed.data, tokenizer: resolveTokenizerFiles(parsed.data.tokenizer, model.dir) };
}

/** The spec with its file names made absolute, so the prompt encoder needs no model folder. */
function resolveTokenizerFiles(spec: TokenizerSpec, dir: string): TokenizerSpec {
  if (spec.kind === "clip-bpe") {
    return { ...spec, vocab: resolve(dir, spec.vocab), merges: resolve(dir, spec.merges) };
  }
  if (spec.kind === "sentencepiece-unigram") return { ...spec, file: resolve(dir, spec.file) };
  return spec;
}
