/**
 * Text queries to `input_ids` / `attention_mask` rows for a grounding model. "byte" and "word-hash"
 * are the repo's simple tokenizers (diffusion/tokenizer.ts); "clip-bpe" is CLIP's byte-level BPE as
 * OWL-ViT / OWLv2 use it (openai/CLIP simple_tokenizer: lower case, collapsed whitespace, its word
 * pattern, bytes mapped to printable characters, `</w>` on a word's last symbol, merges by rank),
 * read from the model folder's vocab.json and merges.txt. ftfy's mojibake repair is not done.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ErrorCode } from "@milimo/shared/api";
import { DomainError } from "../errors";
import { tokenizePrompt, type TokenizedPrompt } from "./diffusion/tokenizer";
import type { GroundingTokenizerSpec } from "./ground-config";

export type QueryTokenizer = (text: string) => TokenizedPrompt;

const CLIP_PATTERN =
  /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+/giu;

/** GPT-2 / CLIP's reversible byte -> printable character table. */
function bytesToUnicode(): string[] {
  const printable: number[] = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const table = new Array<string>(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    table[b] = String.fromCodePoint(printable.includes(b) ? b : 256 + extra++);
  }
  return table;
}

/** A CLIP BPE tokenizer from vocab.json (token -> id) and merges.txt ("a b" per line, by rank). */
export function makeClipBpeTokenizer(args: {
  vocab: Record<string, number>;
  merges: string;
  maxLength: number;
  padId: number;
}): QueryTokenizer {
  const { vocab, maxLength, padId } = args;
  const byteChars = bytesToUnicode();
  const ranks = new Map<string, number>();
  for (const line of args.merges.split("\n")) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith("#version")) continue;
    ranks.set(trimmed, ranks.size);
  }
  const bos = vocab["<|startoftext|>"];
  const eos = vocab["<|endoftext|>"];
  if (bos === undefined || eos === undefined) {
    throw new Error("vocab.json has no <|startoftext|> / <|endoftext|> tokens");
  }
  const cache = new Map<string, string[]>();

  const bpe = (token: string): string[] => {
    const hit = cache.get(token);
    if (hit) return hit;
    const chars = [...token];
    let word = [...chars.slice(0, -1), `${chars[chars.length - 1] ?? ""}</w>`];
    while (word.length > 1) {
      let best = -1;
      let bestRank = Infinity;
      for (let i = 0; i < word.length - 1; i++) {
        const rank = ranks.get(`${word[i]} ${word[i + 1]}`);
        if (rank !== undefined && rank < bestRank) {
          bestRank = rank;
          best = i;
        }
      }
      if (best < 0) break;
      const [a, b] = [word[best] as string, word[best + 1] as string];
      const next: string[] = [];
      for (let i = 0; i < word.length; i++) {
        if (i < word.length - 1 && word[i] === a && word[i + 1] === b) {
          next.push(a + b);
          i++;
        } else next.push(word[i] as string);
      }
      word = next;
    }
    cache.set(token, word);
    return word;
  };

  return text => {
    const clean = text.replace(/\s+/g, " ").trim().toLowerCase();
    const ids: number[] = [];
    for (const match of clean.match(CLIP_PATTERN) ?? []) {
      const mapped = Array.from(new TextEncoder().encode(match), b => byteChars[b] as string);
      for (const piece of bpe(mapped.join(""))) ids.push(vocab[piece] ?? eos);
    }
    const tokens = [bos, ...ids.slice(0, Math.max(0, maxLength - 2)), eos].slice(0, maxLength);
    const pad = maxLength - tokens.length;
    return {
      ids: [...tokens, ...new Array<number>(pad).fill(padId)],
      mask: [...new Array<number>(tokens.length).fill(1), ...new Array<number>(pad).fill(0)],
    };
  };
}

/** The tokenizer a spec describes; CLIP's files are read from `modelDir` (MODEL_INVALID if absent). */
export async function loadQueryTokenizer(args: {
  spec: GroundingTokenizerSpec;
  modelDir: string;
  modelId: string;
}): Promise<QueryTokenizer> {
  const { spec } = args;
  if (spec.kind !== "clip-bpe") return text => tokenizePrompt(text, spec);
  try {
    const vocab = JSON.parse(await readFile(join(args.modelDir, spec.vocab), "utf8")) as Record<
      string,
      number
    >;
    const merges = await readFile(join(args.modelDir, spec.merges), "utf8");
    return makeClipBpeTokenizer({ vocab, merges, maxLength: spec.maxLength, padId: spec.padId });
  } catch (err) {
    throw new DomainError(
      ErrorCode.MODEL_INVALID,
      `Model ${args.modelId}: could not read its CLIP tokenizer (${spec.vocab}, ${spec.merges}): ${(err as Error).message}`,
      { cause: err },
    );
  }
}
