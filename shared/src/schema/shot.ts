import { z } from "zod";
import {
  IdSchema,
  NullableIdSchema,
  numberTypeMessage,
  textTypeMessage,
  wholeNumberField,
} from "./ids";
import {
  FpsSchema,
  HeightSchema,
  PROJECT_DEFAULTS,
  SeedSchema,
  WidthSchema,
  type Project,
} from "./project";

/** Negative prompt every new shot starts with (FEATURES §4). */
export const DEFAULT_NEGATIVE_PROMPT =
  "low quality, worst quality, inconsistent motion, blurry, jittery, distorted, watermark, text, static, freeze, loop, pause, still image, motionless";

export const ShotType = {
  close_up: "close_up",
  medium: "medium",
  wide: "wide",
  establishing: "establishing",
  insert: "insert",
  tracking: "tracking",
} as const;
export type ShotType = (typeof ShotType)[keyof typeof ShotType];

export const ShotStatus = {
  draft: "draft",
  queued: "queued",
  generating: "generating",
  ready: "ready",
  failed: "failed",
  cancelled: "cancelled",
} as const;
export type ShotStatus = (typeof ShotStatus)[keyof typeof ShotStatus];

/** How a shot is generated; "auto" picks per FEATURES §4 (keyframes / t2v-i2v / chained). */
export const PipelineMode = {
  auto: "auto",
  t2v: "t2v",
  i2v: "i2v",
  keyframes: "keyframes",
  chained: "chained",
} as const;
export type PipelineMode = (typeof PipelineMode)[keyof typeof PipelineMode];

/** Frame-count, step and guidance limits and defaults (FEATURES §4). */
export const SHOT_LIMITS = {
  minFrames: 25,
  maxFrames: 1200,
  defaultFrames: 121,
  minSteps: 1,
  maxSteps: 200,
  defaultSteps: 40,
  minGuidance: 1,
  maxGuidance: 20,
  guidanceStep: 0.5,
  defaultGuidance: 3,
} as const;

/** Strength for media the user adds to a shot from the library (FEATURES §9). */
export const DEFAULT_CONDITIONING_STRENGTH = 0.8;

const L = SHOT_LIMITS;

function enumMessage(label: string, values: Record<string, string>) {
  const list = Object.values(values).map(value => value.replace("_", " "));
  return `${label} must be one of: ${list.join(", ")}`;
}

export const ShotTypeSchema = z.enum(ShotType, { error: enumMessage("Shot type", ShotType) });
export const ShotStatusSchema = z.enum(ShotStatus, { error: enumMessage("Status", ShotStatus) });
export const PipelineModeSchema = z.enum(PipelineMode, {
  error: enumMessage("Pipeline", PipelineMode),
});

/** An image or video frame that steers generation at `frame`, with `strength` 0..1. */
export const ConditioningItemSchema = z.object({
  mediaId: IdSchema,
  frame: wholeNumberField({ label: "Conditioning frame", min: 0 }),
  strength: z
    .number({ error: numberTypeMessage("Strength") })
    .min(0, "Strength must be between 0 and 1")
    .max(1, "Strength must be between 0 and 1"),
});
export type ConditioningItem = z.infer<typeof ConditioningItemSchema>;

/** Why the last generation failed, as the job reported it. */
export const ShotErrorSchema = z.object({
  code: z.string({ error: textTypeMessage("Error code") }).min(1, "Error code can't be empty"),
  message: z.string({ error: textTypeMessage("Error message") }),
});
export type ShotError = z.infer<typeof ShotErrorSchema>;

export const ShotSchema = z.object({
  id: IdSchema,
  projectId: IdSchema,
  sceneId: NullableIdSchema.default(null),
  /** 0-based position within its scene. */
  index: wholeNumberField({ label: "Shot number", min: 0 }).default(0),
  action: z.string({ error: textTypeMessage("Action") }).default(""),
  prompt: z.string({ error: textTypeMessage("Prompt") }).default(""),
  negativePrompt: z
    .string({ error: textTypeMessage("Negative prompt") })
    .default(DEFAULT_NEGATIVE_PROMPT),
  seed: SeedSchema.default(PROJECT_DEFAULTS.seed),
  /** When false, per-shot generate picks a new random seed. */
  seedLocked: z.boolean({ error: "Seed lock must be on or off" }).default(false),
  width: WidthSchema.default(PROJECT_DEFAULTS.width),
  height: HeightSchema.default(PROJECT_DEFAULTS.height),
  numFrames: wholeNumberField({ label: "Frames", min: L.minFrames, max: L.maxFrames }).default(
    L.defaultFrames,
  ),
  fps: FpsSchema.default(PROJECT_DEFAULTS.fps),
  steps: wholeNumberField({ label: "Steps", min: L.minSteps, max: L.maxSteps }).default(
    L.defaultSteps,
  ),
  guidance: z
    .number({ error: numberTypeMessage("Guidance") })
    .min(L.minGuidance, `Guidance must be between ${L.minGuidance} and ${L.maxGuidance}`)
    .max(L.maxGuidance, `Guidance must be between ${L.minGuidance} and ${L.maxGuidance}`)
    .multipleOf(L.guidanceStep, `Guidance must be in steps of ${L.guidanceStep}`)
    .default(L.defaultGuidance),
  pipeline: PipelineModeSchema.default(PipelineMode.auto),
  shotType: ShotTypeSchema.default(ShotType.medium),
  /** Rewrite the built prompt with the optional LLM before generating (FEATURES §4). */
  enhancePrompt: z.boolean({ error: "Enhance prompt must be on or off" }).default(false),
  /** Character names as written in the script (not element ids). */
  characters: z.array(z.string({ error: textTypeMessage("Character") })).default(() => []),
  dialogue: z.string({ error: textTypeMessage("Dialogue") }).default(""),
  conditioning: z.array(ConditioningItemSchema).default(() => []),
  status: ShotStatusSchema.default(ShotStatus.draft),
  lastJobId: NullableIdSchema.default(null),
  mediaId: NullableIdSchema.default(null),
  thumbnailMediaId: NullableIdSchema.default(null),
  trimIn: wholeNumberField({ label: "Trim in", min: 0, unit: "frames" }).default(0),
  trimOut: wholeNumberField({ label: "Trim out", min: 0, unit: "frames" }).default(0),
  error: ShotErrorSchema.optional(),
});
export type Shot = z.infer<typeof ShotSchema>;

/** Fields `makeShot` needs (`id`, `projectId`); everything else is defaulted. */
export type ShotInit = z.input<typeof ShotSchema>;

/**
 * Builds a valid shot: draft, 768×512 at 25 fps, 121 frames, 40 steps, guidance 3, seed 42, the
 * default negative prompt, unless given. Throws a ZodError if a given field is invalid.
 */
export function makeShot(init: ShotInit): Shot {
  return ShotSchema.parse(init);
}

/** The project's width, height, fps and seed, to spread into `makeShot` so new shots match it. */
export function shotDefaultsFromProject(
  project: Pick<Project, "width" | "height" | "fps" | "seed">,
): Pick<Shot, "width" | "height" | "fps" | "seed"> {
  return { width: project.width, height: project.height, fps: project.fps, seed: project.seed };
}
