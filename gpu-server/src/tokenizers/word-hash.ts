/** The "word-hash" kind: one token per word, id = reservedIds + (FNV-1a(word) mod room). */

const WORD_PATTERN = /[\p{L}\p{N}@']+/gu;

/** FNV-1a over the UTF-8 bytes of `text`; 32-bit unsigned. */
export function hashFnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Content ids of `text`: its words (letters, digits, @ and '), punctuation and spaces dropped. */
export function toWordHashIds(
  text: string,
  { reservedIds, room }: { reservedIds: number; room: number },
): number[] {
  return Array.from(text.match(WORD_PATTERN) ?? [], w => reservedIds + (hashFnv1a(w) % room));
}
