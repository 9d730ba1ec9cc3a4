/** The "byte" kind: one token per UTF-8 byte, id = reservedIds + (byte mod room). */

/** Content ids of `text`; `room` is vocabSize − reservedIds. */
export function toByteIds(
  text: string,
  { reservedIds, room }: { reservedIds: number; room: number },
): number[] {
  return Array.from(new TextEncoder().encode(text), b => reservedIds + (b % room));
}
