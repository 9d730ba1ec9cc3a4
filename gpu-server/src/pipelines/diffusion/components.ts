/**
 * The model calls around the denoising loop: text encoder (once per prompt), VAE decoder (once
 * per chunk) and VAE encoder (conditioning images and chunk overlaps). Input and output names,
 * latent normalisation and pixel range come from the model's diffusion config.
 */
import { Tensor } from "onnxruntime-node";
import type { InferenceSession } from "onnxruntime-node";
import type { DiffusionConfig } from "./config";
import { countDecodedFrames, toLatentDims, toPlanarPixels, toRgbFrames } from "./latents";
import type { LatentShape } from "./latents";
import { PipelineError } from "./pipeline-error";
import { tokenizePrompt } from "./tokenizer";

export interface TextEmbedding {
  /** [1, tokens, dim] */
  data: Float32Array;
  tokens: number;
  dim: number;
  /** 1 per real token, 0 per pad (for models that take an attention mask). */
  mask: number[];
}

function readFloatOutput(
  outputs: InferenceSession.OnnxValueMapType,
  name: string,
  what: string,
): Tensor {
  const value = outputs[name];
  if (!(value instanceof Tensor) || !(value.data instanceof Float32Array)) {
    throw new PipelineError(
      "MODEL_INVALID",
      `The ${what} has no float32 output named "${name}"; check the model's model.json.`,
    );
  }
  return value;
}

/** Builds an ids or mask tensor [batch, tokens] in the element type the model declares. */
export function toTokenTensor(rows: number[][], type: "int64" | "int32"): Tensor {
  const flat = rows.flat();
  const dims = [rows.length, rows[0]?.length ?? 0];
  return type === "int64"
    ? new Tensor(
        "int64",
        BigInt64Array.from(flat, v => BigInt(v)),
        dims,
      )
    : new Tensor("int32", Int32Array.from(flat), dims);
}

/** Tokenizes and encodes one prompt. */
export async function encodePrompt({
  session,
  config,
  prompt,
}: {
  session: InferenceSession;
  config: DiffusionConfig;
  prompt: string;
}): Promise<TextEmbedding> {
  const { ids, mask } = tokenizePrompt(prompt, config.tokenizer);
  const io = config.textEncoder;
  const feeds: Record<string, Tensor> = {
    [io.inputIds]: toTokenTensor([ids], config.tokenizer.idsType),
  };
  if (io.attentionMask) feeds[io.attentionMask] = toTokenTensor([mask], config.tokenizer.idsType);
  const out = readFloatOutput(await session.run(feeds), io.output, "text encoder");
  const [, tokens = 0, dim = 0] = out.dims;
  return { data: out.data as Float32Array, tokens, dim, mask };
}

/** Decodes planar latents [C, F, h, w] into `frames` RGB frames (extra decoded frames dropped). */
export async function decodeLatents({
  session,
  config,
  latents,
  shape,
  frames,
}: {
  session: InferenceSession;
  config: DiffusionConfig;
  latents: Float32Array;
  shape: LatentShape;
  frames: number;
}): Promise<Uint8Array[]> {
  const raw = new Float32Array(latents.length);
  const inv = 1 / config.latentScale;
  for (let i = 0; i < latents.length; i++) raw[i] = (latents[i] ?? 0) * inv + config.latentShift;
  const io = config.vaeDecoder;
  const outputs = await session.run({
    [io.input]: new Tensor("float32", raw, toLatentDims(shape, config.latentLayout, 1)),
  });
  const out = readFloatOutput(outputs, io.output, "VAE decoder");
  const decoded =
    config.latentLayout === "BCHW"
      ? 1
      : countDecodedFrames(shape.frames, config.temporalDownsample);
  const height = shape.height * config.spatialDownsample;
  const width = shape.width * config.spatialDownsample;
  if (out.data.length !== 3 * decoded * height * width) {
    throw new PipelineError(
      "MODEL_INVALID",
      `The VAE decoder returned ${out.dims.join("×")}, expected 3×${decoded}×${height}×${width}.`,
    );
  }
  const rgb = toRgbFrames({
    pixels: out.data as Float32Array,
    frames: decoded,
    width,
    height,
    range: config.pixelRange,
  });
  return rgb.slice(0, frames);
}

/** Encodes RGB frames (one clip) into normalised planar latents [C, F', h, w]. */
export async function encodeFrames({
  session,
  config,
  frames,
  width,
  height,
}: {
  session: InferenceSession;
  config: DiffusionConfig;
  frames: readonly Uint8Array[];
  width: number;
  height: number;
}): Promise<{ latents: Float32Array; latentFrames: number }> {
  const io = config.vaeEncoder;
  if (!io)
    throw new PipelineError(
      "MODEL_INVALID",
      "This model has no VAE encoder, so it cannot start from an image.",
    );
  const pixels = toPlanarPixels({ frames, width, height, range: config.pixelRange });
  const dims =
    config.latentLayout === "BCHW" ? [1, 3, height, width] : [1, 3, frames.length, height, width];
  const out = readFloatOutput(
    await session.run({ [io.input]: new Tensor("float32", pixels, dims) }),
    io.output,
    "VAE encoder",
  );
  const latents = Float32Array.from(
    out.data as Float32Array,
    v => (v - config.latentShift) * config.latentScale,
  );
  const latentFrames = config.latentLayout === "BCHW" ? 1 : (out.dims[2] ?? 1);
  return { latents, latentFrames };
}
