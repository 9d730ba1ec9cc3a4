/**
 * The repo's two vocabulary-free kinds ("byte", "word-hash"): NFKC, optional lower case, content
 * ids past the reserved range, then bos/eos and padding from the spec. They need no files, which
 * is why the fixture models use them.
 */
import { toByteIds } from "./byte";
import type { HashedTokenizerSpec } from "./spec";
import { frameTokens, type TokenizedText } from "./tokenized";
import { toWordHashIds } from "./word-hash";

/** Turns text into `maxLength` ids with bos/eos when the spec has them, padded with padId. */
export function tokenizeHashed(text: string, spec: HashedTokenizerSpec): TokenizedText {
  const normalized = spec.lowercase ? text.normalize("NFKC").toLowerCase() : text.normalize("NFKC");
  const room = spec.vocabSize - spec.reservedIds;
  if (room <= 0) throw new RangeError("tokenizer vocabSize must exceed reservedIds");
  const range = { reservedIds: spec.reservedIds, room };
  const content =
    spec.kind === "byte" ? toByteIds(normalized, range) : toWordHashIds(normalized, range);
  return frameTokens({
    content,
    head: spec.bosId === undefined ? [] : [spec.bosId],
    tail: spec.eosId === undefined ? [] : [spec.eosId],
    maxLength: spec.maxLength,
    padId: spec.padId,
  });
}
