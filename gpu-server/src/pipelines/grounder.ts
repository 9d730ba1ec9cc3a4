/**
 * Text grounding for `POST /api/sam/ground`: finds "the red car" in a picture or a video frame with
 * an open-vocabulary detector (task "grounding", OWL-ViT / OWLv2 ONNX signature). ffmpeg decodes the
 * frame, the detector runs through the session cache (CUDA when the server has it), and the boxes
 * come back in image pixels, best first. Commas separate phrases searched in one run.
 */
import * as ort from "onnxruntime-node";
import { ErrorCode, ModelTask, type GroundedBox, type SamGroundResponse } from "@milimo/shared/api";
import { DomainError } from "../errors";
import type { ModelRegistry } from "../inference/model-registry";
import type { SessionCache } from "../inference/session-cache";
import type { UploadStore } from "../uploads/upload-store";
import { groundedBoxes } from "./ground-boxes";
import { readGroundingConfig } from "./ground-config";
import { preprocessForGrounding } from "./ground-image";
import { loadQueryTokenizer, type QueryTokenizer } from "./ground-tokenizer";
import type { SamEmbedSource } from "./sam-embedder";
import { decodeFrameToRgb } from "./sam-image";

/** What the studio shows when no grounding model is installed. */
export const GROUNDING_MODEL_MISSING_MESSAGE = `Text selection needs a grounding model (task "${ModelTask.grounding}", e.g. OWLv2 exported to ONNX) in MODELS_DIR; see the GPU server README, "Text selection".`;

export interface Grounder {
  /** Boxes of `text` in the picture or frame; MODEL_MISSING (503) without a grounding model. */
  ground(args: {
    source: SamEmbedSource;
    frame?: number;
    text: string;
    signal?: AbortSignal;
  }): Promise<SamGroundResponse>;
}

/** The phrases of a request: split at commas, semicolons and new lines, trimmed, each once. */
export function splitPhrases(text: string, max: number): string[] {
  const phrases = text
    .split(/[,;\n]/)
    .map(p => p.replace(/\s+/g, " ").trim())
    .filter(Boolean);
  return [...new Set(phrases)].slice(0, max);
}

const toInt64 = (rows: readonly number[][]) =>
  new ort.Tensor("int64", BigInt64Array.from(rows.flat(), BigInt), [
    rows.length,
    rows[0]?.length ?? 0,
  ]);

export function makeGrounder(args: {
  registry: ModelRegistry;
  sessions: SessionCache;
  uploads: UploadStore;
}): Grounder {
  const { registry, sessions, uploads } = args;
  const tokenizers = new Map<string, Promise<QueryTokenizer>>();

  return {
    async ground({ source, frame = 0, text, signal }) {
      const model = registry.find({ task: ModelTask.grounding });
      if (!model) {
        throw new DomainError(ErrorCode.MODEL_MISSING, GROUNDING_MODEL_MISSING_MESSAGE, {
          status: 503,
        });
      }
      const config = readGroundingConfig(model);
      const role = config.file ?? Object.keys(model.files)[0];
      if (!role || !Object.hasOwn(model.files, role)) {
        throw new DomainError(
          ErrorCode.MODEL_INVALID,
          `Model ${model.id}: config.grounding.file "${role ?? ""}" is not one of its files.`,
        );
      }
      const phrases = splitPhrases(text, config.maxQueries);
      if (phrases.length === 0) {
        throw new DomainError(
          ErrorCode.INVALID_REQUEST,
          'text: Type what to select, e.g. "the red car"',
        );
      }
      let tokenizer = tokenizers.get(model.id);
      if (!tokenizer) {
        tokenizer = loadQueryTokenizer({
          spec: config.tokenizer,
          modelDir: model.dir,
          modelId: model.id,
        });
        tokenizers.set(model.id, tokenizer);
        tokenizer.catch(() => tokenizers.delete(model.id));
      }
      const tokenize = await tokenizer;
      const tokens = phrases.map(phrase => tokenize(phrase));

      let input: { path: string } | { bytes: Uint8Array };
      if ("uploadId" in source) {
        const path = uploads.path(source.uploadId);
        if (!path) {
          throw new DomainError(
            ErrorCode.UPLOAD_NOT_FOUND,
            `uploadId: upload ${source.uploadId} is not on the server; upload it again.`,
          );
        }
        input = { path };
      } else input = { bytes: source.bytes };
      const image = await decodeFrameToRgb({ input, frame, signal });
      signal?.throwIfAborted();
      const pixels = preprocessForGrounding(image, config);

      const { io } = config;
      const outputs = await sessions.withModel(model.id, async () => {
        const session = await sessions.load(model.id, role);
        const feeds: Record<string, ort.Tensor> = {
          [io.inputIds]: toInt64(tokens.map(t => t.ids)),
          [io.pixelValues]: new ort.Tensor("float32", pixels.data, pixels.dims),
        };
        if (session.inputNames.includes(io.attentionMask))
          feeds[io.attentionMask] = toInt64(tokens.map(t => t.mask));
        return session.run(feeds, [io.logits, io.boxes]);
      });
      const logits = outputs[io.logits];
      const boxes = outputs[io.boxes];
      const expected = [1, undefined, phrases.length];
      const fits =
        logits?.type === "float32" &&
        boxes?.type === "float32" &&
        logits.dims.length === 3 &&
        logits.dims.every((d, i) => expected[i] === undefined || d === expected[i]) &&
        boxes.dims.length === 3 &&
        boxes.dims[1] === logits.dims[1] &&
        boxes.dims[2] === 4;
      if (!fits) {
        throw new DomainError(
          ErrorCode.MODEL_INVALID,
          `Model ${model.id} must answer ${io.logits} [1, N, ${phrases.length}] and ${io.boxes} [1, N, 4] (float32); it answered ${io.logits} [${logits?.dims.join(", ") ?? "none"}] and ${io.boxes} [${boxes?.dims.join(", ") ?? "none"}].`,
        );
      }
      const found: GroundedBox[] = groundedBoxes({
        logits: logits.data as Float32Array,
        boxes: boxes.data as Float32Array,
        labels: phrases,
        width: image.width,
        height: image.height,
        config,
      });
      return { boxes: found, modelId: model.id, width: image.width, height: image.height };
    },
  };
}
