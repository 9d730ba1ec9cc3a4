/**
 * The Images view's form as pure logic (FEATURES §4 "Image generation view"): defaults (1024²,
 * steps 25, guidance 2), @trigger autocomplete and insertion, and turning the form into a job.
 * Reference images — picked ones, or those of the elements its @triggers name — go out as the
 * `generate-image` job's frame-0 conditioning once uploaded.
 */
import { findTriggers, injectPrompt, type ElementLike } from "@milimo/shared/elements";
import { GenerateImageParamsSchema, type GenerateImageParams } from "@milimo/shared/api";
import { ELEMENT_REFERENCE_STRENGTH, MAX_CONDITIONING_ITEMS } from "../../jobs/job-plan";

/** What the user fills in; numbers as typed (NaN when a field is empty). */
export interface ImageForm {
  prompt: string;
  negativePrompt: string;
  width: number;
  height: number;
  steps: number;
  guidance: number;
  seed: number;
  /** Library images picked as references, in the order picked. */
  referenceMediaIds: string[];
}

/** The form as the view opens it (FEATURES §4: 1024², steps 25, guidance 2). */
export const DEFAULT_IMAGE_FORM: Readonly<ImageForm> = {
  prompt: "",
  negativePrompt: "",
  width: 1024,
  height: 1024,
  steps: 25,
  guidance: 2,
  seed: 42,
  referenceMediaIds: [],
};

/** Strength of a picked reference image at frame 0 (as "Add to shot", FEATURES §9). */
export const PICKED_REFERENCE_STRENGTH = 0.8;

/** A seed in 0..2^32-1; `random` returns [0, 1) (default Math.random). */
export function randomSeed(random: () => number = Math.random): number {
  return Math.floor(random() * 2 ** 32) % 2 ** 32;
}

/** An element as the form reads it: matching fields plus its reference images. */
export type FormElement = ElementLike & { referenceMediaIds: readonly string[] };

/** One image to upload and place at frame 0. */
export interface ReferenceSource {
  mediaId: string;
  strength: number;
}

/** The job the form asks for, before uploads: the references become its frame-0 conditioning. */
export interface ImageJobPlan {
  kind: "generate-image";
  params: Omit<GenerateImageParams, "conditioning">;
  references: ReferenceSource[];
}

export type ImagePlanResult =
  | { ok: true; plan: ImageJobPlan }
  | { ok: false; errors: Partial<Record<keyof ImageForm, string>> };

const FORM_FIELDS = new Set<string>([
  "prompt",
  "negativePrompt",
  "width",
  "height",
  "steps",
  "guidance",
  "seed",
]);

/**
 * Validates the form and builds the job: triggers replaced by "Name (Description)", picked
 * references (strength 0.8) then the named elements' references (0.5), at most 16 in all.
 * Errors are the schema's words per field ("Width must be a multiple of 32").
 */
export function planImageJob({
  form,
  elements,
  isImage = () => true,
}: {
  form: ImageForm;
  elements: readonly FormElement[];
  /** False for library items that are not still images (they are skipped as references). */
  isImage?: (mediaId: string) => boolean;
}): ImagePlanResult {
  const prompt = injectPrompt({ prompt: form.prompt.trim(), elements });
  const negativePrompt = form.negativePrompt.trim();
  const parsed = GenerateImageParamsSchema.safeParse({
    prompt,
    ...(negativePrompt ? { negativePrompt } : {}),
    width: form.width,
    height: form.height,
    steps: form.steps,
    guidance: form.guidance,
    seed: form.seed,
  });
  if (!parsed.success) {
    const errors: Partial<Record<keyof ImageForm, string>> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "prompt");
      const key = (FORM_FIELDS.has(field) ? field : "prompt") as keyof ImageForm;
      errors[key] ??= fieldMessage(key, issue.message);
    }
    return { ok: false, errors };
  }
  const references = collectReferences({ form, elements, isImage });
  return { ok: true, plan: { kind: "generate-image", params: parsed.data, references } };
}

// zod's own words for a wrong type ("expected number, received NaN") mean an empty box here.
function fieldMessage(field: keyof ImageForm, message: string): string {
  if (!/expected|received/i.test(message)) return message;
  const label: Record<keyof ImageForm, string> = {
    prompt: "Prompt",
    negativePrompt: "Negative prompt",
    width: "Width",
    height: "Height",
    steps: "Steps",
    guidance: "Guidance",
    seed: "Seed",
    referenceMediaIds: "Reference images",
  };
  return `${label[field]} must be a number`;
}

function collectReferences({
  form,
  elements,
  isImage,
}: {
  form: ImageForm;
  elements: readonly FormElement[];
  isImage: (mediaId: string) => boolean;
}): ReferenceSource[] {
  const out: ReferenceSource[] = [];
  const seen = new Set<string>();
  const push = (mediaId: string, strength: number) => {
    if (seen.has(mediaId) || !isImage(mediaId) || out.length >= MAX_CONDITIONING_ITEMS) return;
    seen.add(mediaId);
    out.push({ mediaId, strength });
  };
  for (const id of form.referenceMediaIds) push(id, PICKED_REFERENCE_STRENGTH);
  const named = new Set(findTriggers(form.prompt).map(t => t.key));
  for (const element of elements) {
    if (!named.has(element.trigger.normalize("NFC").toLowerCase())) continue;
    for (const id of element.referenceMediaIds) push(id, ELEMENT_REFERENCE_STRENGTH);
  }
  return out;
}

/** The partial "@Ma" that ends at `cursor` (what autocomplete completes), or null. */
export function triggerQueryAt(
  text: string,
  cursor: number,
): { start: number; query: string } | null {
  const before = text.slice(0, cursor);
  const match = /(^|[^\p{L}\p{N}_@])(@[\p{L}\p{N}_]*)$/u.exec(before);
  if (!match?.[2]) return null;
  return { start: cursor - match[2].length, query: match[2] };
}

/** Elements whose trigger or name starts with the typed query (case-insensitive), by trigger. */
export function suggestTriggers<E extends ElementLike>(elements: readonly E[], query: string): E[] {
  const q = query.replace(/^@/, "").toLowerCase();
  return elements
    .filter(
      e =>
        e.trigger.slice(1).toLowerCase().startsWith(q) ||
        e.name.toLowerCase().replace(/\s+/g, "").startsWith(q),
    )
    .sort((a, b) => a.trigger.localeCompare(b.trigger));
}

/**
 * Inserts `trigger` at the cursor, replacing a partial "@…" typed just before it, with a space on
 * either side where needed; returns the new text and the cursor after the inserted trigger.
 */
export function insertTrigger({
  text,
  cursor,
  trigger,
}: {
  text: string;
  cursor: number;
  trigger: string;
}): { text: string; cursor: number } {
  const at = Math.max(0, Math.min(cursor, text.length));
  const partial = triggerQueryAt(text, at);
  const start = partial ? partial.start : at;
  const head = text.slice(0, start);
  const tail = text.slice(at);
  const lead = head === "" || /\s$/.test(head) ? "" : " ";
  const trail = /^\s/.test(tail) ? "" : " ";
  const inserted = `${lead}${trigger}${trail}`;
  return { text: head + inserted + tail, cursor: head.length + inserted.length };
}
