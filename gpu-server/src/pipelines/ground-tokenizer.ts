/**
 * Text queries to `input_ids` / `attention_mask` rows for a grounding model, through the shared
 * tokenizers (gpu-server/src/tokenizers): "clip-bpe" for OWL-ViT / OWLv2 exports, the hashed
 * kinds for grid fixtures, "sentencepiece-unigram" for T5-based text towers.
 */
import { loadTokenizer } from "../tokenizers/load";
import type { Tokenizer } from "../tokenizers/tokenized";
import type { GroundingTokenizerSpec } from "./ground-config";

export { makeClipBpeTokenizer } from "../tokenizers/clip-bpe";
export type QueryTokenizer = Tokenizer;

/** The tokenizer a spec describes; its files are read from `modelDir` (MODEL_INVALID if absent). */
export function loadQueryTokenizer(args: {
  spec: GroundingTokenizerSpec;
  modelDir: string;
  modelId: string;
}): Promise<QueryTokenizer> {
  return loadTokenizer(args);
}
