// "@" then letters or digits; ".", "-", "'" only between word characters so "@Maya." and
// "@Maya's" end at "Maya". A letter or "@" before it means an email or "@@", not a trigger.
const TRIGGER =
  /(?<![\p{L}\p{M}\p{N}_@])@([\p{L}\p{N}_](?:[\p{L}\p{M}\p{N}_]|[.\-'’](?=[\p{L}\p{N}_]))*)/gu;
const POSSESSIVE = /['’]s$/u;

export interface TriggerMatch {
  /** As written, with the "@", e.g. "@Zoë". */
  trigger: string;
  /** Lowercased NFC form for comparing with element triggers, e.g. "@zoë". */
  key: string;
  /** UTF-16 offset of the "@" in the (NFC-normalized) text. */
  index: number;
}

/** Every `@Trigger` in `text` in order, Unicode letters allowed ("@Zoë"); possessive 's dropped. */
export function findTriggers(text: string): TriggerMatch[] {
  const found: TriggerMatch[] = [];
  for (const match of text.normalize("NFC").matchAll(TRIGGER)) {
    const trigger = match[0].replace(POSSESSIVE, "");
    found.push({ trigger, key: trigger.toLowerCase(), index: match.index });
  }
  return found;
}
