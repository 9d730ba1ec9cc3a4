/**
 * Inspector field definitions and parsing: what the user typed -> a typed value validated by the
 * shared zod schema for that field, or the schema's own message (written for filmmakers) to show
 * next to the field. Nothing invalid reaches the store.
 */
import { z } from "zod";
import {
  PipelineMode,
  ShotSchema,
  ShotType,
  TimelineItemSchema,
  type Shot,
  type TimelineItem,
} from "@milimo/shared/schema";

export type FieldInput = "text" | "textarea" | "number" | "checkbox" | "select";

export interface FieldDef<K extends string> {
  key: K;
  label: string;
  input: FieldInput;
  /** Step for number inputs. */
  step?: number;
  options?: readonly string[];
}

/** Shot fields the inspector edits (generation parameters). */
export type ShotFieldKey =
  | "prompt"
  | "negativePrompt"
  | "seed"
  | "seedLocked"
  | "enhancePrompt"
  | "numFrames"
  | "steps"
  | "guidance"
  | "width"
  | "height"
  | "pipeline"
  | "shotType";

export const SHOT_FIELDS: readonly FieldDef<ShotFieldKey>[] = [
  { key: "prompt", label: "Prompt", input: "textarea" },
  { key: "negativePrompt", label: "Negative prompt", input: "textarea" },
  { key: "seed", label: "Seed", input: "number", step: 1 },
  { key: "seedLocked", label: "Lock seed", input: "checkbox" },
  // Rewrites the built prompt with the optional LLM before generating (FEATURES §4).
  { key: "enhancePrompt", label: "Enhance prompt", input: "checkbox" },
  { key: "numFrames", label: "Frames", input: "number", step: 1 },
  { key: "steps", label: "Steps", input: "number", step: 1 },
  { key: "guidance", label: "Guidance", input: "number", step: 0.5 },
  { key: "width", label: "Width", input: "number", step: 32 },
  { key: "height", label: "Height", input: "number", step: 32 },
  { key: "pipeline", label: "Pipeline", input: "select", options: Object.values(PipelineMode) },
  { key: "shotType", label: "Shot type", input: "select", options: Object.values(ShotType) },
];

/** Clip fields the inspector edits. */
export type ClipFieldKey =
  "label" | "trimIn" | "trimOut" | "startFrame" | "opacity" | "x" | "y" | "scale" | "gain";

const CLIP_FIELD_DEFS: Record<ClipFieldKey, FieldDef<ClipFieldKey>> = {
  label: { key: "label", label: "Name", input: "text" },
  trimIn: { key: "trimIn", label: "Trim in (frames)", input: "number", step: 1 },
  trimOut: { key: "trimOut", label: "Trim out (frames)", input: "number", step: 1 },
  startFrame: { key: "startFrame", label: "Start (frame)", input: "number", step: 1 },
  opacity: { key: "opacity", label: "Opacity", input: "number", step: 0.05 },
  x: { key: "x", label: "X offset (px)", input: "number", step: 1 },
  y: { key: "y", label: "Y offset (px)", input: "number", step: 1 },
  scale: { key: "scale", label: "Scale", input: "number", step: 0.05 },
  gain: { key: "gain", label: "Gain", input: "number", step: 0.05 },
};

/** Fields shown for a clip on `track`: V1 trims; V2 adds start and look; A1 adds start and gain. */
export function clipFieldsFor(track: TimelineItem["track"]): FieldDef<ClipFieldKey>[] {
  const keys: ClipFieldKey[] =
    track === "V1"
      ? ["label", "trimIn", "trimOut"]
      : track === "V2"
        ? ["label", "startFrame", "trimIn", "trimOut", "opacity", "x", "y", "scale"]
        : ["label", "startFrame", "trimIn", "trimOut", "gain"];
  return keys.map(k => CLIP_FIELD_DEFS[k]);
}

export type ParsedField<T> = { ok: true; value: T } | { ok: false; error: string };

/** The schema of one field without its default, so an empty input is "required", not the default. */
function bareSchema(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  return s;
}

/** Turns raw input into the field's type: numbers from text (empty = missing), booleans as is. */
function coerce(input: FieldInput, raw: string | boolean): unknown {
  if (input === "checkbox") return raw;
  if (input === "number") {
    const text = String(raw).trim();
    return text === "" ? undefined : Number(text);
  }
  return raw;
}

/** Parses one shot field with ShotSchema; the error is the schema's message for that field. */
export function parseShotField<K extends ShotFieldKey>(
  def: FieldDef<K>,
  raw: string | boolean,
): ParsedField<Shot[K]> {
  return parseWith(bareSchema(ShotSchema.shape[def.key]), def.input, raw) as ParsedField<Shot[K]>;
}

/** Parses one clip field with TimelineItemSchema (label: empty text clears it). */
export function parseClipField<K extends ClipFieldKey>(
  def: FieldDef<K>,
  raw: string | boolean,
): ParsedField<TimelineItem[K]> {
  if (def.key === "label") {
    const text = String(raw).trim();
    return { ok: true, value: (text === "" ? undefined : text) as TimelineItem[K] };
  }
  return parseWith(bareSchema(TimelineItemSchema.shape[def.key]), def.input, raw) as ParsedField<
    TimelineItem[K]
  >;
}

function parseWith(
  schema: z.ZodType,
  input: FieldInput,
  raw: string | boolean,
): ParsedField<unknown> {
  const result = schema.safeParse(coerce(input, raw));
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, error: result.error.issues[0]?.message ?? "This value is not valid" };
}
