/**
 * The `tokenizer` section of a model.json, one schema per kind. The diffusion and grounding
 * configs embed these (diffusion adds the ids tensor type); the loader turns a spec into a
 * tokenizer. File names are relative to the model folder.
 */
import { z } from "zod";

/** "byte": one token per UTF-8 byte; "word-hash": FNV-1a of each word. No files needed. */
export const HashedTokenizerSpecSchema = z.object({
  kind: z.enum(["byte", "word-hash"]),
  vocabSize: z.number().int().min(8),
  maxLength: z.number().int().min(1).max(4096),
  padId: z.number().int().min(0).default(0),
  bosId: z.number().int().min(0).optional(),
  eosId: z.number().int().min(0).optional(),
  /** Ids below this are reserved for special tokens; default 3 (pad, bos, eos). */
  reservedIds: z.number().int().min(0).default(3),
  lowercase: z.boolean().default(true),
});
export type HashedTokenizerSpec = z.infer<typeof HashedTokenizerSpecSchema>;

/** CLIP's byte-level BPE, read from the model folder (vocab.json + merges.txt as CLIP ships them). */
export const ClipBpeTokenizerSpecSchema = z.object({
  kind: z.literal("clip-bpe"),
  vocab: z.string().min(1).default("vocab.json"),
  merges: z.string().min(1).default("merges.txt"),
  maxLength: z.number().int().min(2).max(4096).default(16),
  /** `<|startoftext|>` / `<|endoftext|>` ids are read from vocab.json. */
  padId: z.number().int().min(0).default(0),
});
export type ClipBpeTokenizerSpec = z.infer<typeof ClipBpeTokenizerSpecSchema>;

/** SentencePiece Unigram (T5) from a Hugging Face tokenizer.json whose model.type is "Unigram". */
export const UnigramTokenizerSpecSchema = z.object({
  kind: z.literal("sentencepiece-unigram"),
  file: z.string().min(1).default("tokenizer.json"),
  maxLength: z.number().int().min(1).max(4096).default(128),
  /** Defaults to the id of the `<pad>` piece, else 0. */
  padId: z.number().int().min(0).optional(),
  /** Appended after the text (T5's `</s>`); null appends nothing. */
  eosToken: z.string().min(1).nullable().default("</s>"),
});
export type UnigramTokenizerSpec = z.infer<typeof UnigramTokenizerSpecSchema>;

export const TokenizerSpecSchema = z.discriminatedUnion("kind", [
  HashedTokenizerSpecSchema,
  ClipBpeTokenizerSpecSchema,
  UnigramTokenizerSpecSchema,
]);
export type TokenizerSpec = z.infer<typeof TokenizerSpecSchema>;
export type TokenizerKind = TokenizerSpec["kind"];

/** The files a spec reads from the model folder (none for the hashed kinds). */
export function listTokenizerFiles(spec: TokenizerSpec): string[] {
  if (spec.kind === "clip-bpe") return [spec.vocab, spec.merges];
  if (spec.kind === "sentencepiece-unigram") return [spec.file];
  return [];
}
