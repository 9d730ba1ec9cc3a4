import type { ElementLike } from "./types";

/** Size of an element's generated reference image, in pixels (FEATURES §3: 1024²). */
export const ELEMENT_IMAGE_SIZE = 1024;

/** Per type: the text before "{name}: {description}" and the style words after it (FEATURES §3). */
const TEMPLATES: Record<ElementLike["type"], { lead: string; style: string }> = {
  character: {
    lead: "Character sheet design for",
    style: "full body turnaround, white background",
  },
  location: {
    lead: "Concept art of",
    style: "wide shot, atmospheric, cinematic lighting",
  },
  object: {
    lead: "Concept design of",
    style: "product studio lighting, neutral background",
  },
};

/**
 * The text-to-image prompt for an element's reference image, e.g. "Character sheet design for
 * Mara: a keeper in a yellow raincoat, full body turnaround, white background". An empty
 * description leaves out the ": …" part; a trailing full stop on the description is dropped so
 * the style words continue the sentence.
 */
export function elementImagePrompt(
  element: Pick<ElementLike, "type" | "name" | "description">,
): string {
  const { lead, style } = TEMPLATES[element.type];
  const name = element.name.trim();
  const description = element.description
    .trim()
    .replace(/\s+/g, " ")
    .replace(/[.\s]+$/, "");
  return description ? `${lead} ${name}: ${description}, ${style}` : `${lead} ${name}, ${style}`;
}
