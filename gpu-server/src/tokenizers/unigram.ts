/**
 * SentencePiece Unigram (T5, mT5, UMT5) from a Hugging Face tokenizer.json: the file's normalizer
 * and pre-tokenizer (see unigram-text.ts), then, per piece of text, the Viterbi segmentation with
 * the highest total score, as the Hugging Face `tokenizers` Unigram model computes it. A character
 * no vocabulary piece starts with scores (lowest piece score − 10), consecutive unknown
 * characters fuse into one `unk_id` token, and with `byte_fallback` an unknown run becomes its
 * UTF-8 bytes as `<0xXX>` pieces (or one `unk_id` if any byte piece is missing). The eos token is
 * appended, then the row is truncated (eos kept) and padded.
 *
 * Special tokens typed in the text (`</s>`, `<extra_id_0>`) are not split out as specials: the
 * pieces listed as special in `added_tokens` are left out of the segmentation instead.
 */
import { z } from "zod";
import { frameTokens, type Tokenizer } from "./tokenized";
import { compileNormalizer, compilePreTokenizer } from "./unigram-text";

/** HF tokenizers' penalty below the lowest piece score for an unknown character. */
const UNK_PENALTY = 10;

export const UnigramFileSchema = z.object({
  model: z.object({
    type: z.literal("Unigram"),
    vocab: z.array(z.tuple([z.string(), z.number()])).min(1),
    unk_id: z.number().int().min(0),
    byte_fallback: z.boolean().default(false),
  }),
  normalizer: z.unknown().optional(),
  pre_tokenizer: z.unknown().optional(),
  added_tokens: z
    .array(z.looseObject({ id: z.number().int(), content: z.string(), special: z.boolean() }))
    .default([]),
});
export type UnigramFile = z.infer<typeof UnigramFileSchema>;

interface Piece {
  id: number;
  score: number;
}

interface Step {
  score: number;
  start: number;
  /** Vocabulary id, or -1 for an unknown character. */
  id: number;
}

/** Best segmentation of one pre-token as [text, id] pairs (id -1: unknown, fused per run). */
function segment(args: {
  chars: string[];
  pieces: Map<string, Piece>;
  maxChars: number;
  unkScore: number;
}): Array<[string, number]> {
  const { chars, pieces, maxChars, unkScore } = args;
  const best: Array<Step | undefined> = new Array<Step | undefined>(chars.length + 1);
  best[0] = { score: 0, start: 0, id: -1 };
  const offer = (end: number, step: Step) => {
    const current = best[end];
    // Strictly greater: on a tie the earlier start (the longer last piece) stays, like HF.
    if (current === undefined || step.score > current.score) best[end] = step;
  };
  for (let start = 0; start < chars.length; start++) {
    const here = best[start];
    if (here === undefined) continue;
    let hasSingle = false;
    let text = "";
    for (let len = 1; len <= maxChars && start + len <= chars.length; len++) {
      text += chars[start + len - 1] as string;
      const piece = pieces.get(text);
      if (!piece) continue;
      if (len === 1) hasSingle = true;
      offer(start + len, { score: here.score + piece.score, start, id: piece.id });
    }
    if (!hasSingle) offer(start + 1, { score: here.score + unkScore, start, id: -1 });
  }
  const out: Array<[string, number]> = [];
  for (let end = chars.length; end > 0;) {
    const step = best[end] as Step;
    const text = chars.slice(step.start, end).join("");
    const last = out[out.length - 1];
    if (step.id === -1 && last && last[1] === -1) last[0] = text + last[0];
    else out.push([text, step.id]);
    end = step.start;
  }
  return out.reverse();
}

/** A Unigram tokenizer from a parsed tokenizer.json; padId defaults to `<pad>`'s id, else 0. */
export function makeUnigramTokenizer(args: {
  file: UnigramFile;
  maxLength: number;
  padId?: number;
  eosToken: string | null;
}): Tokenizer {
  const { model } = args.file;
  const specials = new Set(args.file.added_tokens.filter(t => t.special).map(t => t.content));
  const ids = new Map<string, number>();
  const pieces = new Map<string, Piece>();
  let maxChars = 1;
  let minScore = Infinity;
  model.vocab.forEach(([piece, score], id) => {
    if (!ids.has(piece)) ids.set(piece, id);
    minScore = Math.min(minScore, score);
    if (specials.has(piece) || id === model.unk_id || pieces.has(piece)) return;
    pieces.set(piece, { id, score });
    maxChars = Math.max(maxChars, [...piece].length);
  });
  if (model.unk_id >= model.vocab.length) {
    throw new Error(`model.unk_id ${model.unk_id} is outside the vocabulary`);
  }
  const eos = args.eosToken === null ? undefined : ids.get(args.eosToken);
  if (args.eosToken !== null && eos === undefined) {
    throw new Error(`the vocabulary has no eos token "${args.eosToken}"`);
  }
  const padId = args.padId ?? ids.get("<pad>") ?? 0;
  const normalize = compileNormalizer(args.file.normalizer);
  const preTokenize = compilePreTokenizer(args.file.pre_tokenizer);
  const unkScore = minScore - UNK_PENALTY;

  const toIds = ([text, id]: [string, number]): number[] => {
    if (id !== -1) return [id];
    if (model.byte_fallback) {
      const bytes = Array.from(new TextEncoder().encode(text), b =>
        ids.get(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`),
      );
      if (bytes.every((b): b is number => b !== undefined)) return bytes;
    }
    return [model.unk_id];
  };

  return text => {
    const content = preTokenize(normalize(text)).flatMap(word =>
      segment({ chars: [...word], pieces, maxChars, unkScore }).flatMap(toIds),
    );
    return frameTokens({
      content,
      head: [],
      tail: eos === undefined ? [] : [eos],
      maxLength: args.maxLength,
      padId,
    });
  };
}
