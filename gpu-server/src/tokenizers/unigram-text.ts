/**
 * The text side of a Hugging Face tokenizer.json for a SentencePiece model: its `normalizer` and
 * `pre_tokenizer` sections turned into functions. Only the component types SentencePiece exports
 * use are supported; any other type is refused by name, so a tokenizer is never silently wrong.
 *
 * `Precompiled` (SentencePiece's compiled nmt_nfkc rules) is approximated by the `Nmt` control
 * character rules followed by Unicode NFKC; the charsmap itself is not decoded, so the rare
 * characters whose SentencePiece mapping differs from NFKC are tokenized as NFKC maps them.
 */
import { z } from "zod";

export type Normalize = (text: string) => string;
export type PreTokenize = (text: string) => string[];

const NodeSchema = z.looseObject({ type: z.string() });

const StripSchema = z.object({
  strip_left: z.boolean().default(false),
  strip_right: z.boolean().default(false),
});
const ReplaceSchema = z.object({
  pattern: z.union([z.object({ String: z.string() }), z.object({ Regex: z.string() })]),
  content: z.string(),
});
const MetaspaceSchema = z.object({
  replacement: z.string().default("▁"),
  add_prefix_space: z.boolean().optional(),
  prepend_scheme: z.enum(["always", "first", "never"]).optional(),
  split: z.boolean().default(true),
});

/** Whether SentencePiece's nmt rules remove the code point (C0/C1 controls other than whitespace). */
function isNmtRemoved(code: number): boolean {
  return (
    (code >= 0x01 && code <= 0x08) ||
    code === 0x0b ||
    (code >= 0x0e && code <= 0x1f) ||
    code === 0x7f ||
    code === 0x8f ||
    code === 0x9f
  );
}

/** Code points the nmt rules turn into a plain space (whitespace-like and zero-width ones). */
const NMT_SPACES = new Set([
  0x09, 0x0a, 0x0c, 0x0d, 0x1680, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2028, 0x2029, 0x2581,
  0xfeff, 0xfffd,
]);

function normalizeNmt(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (isNmtRemoved(code)) continue;
    out += NMT_SPACES.has(code) ? " " : char;
  }
  return out;
}

function toPattern(pattern: z.infer<typeof ReplaceSchema>["pattern"]): RegExp {
  if ("String" in pattern)
    return new RegExp(pattern.String.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gu");
  return new RegExp(pattern.Regex, "gu");
}

/** The tokenizer.json `normalizer` as a function; null/absent leaves text unchanged. */
export function compileNormalizer(raw: unknown): Normalize {
  if (raw === null || raw === undefined) return text => text;
  const node = NodeSchema.parse(raw);
  switch (node.type) {
    case "Sequence": {
      const steps = z.array(z.unknown()).parse(node.normalizers).map(compileNormalizer);
      return text => steps.reduce((acc, step) => step(acc), text);
    }
    case "Precompiled":
      return text => normalizeNmt(text).normalize("NFKC");
    case "Nmt":
      return normalizeNmt;
    case "NFKC":
    case "NFC":
    case "NFKD":
    case "NFD": {
      const form = node.type;
      return text => text.normalize(form);
    }
    case "Lowercase":
      return text => text.toLowerCase();
    case "Strip": {
      const { strip_left: left, strip_right: right } = StripSchema.parse(node);
      return text => {
        const start = left ? text.trimStart() : text;
        return right ? start.trimEnd() : start;
      };
    }
    case "Replace": {
      const { pattern, content } = ReplaceSchema.parse(node);
      const regex = toPattern(pattern);
      return text => text.replace(regex, () => content);
    }
    case "Prepend": {
      const { prepend } = z.object({ prepend: z.string() }).parse(node);
      return text => (text ? prepend + text : text);
    }
    default:
      throw new Error(`normalizer type "${node.type}" is not supported`);
  }
}

function compileMetaspace(raw: unknown): (words: string[]) => string[] {
  const spec = MetaspaceSchema.parse(raw);
  const scheme = spec.prepend_scheme ?? (spec.add_prefix_space === false ? "never" : "always");
  const mark = spec.replacement;
  return words =>
    words.flatMap((word, index) => {
      let text = word.replaceAll(" ", mark);
      const prepend = scheme === "always" || (scheme === "first" && index === 0);
      if (prepend && text && !text.startsWith(mark)) text = mark + text;
      if (!spec.split) return text ? [text] : [];
      // Split before every replacement character, keeping it on the following piece.
      const pieces: string[] = [];
      let current = "";
      for (const char of text) {
        if (char === mark && current) {
          pieces.push(current);
          current = "";
        }
        current += char;
      }
      if (current) pieces.push(current);
      return pieces;
    });
}

function compilePreTokenizerStep(raw: unknown): (words: string[]) => string[] {
  const node = NodeSchema.parse(raw);
  switch (node.type) {
    case "Sequence": {
      const steps = z.array(z.unknown()).parse(node.pretokenizers).map(compilePreTokenizerStep);
      return words => steps.reduce((acc, step) => step(acc), words);
    }
    case "WhitespaceSplit":
      return words => words.flatMap(word => word.split(/\s+/u).filter(Boolean));
    case "Metaspace":
      return compileMetaspace(node);
    default:
      throw new Error(`pre_tokenizer type "${node.type}" is not supported`);
  }
}

/** The tokenizer.json `pre_tokenizer` as a function from normalized text to pieces. */
export function compilePreTokenizer(raw: unknown): PreTokenize {
  if (raw === null || raw === undefined) return text => (text ? [text] : []);
  const step = compilePreTokenizerStep(raw);
  return text => step(text ? [text] : []);
}
