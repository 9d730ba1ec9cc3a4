// Text comparison shared by trigger detection, matching and injection. Everything compares in
// NFC and lower case so "Zoë" typed with a combining mark still matches "ZOË" in a cue.

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/gu;
const NOT_WORD_BEFORE = "(?<![\\p{L}\\p{M}\\p{N}_])";
const NOT_WORD_AFTER = "(?![\\p{L}\\p{M}\\p{N}_])";

/** NFC, lower case, single spaces. */
export function foldText(text: string): string {
  return text.normalize("NFC").toLowerCase().replace(/\s+/gu, " ").trim();
}

/** Words of two or more Unicode letters, lowercased (FEATURES §3 tokens, ★ Unicode). */
export function tokenize(text: string): string[] {
  return (
    text
      .normalize("NFC")
      .toLowerCase()
      .match(/\p{L}{2,}/gu) ?? []
  );
}

export function escapeRegExp(text: string): string {
  return text.replace(REGEX_SPECIAL, "\\$&");
}

/** Case-insensitive pattern for `phrase` as whole words; spaces match any run of whitespace. */
export function phrasePattern(phrase: string, flags = "iu"): RegExp | null {
  const words = phrase.normalize("NFC").trim().split(/\s+/u).filter(Boolean).map(escapeRegExp);
  if (words.length === 0) return null;
  return new RegExp(`${NOT_WORD_BEFORE}${words.join("\\s+")}${NOT_WORD_AFTER}`, flags);
}

/** True when `phrase` occurs in `text` as whole words, ignoring case. */
export function containsPhrase(text: string, phrase: string): boolean {
  const pattern = phrasePattern(phrase);
  return pattern !== null && pattern.test(text.normalize("NFC"));
}

/** Pattern for an exact trigger such as "@Maya": not inside a longer word, an email or "@Mayan". */
export function triggerPattern(trigger: string, flags = "iu"): RegExp | null {
  const body = trigger.normalize("NFC").trim().replace(/^@+/u, "");
  if (body === "" || /\s/u.test(body)) return null;
  return new RegExp(`(?<![\\p{L}\\p{M}\\p{N}_@])@${escapeRegExp(body)}${NOT_WORD_AFTER}`, flags);
}

/** The trigger without its "@", e.g. "maya" for "@Maya". */
export function bareTrigger(trigger: string): string {
  return trigger.normalize("NFC").trim().replace(/^@+/u, "");
}
