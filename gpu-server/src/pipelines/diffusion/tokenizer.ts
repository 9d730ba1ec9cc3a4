/**
 * The prompt tokenizer of a diffusion model: any kind of gpu-server/src/tokenizers. The hashed
 * kinds need no files; the file kinds ("clip-bpe", "sentencepiece-unigram") are read once from
 * the absolute paths `readDiffusionConfig` resolved, then cached per spec for the process's life
 * (replacing a model's tokenizer files needs a server restart). The sampler only sees ids and a mask.
 */
import { tokenizeHashed } from "../../tokenizers/hashed";
import { loadTokenizerSync } from "../../tokenizers/load";
import type { TokenizedText, Tokenizer } from "../../tokenizers/tokenized";
import type { TokenizerSpec } from "./config";

export { hashFnv1a } from "../../tokenizers/word-hash";
export type TokenizedPrompt = TokenizedText;

const loaded = new Map<string, Tokenizer>();

/** Turns a prompt into `maxLength` ids (specials as the kind defines them), padded with padId. */
export function tokenizePrompt(prompt: string, spec: TokenizerSpec): TokenizedPrompt {
  if (spec.kind === "byte" || spec.kind === "word-hash") return tokenizeHashed(prompt, spec);
  const key = JSON.stringify(spec);
  let tokenizer = loaded.get(key);
  if (!tokenizer) {
    tokenizer = loadTokenizerSync({ spec, modelDir: "/" });
    loaded.set(key, tokenizer);
  }
  return tokenizer(prompt);
}
