/**
 * Prompt enhancement (FEATURES §4): a chat model rewrites a shot's built prompt into richer
 * visual prose whose length follows the shot's duration: 2–3 sentences up to 6 s, 3–5 up to
 * 12 s, 4–8 longer. Element triggers and character names must survive the rewrite, since element
 * matching and reference images hang on them; an answer that drops one is not used.
 */
import type { ChatMessage } from "./chat";

/** Sentence bounds by duration (FEATURES §4); `upToSeconds` is inclusive. */
export const ENHANCE_SENTENCE_RULES = [
  { upToSeconds: 6, min: 2, max: 3 },
  { upToSeconds: 12, min: 3, max: 5 },
  { upToSeconds: Infinity, min: 4, max: 8 },
] as const;

export interface SentenceRange {
  min: number;
  max: number;
}

/** Sentences an enhanced prompt should have for `numFrames` at `fps` (duration = numFrames / fps). */
export function sentenceRangeFor({
  numFrames,
  fps,
}: {
  numFrames: number;
  fps: number;
}): SentenceRange {
  const seconds = fps > 0 ? numFrames / fps : Infinity;
  const rule =
    ENHANCE_SENTENCE_RULES.find(r => seconds <= r.upToSeconds) ?? ENHANCE_SENTENCE_RULES[2];
  return { min: rule.min, max: rule.max };
}

/** The system and user messages asking for an enhanced prompt; `keep` are words to keep verbatim. */
export function buildEnhanceMessages({
  prompt,
  numFrames,
  fps,
  keep,
}: {
  prompt: string;
  numFrames: number;
  fps: number;
  keep: readonly string[];
}): ChatMessage[] {
  const { min, max } = sentenceRangeFor({ numFrames, fps });
  const seconds = Math.round((numFrames / fps) * 10) / 10;
  const keepLine =
    keep.length > 0
      ? `Keep these words exactly as written: ${keep.join(", ")}.`
      : "Keep every name exactly as written.";
  return [
    {
      role: "system",
      content: [
        "You write prompts for a text-to-video model.",
        `Rewrite the user's shot description as ${min} to ${max} sentences of plain prose describing what the camera sees: subject, action, setting, light, camera movement.`,
        "Keep every @trigger word and every character name exactly as written.",
        "Do not invent new characters or dialogue. No markdown, no lists, no headings, no quotes around the answer.",
        "Answer with the rewritten prompt only.",
      ].join("\n"),
    },
    {
      role: "user",
      content: `Shot length: ${seconds} seconds (${min}–${max} sentences).\n${keepLine}\n\n${prompt}`,
    },
  ];
}

/** Splits prose into sentences at ".", "!", "?" or "…" followed by a space; abbreviations aside. */
export function splitSentences(text: string): string[] {
  const flat = text.replace(/\s+/gu, " ").trim();
  if (flat === "") return [];
  const out: string[] = [];
  let current = "";
  for (const token of flat.split(" ")) {
    current = current === "" ? token : `${current} ${token}`;
    if (/[.!?…]["'”’)]*$/u.test(token) && !/^(?:Mr|Mrs|Ms|Dr|St|vs|e\.g|i\.e)\.$/iu.test(token)) {
      out.push(current);
      current = "";
    }
  }
  if (current !== "") out.push(current);
  return out;
}

/** Removes what models add around prose: code fences, headings, list marks, bold, wrapping quotes, "Prompt:" labels. */
export function stripMarkdown(text: string): string {
  return text
    .replace(/```[a-z]*\n?/giu, "")
    .split(/\r\n?|\n/u)
    .map(line =>
      line
        .replace(/^\s*#{1,6}\s+/u, "")
        .replace(/^\s*(?:[-*•]|\d+[.)])\s+/u, "")
        .replace(/\*\*(.+?)\*\*|__(.+?)__/gu, "$1$2")
        .replace(/(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)/gu, "$1"),
    )
    .join(" ")
    .replace(/^\s*(?:enhanced prompt|prompt|here is[^:]*)\s*:\s*/iu, "")
    .replace(/\s+/gu, " ")
    .trim()
    .replace(/^["“'](.*)["”']$/u, "$1")
    .trim();
}

export type EnhancedPrompt =
  { ok: true; prompt: string; sentences: number; trimmed: boolean } | { ok: false; reason: string };

/**
 * Checks a model's enhanced prompt: markdown is stripped, sentences beyond the maximum for the
 * duration are cut, and an answer that is empty, shorter than the minimum, or that lost a `keep`
 * word (trigger or name, case-insensitive) is rejected with a reason.
 */
export function fitEnhancedPrompt({
  answer,
  numFrames,
  fps,
  keep,
}: {
  answer: string;
  numFrames: number;
  fps: number;
  keep: readonly string[];
}): EnhancedPrompt {
  const sentences = splitSentences(stripMarkdown(answer));
  if (sentences.length === 0) return { ok: false, reason: "the model returned an empty prompt" };
  const { min, max } = sentenceRangeFor({ numFrames, fps });
  if (sentences.length < min) {
    return {
      ok: false,
      reason: `the model wrote ${sentences.length} sentence${sentences.length === 1 ? "" : "s"}; at least ${min} were asked for`,
    };
  }
  const kept = sentences.slice(0, max);
  const prompt = kept.join(" ");
  const lower = prompt.toLowerCase();
  const lost = keep.filter(word => word.trim() !== "" && !lower.includes(word.toLowerCase()));
  if (lost.length > 0) return { ok: false, reason: `the model left out ${lost.join(", ")}` };
  return { ok: true, prompt, sentences: kept.length, trimmed: kept.length < sentences.length };
}
