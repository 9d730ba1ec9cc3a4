/**
 * The simple tokenizers a model.json can describe. Real checkpoints with SentencePiece/BPE
 * vocabularies need their own tokenizer kind added here; the sampler only sees ids and a mask.
 */
import type { TokenizerSpec } from "./config";

export interface TokenizedPrompt {
  /** Token ids, padded or truncated to spec.maxLength. */
  ids: number[];
  /** 1 for real tokens (special tokens included), 0 for padding. */
  mask: number[];
}

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

function toContentIds(prompt: string, spec: TokenizerSpec): number[] {
  const text = spec.lowercase ? prompt.normalize("NFKC").toLowerCase() : prompt.normalize("NFKC");
  const room = spec.vocabSize - spec.reservedIds;
  if (room <= 0) throw new RangeError("tokenizer vocabSize must exceed reservedIds");
  if (spec.kind === "byte") {
    return Array.from(new TextEncoder().encode(text), b => spec.reservedIds + (b % room));
  }
  return Array.from(text.match(WORD_PATTERN) ?? [], w => spec.reservedIds + (hashFnv1a(w) % room));
}

/** Turns a prompt into `maxLength` ids with bos/eos when the spec has them, padded with padId. */
export function tokenizePrompt(prompt: string, spec: TokenizerSpec): TokenizedPrompt {
  const head = spec.bosId === undefined ? [] : [spec.bosId];
  const tail = spec.eosId === undefined ? [] : [spec.eosId];
  const room = Math.max(0, spec.maxLength - head.length - tail.length);
  const tokens = [...head, ...toContentIds(prompt, spec).slice(0, room), ...tail].slice(
    0,
    spec.maxLength,
  );
  const pad = spec.maxLength - tokens.length;
  return {
    ids: [...tokens, ...new Array<number>(pad).fill(spec.padId)],
    mask: [...new Array<number>(tokens.length).fill(1), ...new Array<number>(pad).fill(0)],
  };
}
