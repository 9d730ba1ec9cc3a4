/** What every tokenizer kind produces, and the bos/eos/padding frame they share. */

export interface TokenizedText {
  /** Token ids, padded or truncated to the spec's maxLength. */
  ids: number[];
  /** 1 for real tokens (special tokens included), 0 for padding. */
  mask: number[];
}

/** A loaded tokenizer: one text in, one fixed-length row out. */
export type Tokenizer = (text: string) => TokenizedText;

/**
 * Wraps content ids in `head`/`tail` specials, truncating the content (never the specials, unless
 * maxLength cannot hold them) and padding with `padId` to `maxLength` tokens.
 */
export function frameTokens(args: {
  content: readonly number[];
  head: readonly number[];
  tail: readonly number[];
  maxLength: number;
  padId: number;
}): TokenizedText {
  const { head, tail, maxLength } = args;
  const room = Math.max(0, maxLength - head.length - tail.length);
  const tokens = [...head, ...args.content.slice(0, room), ...tail].slice(0, maxLength);
  const pad = maxLength - tokens.length;
  return {
    ids: [...tokens, ...new Array<number>(pad).fill(args.padId)],
    mask: [...new Array<number>(tokens.length).fill(1), ...new Array<number>(pad).fill(0)],
  };
}
