/**
 * CLIP's byte-level BPE as CLIP, OWL-ViT / OWLv2 and Stable Diffusion's text encoders use it
 * (openai/CLIP simple_tokenizer: lower case, collapsed whitespace, its word pattern, bytes mapped to
 * printable characters, `</w>` on a word's last symbol, merges applied by rank). ftfy's mojibake
 * repair and the HTML unescaping are not done. Symbols missing from the vocabulary become
 * `<|endoftext|>`.
 */
import { frameTokens, type Tokenizer } from "./tokenized";

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

function readMergeRanks(merges: string): Map<string, number> {
  const ranks = new Map<string, number>();
  for (const line of merges.split("\n")) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith("#version")) continue;
    ranks.set(trimmed, ranks.size);
  }
  return ranks;
}

function mergePair(word: string[], a: string, b: string): string[] {
  const next: string[] = [];
  for (let i = 0; i < word.length; i++) {
    if (i < word.length - 1 && word[i] === a && word[i + 1] === b) {
      next.push(a + b);
      i++;
    } else next.push(word[i] as string);
  }
  return next;
}

/** A CLIP BPE tokenizer from vocab.json (token -> id) and merges.txt ("a b" per line, by rank). */
export function makeClipBpeTokenizer(args: {
  vocab: Record<string, number>;
  merges: string;
  maxLength: number;
  padId: number;
}): Tokenizer {
  const { vocab, maxLength, padId } = args;
  const byteChars = bytesToUnicode();
  const ranks = readMergeRanks(args.merges);
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
      word = mergePair(word, word[best] as string, word[best + 1] as string);
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
    return frameTokens({ content: ids, head: [bos], tail: [eos], maxLength, padId });
  };
}
