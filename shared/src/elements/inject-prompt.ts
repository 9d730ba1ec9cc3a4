import { containsPhrase, foldText, triggerPattern } from "./text-match";
import type { ElementLike } from "./types";

/**
 * Replaces each element trigger (any case) by "Name (Description)" — the description only at the
 * first mention, later mentions get the name — then appends ". Setting: Name (Description)" once
 * for each matched location the prompt does not already name (FEATURES §3; the original appended
 * it twice). Running it again on its own output changes nothing.
 */
export function injectPrompt({
  prompt,
  elements,
  matched = [],
}: {
  prompt: string;
  elements: readonly ElementLike[];
  matched?: readonly { element: ElementLike }[];
}): string {
  let text = replaceTriggers(prompt, elements);
  const appended = new Set<string>();
  for (const { element } of matched) {
    if (element.type !== "location" || appended.has(element.id)) continue;
    appended.add(element.id);
    if (element.name.trim() === "" || containsPhrase(text, element.name)) continue;
    text = appendSentence(text, `Setting: ${describeElement(element, elements)}`);
  }
  return text;
}

function replaceTriggers(prompt: string, elements: readonly ElementLike[]): string {
  const byTrigger = new Map<string, ElementLike>();
  for (const element of elements) {
    const key = foldText(element.trigger);
    if (triggerPattern(element.trigger) && !byTrigger.has(key)) byTrigger.set(key, element);
  }
  if (byTrigger.size === 0) return prompt;

  // One pass over all triggers (longest first) so replacement text is never rescanned.
  const alternatives = [...byTrigger.values()]
    .map(element => triggerPattern(element.trigger, "giu")?.source ?? "")
    .filter(Boolean)
    .sort((a, b) => b.length - a.length);
  const pattern = new RegExp(alternatives.join("|"), "giu");
  const text = prompt.normalize("NFC");
  const described = new Set<string>();
  return text.replace(pattern, found => {
    const element = byTrigger.get(foldText(found));
    if (!element) return found;
    const full = describeElement(element, elements);
    if (described.has(element.id) || full === element.name || text.includes(full)) {
      return element.name;
    }
    described.add(element.id);
    return full;
  });
}

/** "Name (Description)", or the name when there is no description; triggers inside become names. */
function describeElement(element: ElementLike, elements: readonly ElementLike[]): string {
  let description = element.description.normalize("NFC").replace(/\s+/gu, " ").trim();
  for (const other of elements) {
    const pattern = triggerPattern(other.trigger, "giu");
    if (pattern) description = description.replace(pattern, () => other.name);
  }
  return description === "" ? element.name : `${element.name} (${description})`;
}

/** Appends a sentence, adding the full stop the text before it lacks. */
export function appendSentence(text: string, sentence: string): string {
  const base = text.trimEnd();
  const next = sentence.trim();
  if (next === "") return base;
  if (base === "") return next;
  return /[.!?…]["”'’)\]]*$/u.test(base) ? `${base} ${next}` : `${base}. ${next}`;
}
