/**
 * Model manifests (ARCHITECTURE §4): `MODELS_DIR/<folder>/model.json` next to its ONNX files. The
 * server checks each ONNX file's input and output names against the manifest when it loads it.
 * Unknown keys are kept (loose objects) because pipelines read their own constants from them.
 */
import { z } from "zod";

export const ModelTask = {
  samEncoder: "sam-encoder",
  samDecoder: "sam-decoder",
  /** An open-vocabulary detector for text selection (OWL-ViT / OWLv2 ONNX signature). */
  grounding: "grounding",
} as const;

/** A tensor of a model signature; a dim is a size, -1, or a symbolic name such as "N". */
export const TensorSpecSchema = z.object({
  name: z.string().min(1),
  shape: z.array(z.union([z.number().int().min(-1), z.string().min(1)])),
  /** ONNX element type, e.g. "float32", "int64". */
  type: z.string().optional(),
});
export type TensorSpec = z.infer<typeof TensorSpecSchema>;

export const ModelSignatureSchema = z.object({
  inputs: z.array(TensorSpecSchema),
  outputs: z.array(TensorSpecSchema),
});
export type ModelSignature = z.infer<typeof ModelSignatureSchema>;

const fileNameSchema = z
  .string()
  .regex(/^[\w][\w.-]*$/, "File names are plain names inside the model folder, e.g. encoder.onnx");

export const ModelManifestSchema = z.looseObject({
  /** Unique id; the folder name when model.json leaves it out. */
  id: z.string().regex(/^[A-Za-z0-9][\w.-]*$/, "Model id may use letters, digits, . _ -"),
  /** What the model does, e.g. "sam-encoder", "sam-decoder", "video-denoiser". */
  task: z.string().min(1),
  name: z.string().optional(),
  description: z.string().optional(),
  /** True for the generated test models (the studio says so in its status). */
  fixture: z.boolean().default(false),
  /** Role -> file name, e.g. `{ "encoder": "encoder.onnx" }`. */
  files: z
    .record(z.string().min(1), fileNameSchema)
    .refine(files => Object.keys(files).length > 0, "A model needs at least one file"),
  /** Signature of the model's only file (use `signatures` for several files). */
  inputs: z.array(TensorSpecSchema).optional(),
  outputs: z.array(TensorSpecSchema).optional(),
  /** Signature per role of `files`. */
  signatures: z.record(z.string(), ModelSignatureSchema).optional(),
  /** e.g. `{ longestSide: 1024, pixelMean: [...], pixelStd: [...] }` for SAM. */
  preprocessing: z.record(z.string(), z.unknown()).optional(),
  /** Free-form constants (latent shapes, frame limits, ...). */
  config: z.record(z.string(), z.unknown()).optional(),
  /** Memory the loaded sessions take, in bytes; estimated from file sizes when absent. */
  memoryBytes: z.number().int().min(0).optional(),
});
export type ModelManifest = z.output<typeof ModelManifestSchema>;
export type ModelManifestInput = z.input<typeof ModelManifestSchema>;

/** SAM preprocessing constants (segment-anything defaults). */
export const SamPreprocessingSchema = z.object({
  longestSide: z.number().int().min(1).default(1024),
  pixelMean: z.tuple([z.number(), z.number(), z.number()]).default([123.675, 116.28, 103.53]),
  pixelStd: z.tuple([z.number(), z.number(), z.number()]).default([58.395, 57.12, 57.375]),
});
export type SamPreprocessing = z.output<typeof SamPreprocessingSchema>;

/** `GET /api/models`. */
export const ListModelsResponseSchema = z.object({ models: z.array(ModelManifestSchema) });
export type ListModelsResponse = z.infer<typeof ListModelsResponseSchema>;
