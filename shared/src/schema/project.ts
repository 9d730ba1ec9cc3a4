import { z } from "zod";
import {
  IdSchema,
  IsoDateTimeSchema,
  numberTypeMessage,
  textTypeMessage,
  wholeNumberField,
} from "./ids";

/** Current persisted shape version; bump together with a Dexie migration. */
export const PROJECT_SCHEMA_VERSION = 1;

/** Project resolution presets (FEATURES §1); the first is the default. */
export const RESOLUTION_PRESETS = [
  { width: 768, height: 512, label: "768 × 512" },
  { width: 512, height: 768, label: "512 × 768" },
  { width: 1024, height: 576, label: "1024 × 576" },
  { width: 1280, height: 704, label: "1280 × 704" },
] as const;

/** Frame rates a project or shot may use (FEATURES §1). */
export const FPS_CHOICES = [24, 25, 30, 50, 60] as const;
export type Fps = (typeof FPS_CHOICES)[number];

/** Width/height must be multiples of this, because the video model works on 32-pixel latents. */
export const DIMENSION_STEP = 32;
export const MIN_DIMENSION = 64;
export const MAX_DIMENSION = 4096;
/** Largest seed; 2^32 − 1 so it fits every generator's unsigned 32-bit seed. */
export const MAX_SEED = 4_294_967_295;

export const PROJECT_DEFAULTS = {
  name: "Untitled project",
  width: 768,
  height: 512,
  fps: 25,
  seed: 42,
} as const satisfies { name: string; width: number; height: number; fps: Fps; seed: number };

function dimensionField(label: "Width" | "Height") {
  return wholeNumberField({
    label,
    min: MIN_DIMENSION,
    max: MAX_DIMENSION,
    unit: "pixels",
  }).multipleOf(DIMENSION_STEP, `${label} must be a multiple of ${DIMENSION_STEP}`);
}

/** Output width in pixels: a multiple of 32 between 64 and 4096. */
export const WidthSchema = dimensionField("Width");
/** Output height in pixels: a multiple of 32 between 64 and 4096. */
export const HeightSchema = dimensionField("Height");

/** Frame rate: one of 24, 25, 30, 50, 60. */
export const FpsSchema = z.literal(FPS_CHOICES, {
  error: issue =>
    issue.input === undefined
      ? "Frame rate is required"
      : `Frame rate must be ${FPS_CHOICES.slice(0, -1).join(", ")} or ${FPS_CHOICES.at(-1)} fps`,
});

/** Generation seed: a whole number from 0 to 4294967295. */
export const SeedSchema = wholeNumberField({ label: "Seed", min: 0, max: MAX_SEED });

export const ProjectSchema = z.object({
  id: IdSchema,
  name: z
    .string({ error: textTypeMessage("Project name") })
    .trim()
    .min(1, "Project name can't be empty")
    .max(120, "Project name must be 120 characters or fewer"),
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
  lastOpenedAt: IsoDateTimeSchema,
  width: WidthSchema.default(PROJECT_DEFAULTS.width),
  height: HeightSchema.default(PROJECT_DEFAULTS.height),
  fps: FpsSchema.default(PROJECT_DEFAULTS.fps),
  seed: SeedSchema.default(PROJECT_DEFAULTS.seed),
  schemaVersion: z
    .number({ error: numberTypeMessage("Schema version") })
    .int("Schema version must be a whole number")
    .min(1, "Schema version must be at least 1"),
});
export type Project = z.infer<typeof ProjectSchema>;

/** Fields `makeProject` needs; everything else is defaulted. */
export type ProjectInit = Partial<z.input<typeof ProjectSchema>> & { id: string };

/**
 * Builds a valid new project: 768×512, 25 fps, seed 42, all timestamps `now` (ISO; default the
 * current time). Throws a ZodError if a given field is invalid.
 */
export function makeProject({ now, ...init }: ProjectInit & { now?: string }): Project {
  const at = now ?? new Date().toISOString();
  return ProjectSchema.parse({
    name: PROJECT_DEFAULTS.name,
    createdAt: at,
    updatedAt: at,
    lastOpenedAt: at,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    ...init,
  });
}
