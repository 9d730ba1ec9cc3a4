/**
 * Turns a tokenizer spec into a tokenizer, reading its files from the model folder. Every failure
 * (missing file, bad JSON, a file of another tokenizer type, an unsupported component) is a
 * MODEL_INVALID naming the model and the file, so /api/health and the job say what to fix.
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { z } from "zod";
import { ErrorCode } from "@milimo/shared/api";
import { DomainError } from "../errors";
import { makeClipBpeTokenizer } from "./clip-bpe";
import { tokenizeHashed } from "./hashed";
import { listTokenizerFiles, type TokenizerSpec } from "./spec";
import type { Tokenizer } from "./tokenized";
import { makeUnigramTokenizer, UnigramFileSchema } from "./unigram";

type ReadText = (name: string) => string;

function describeFailure(err: unknown): string {
  if (err instanceof z.ZodError) {
    const issue = err.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    return `${where}${issue?.message ?? "invalid"}`;
  }
  if (err instanceof SyntaxError) return `not valid JSON (${err.message})`;
  const code = (err as { code?: unknown }).code;
  if (code === "ENOENT") return "file not found";
  return err instanceof Error ? err.message : String(err);
}

function readJson(read: ReadText, name: string): unknown {
  return JSON.parse(read(name)) as unknown;
}

function buildTokenizer(spec: TokenizerSpec, read: ReadText): Tokenizer {
  switch (spec.kind) {
    case "byte":
    case "word-hash":
      return text => tokenizeHashed(text, spec);
    case "clip-bpe": {
      const vocab = z.record(z.string(), z.number().int()).parse(readJson(read, spec.vocab));
      const merges = read(spec.merges);
      return makeClipBpeTokenizer({ vocab, merges, maxLength: spec.maxLength, padId: spec.padId });
    }
    case "sentencepiece-unigram": {
      const file = UnigramFileSchema.parse(readJson(read, spec.file));
      return makeUnigramTokenizer({
        file,
        maxLength: spec.maxLength,
        padId: spec.padId,
        eosToken: spec.eosToken,
      });
    }
  }
}

function toModelInvalid(args: {
  err: unknown;
  spec: TokenizerSpec;
  modelId: string | undefined;
  file: string | undefined;
}): DomainError {
  const files = args.file ?? listTokenizerFiles(args.spec).join(", ");
  const owner = args.modelId === undefined ? "The" : `Model ${args.modelId}: its`;
  return new DomainError(
    ErrorCode.MODEL_INVALID,
    `${owner} ${args.spec.kind} tokenizer file ${files} is unusable: ${describeFailure(args.err)}.`,
    { cause: args.err },
  );
}

/** Builds the spec's tokenizer from its read files; `lastRead` names the file a failure is about. */
function buildFrom(args: {
  spec: TokenizerSpec;
  modelId: string | undefined;
  contents: Map<string, string>;
}): Tokenizer {
  let lastRead: string | undefined;
  try {
    return buildTokenizer(args.spec, name => {
      lastRead = name;
      const text = args.contents.get(name);
      if (text === undefined) throw new Error(`${name} was not read`);
      return text;
    });
  } catch (err) {
    throw toModelInvalid({ err, spec: args.spec, modelId: args.modelId, file: lastRead });
  }
}

/** The tokenizer a spec describes; files are read from `modelDir` (MODEL_INVALID naming a bad one). */
export async function loadTokenizer(args: {
  spec: TokenizerSpec;
  modelDir: string;
  modelId: string;
}): Promise<Tokenizer> {
  const contents = new Map<string, string>();
  for (const name of listTokenizerFiles(args.spec)) {
    try {
      contents.set(name, await readFile(resolve(args.modelDir, name), "utf8"));
    } catch (err) {
      throw toModelInvalid({ err, spec: args.spec, modelId: args.modelId, file: name });
    }
  }
  return buildFrom({ spec: args.spec, modelId: args.modelId, contents });
}

/** `loadTokenizer` for synchronous callers (the diffusion prompt encoder caches the result). */
export function loadTokenizerSync(args: {
  spec: TokenizerSpec;
  modelDir: string;
  /** Named in errors; leave it out when the file paths already say which model. */
  modelId?: string;
}): Tokenizer {
  const contents = new Map<string, string>();
  for (const name of listTokenizerFiles(args.spec)) {
    try {
      contents.set(name, readFileSync(resolve(args.modelDir, name), "utf8"));
    } catch (err) {
      throw toModelInvalid({ err, spec: args.spec, modelId: args.modelId, file: name });
    }
  }
  return buildFrom({ spec: args.spec, modelId: args.modelId, contents });
}
