/**
 * Small, deterministic diffusion components with the interfaces of a real latent video model, so
 * the whole generation pipeline runs in tests and on a machine without weights. They are built to
 * make real properties checkable:
 * - the text encoder is an embedding lookup, so each prompt gives its own colour;
 * - the denoiser's velocity pulls frame 0 towards that colour and frame f towards frame 0
 *   rotated by f·0.2 rad in the red/green plane, so frames change over time (duplicates at chunk
 *   joins are detectable), whatever frame 0 is pinned to carries through the chunk (continuity),
 *   and part of the seeded noise survives sampling (seeds differ);
 * - the VAE is 8×8 average pooling plus a 1×1 colour mix (encoder) and its inverse with nearest
 *   upsampling (decoder), so block-constant images survive a round trip exactly.
 * Layout on disk: one folder per model, each with its model.json and four ONNX files.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import onnxProto from "onnx-proto";
import type { DiffusionConfigInput } from "./config";
import { makeMulberry32 } from "./prng";

const { onnx } = onnxProto;
export type Dim = number | string;
type Layout = "BCFHW" | "BCHW";

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;
const LATENT_CHANNELS = 4;
const SPATIAL = 8;
const VOCAB_SIZE = 4096;
const MAX_TOKENS = 32;
const RESERVED_IDS = 3;
/**
 * Image model: share of the noise its velocity leaves in place, velocity = (1 - k)(x - target) /
 * sigma, so a seed-dependent remainder survives. Video frames need no such term: frames after
 * the first follow an estimate of frame 0 that still carries its noise at the last step.
 */
const IMAGE_NOISE_KEPT = 0.25;
const TIMESTEP_SCALE = 1000;
/** Colour rotation per frame (radians); a full turn takes ~31 frames. */
const ROTATION_PER_FRAME = 0.2;
const LATENT_SCALE = 1.5;

/** A float32 initializer; the graph helpers below are shared with scripts/bench-pipeline.ts. */
export function floatTensor(
  name: string,
  dims: number[],
  values: ArrayLike<number>,
): onnxProto.onnx.ITensorProto {
  const data = Float32Array.from(values);
  return { name, dims, dataType: FLOAT, rawData: new Uint8Array(data.buffer) };
}

/** A 1-D int64 initializer. */
export function int64Tensor(name: string, values: number[]): onnxProto.onnx.ITensorProto {
  const data = BigInt64Array.from(values.map(v => BigInt(v)));
  return { name, dims: [values.length], dataType: INT64, rawData: new Uint8Array(data.buffer) };
}

function int64Scalar(name: string, value: number): onnxProto.onnx.ITensorProto {
  const data = BigInt64Array.of(BigInt(value));
  return { name, dims: [], dataType: INT64, rawData: new Uint8Array(data.buffer) };
}

/** A graph input/output declaration; string dims are symbolic. */
export function valueInfo(
  name: string,
  elemType: number,
  dims: Dim[],
): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map(d => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

type Attr = { ints: number[] } | { int: number } | { float: number } | { string: string };

/** One graph node of the default ONNX domain. */
export function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  attrs: Record<string, Attr> = {},
): onnxProto.onnx.INodeProto {
  const T = onnx.AttributeProto.AttributeType;
  const attribute = Object.entries(attrs).map(([name, a]) => {
    if ("ints" in a) return { name, type: T.INTS, ints: a.ints };
    if ("int" in a) return { name, type: T.INT, i: a.int };
    if ("float" in a) return { name, type: T.FLOAT, f: a.float };
    return { name, type: T.STRING, s: new TextEncoder().encode(a.string) };
  });
  return {
    opType,
    input: inputs,
    output: outputs,
    name: `${opType}_${outputs[0] ?? ""}`,
    attribute,
  };
}

/** Serialises a graph as an opset-13 ONNX model. */
export function encodeModel(graph: onnxProto.onnx.IGraphProto): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: "milimo-fixture",
    opsetImport: [{ domain: "", version: 13 }],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

function spatialDims(layout: Layout): Dim[] {
  return layout === "BCHW" ? ["height", "width"] : ["frames", "height", "width"];
}

/** 1×1 (×1) convolution weights [out, in, 1, 1(, 1)] from a row-major out×in matrix. */
function mixWeights(name: string, layout: Layout, rows: number[][]): onnxProto.onnx.ITensorProto {
  const out = rows.length;
  const inCh = rows[0]?.length ?? 0;
  const ones = layout === "BCHW" ? [1, 1] : [1, 1, 1];
  return floatTensor(name, [out, inCh, ...ones], rows.flat());
}

function buildTextEncoder(): Uint8Array {
  const next = makeMulberry32(0x5eed);
  const table = new Float32Array(VOCAB_SIZE * LATENT_CHANNELS);
  for (let i = RESERVED_IDS * LATENT_CHANNELS; i < table.length; i++)
    table[i] = (next() * 2 - 1) * 0.9;
  return encodeModel({
    name: "fixture_text_encoder",
    node: [
      node("Gather", ["embedding_table", "input_ids"], ["text_embeddings"], { axis: { int: 0 } }),
    ],
    initializer: [floatTensor("embedding_table", [VOCAB_SIZE, LATENT_CHANNELS], table)],
    input: [valueInfo("input_ids", INT64, ["batch", "tokens"])],
    output: [valueInfo("text_embeddings", FLOAT, ["batch", "tokens", LATENT_CHANNELS])],
  });
}

function buildDenoiser(layout: Layout): Uint8Array {
  const colourAxes = layout === "BCHW" ? [2, 3] : [2, 3, 4];
  const nodes = [
    node("ReduceSum", ["encoder_hidden_states", "token_axis"], ["prompt_sum"], {
      keepdims: { int: 0 },
    }),
    node("Tanh", ["prompt_sum"], ["prompt_tanh"]),
    // Small enough that guidance (3·cond - 2·uncond) rarely clips at the VAE's pixel range.
    node("Mul", ["prompt_tanh", "colour_amplitude"], ["prompt_colour"]),
    node("Unsqueeze", ["prompt_colour", "colour_axes"], ["colour_cell"]),
    node("Div", ["timestep", "timestep_scale"], ["sigma"]),
    node("Reshape", ["sigma", "sigma_shape"], ["sigma_cell"]),
  ];
  const initializer = [
    int64Tensor("token_axis", [1]),
    int64Tensor("colour_axes", colourAxes),
    int64Tensor("sigma_shape", layout === "BCHW" ? [-1, 1, 1, 1] : [-1, 1, 1, 1, 1]),
    floatTensor("timestep_scale", [], [TIMESTEP_SCALE]),
    floatTensor("zero", [], [0]),
    floatTensor("colour_amplitude", [], [0.5]),
    floatTensor("gain", [], [layout === "BCHW" ? 1 - IMAGE_NOISE_KEPT : 1]),
  ];
  if (layout === "BCHW") {
    nodes.push(
      node("Mul", ["latents", "zero"], ["zeros"]),
      node("Add", ["zeros", "colour_cell"], ["target"]),
    );
  } else {
    // Frame 0 goes to the prompt colour; frame f to frame 0 rotated by f·angle in the R/G plane,
    // so colour moves over time and whatever frame 0 is pinned to carries through the chunk.
    nodes.push(
      node("Shape", ["latents"], ["latent_shape"]),
      node("Gather", ["latent_shape", "frame_axis_scalar"], ["frame_count"], { axis: { int: 0 } }),
      node("Range", ["zero_i64", "frame_count", "one_i64"], ["frame_index"]),
      node("Cast", ["frame_index"], ["frame_index_f"], { to: { int: FLOAT } }),
      node("Mul", ["frame_index_f", "rotation_step"], ["angle"]),
      node("Reshape", ["angle", "angle_shape"], ["angle_cell"]),
      node("Cos", ["angle_cell"], ["cos"]),
      node("Sin", ["angle_cell"], ["sin"]),
      node("Slice", ["latents", "start_0", "end_1", "axis_2"], ["first_frame"]),
      // Frame 0's clean estimate: on the straight flow path its mean is (1 - sigma)·clean.
      node("Sub", ["one", "sigma_cell"], ["clean_share"]),
      node("Max", ["clean_share", "half"], ["clean_share_floor"]),
      node("Div", ["first_frame", "clean_share_floor"], ["first_clean"]),
      node("Slice", ["first_clean", "start_0", "end_1", "axis_1"], ["red"]),
      node("Slice", ["first_clean", "start_1", "end_2", "axis_1"], ["green"]),
      node("Slice", ["first_clean", "start_2", "end_max", "axis_1"], ["others"]),
      node("Mul", ["red", "cos"], ["red_cos"]),
      node("Mul", ["green", "sin"], ["green_sin"]),
      node("Sub", ["red_cos", "green_sin"], ["red_rotated"]),
      node("Mul", ["red", "sin"], ["red_sin"]),
      node("Mul", ["green", "cos"], ["green_cos"]),
      node("Add", ["red_sin", "green_cos"], ["green_rotated"]),
      node("Mul", ["cos", "zero"], ["cos_zero"]),
      node("Add", ["cos_zero", "one"], ["frame_ones"]),
      node("Mul", ["others", "frame_ones"], ["others_held"]),
      node("Concat", ["red_rotated", "green_rotated", "others_held"], ["rotated"], {
        axis: { int: 1 },
      }),
      node("Slice", ["rotated", "start_1", "end_max", "axis_2"], ["later_targets"]),
      node("Mul", ["first_frame", "zero"], ["first_zeros"]),
      node("Add", ["first_zeros", "colour_cell"], ["first_target"]),
      node("Concat", ["first_target", "later_targets"], ["target"], { axis: { int: 2 } }),
    );
    initializer.push(
      int64Scalar("frame_axis_scalar", 2),
      int64Scalar("zero_i64", 0),
      int64Scalar("one_i64", 1),
      floatTensor("rotation_step", [], [ROTATION_PER_FRAME]),
      floatTensor("half", [], [0.5]),
      floatTensor("one", [], [1]),
      int64Tensor("angle_shape", [1, 1, -1, 1, 1]),
      int64Tensor("start_0", [0]),
      int64Tensor("start_1", [1]),
      int64Tensor("start_2", [2]),
      int64Tensor("end_1", [1]),
      int64Tensor("end_2", [2]),
      int64Tensor("end_max", [2 ** 31 - 1]),
      int64Tensor("axis_1", [1]),
      int64Tensor("axis_2", [2]),
    );
  }
  nodes.push(
    node("Sub", ["latents", "target"], ["offset"]),
    node("Div", ["offset", "sigma_cell"], ["velocity_full"]),
    node("Mul", ["velocity_full", "gain"], ["velocity"]),
  );
  const latentDims: Dim[] = ["batch", LATENT_CHANNELS, ...spatialDims(layout)];
  return encodeModel({
    name: "fixture_denoiser",
    node: nodes,
    initializer,
    input: [
      valueInfo("latents", FLOAT, latentDims),
      valueInfo("timestep", FLOAT, ["batch"]),
      valueInfo("encoder_hidden_states", FLOAT, ["batch", "tokens", LATENT_CHANNELS]),
    ],
    output: [valueInfo("velocity", FLOAT, latentDims)],
  });
}

const ENCODE_MIX = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
  [1 / 3, 1 / 3, 1 / 3],
];
const DECODE_MIX = [
  [1, 0, 0, 0],
  [0, 1, 0, 0],
  [0, 0, 1, 0],
];

function buildVaeEncoder(layout: Layout): Uint8Array {
  const window = layout === "BCHW" ? [SPATIAL, SPATIAL] : [1, SPATIAL, SPATIAL];
  return encodeModel({
    name: "fixture_vae_encoder",
    node: [
      node("AveragePool", ["frames"], ["pooled"], {
        kernel_shape: { ints: window },
        strides: { ints: window },
      }),
      node("Conv", ["pooled", "encode_mix"], ["latents"]),
    ],
    initializer: [mixWeights("encode_mix", layout, ENCODE_MIX)],
    input: [valueInfo("frames", FLOAT, ["batch", 3, ...spatialDims(layout)])],
    output: [valueInfo("latents", FLOAT, ["batch", LATENT_CHANNELS, ...spatialDims(layout)])],
  });
}

function buildVaeDecoder(layout: Layout): Uint8Array {
  const scales = layout === "BCHW" ? [1, 1, SPATIAL, SPATIAL] : [1, 1, 1, SPATIAL, SPATIAL];
  return encodeModel({
    name: "fixture_vae_decoder",
    node: [
      node("Conv", ["latents", "decode_mix"], ["mixed"]),
      node("Resize", ["mixed", "", "scales"], ["upsampled"], { mode: { string: "nearest" } }),
      node("Clip", ["upsampled", "pixel_min", "pixel_max"], ["frames"]),
    ],
    initializer: [
      mixWeights("decode_mix", layout, DECODE_MIX),
      floatTensor("scales", [scales.length], scales),
      floatTensor("pixel_min", [], [-1]),
      floatTensor("pixel_max", [], [1]),
    ],
    input: [valueInfo("latents", FLOAT, ["batch", LATENT_CHANNELS, ...spatialDims(layout)])],
    output: [valueInfo("frames", FLOAT, ["batch", 3, ...spatialDims(layout)])],
  });
}

function describeFixture(layout: Layout): DiffusionConfigInput {
  return {
    latentChannels: LATENT_CHANNELS,
    spatialDownsample: SPATIAL,
    temporalDownsample: 1,
    maxFrames: layout === "BCHW" ? 1 : 121,
    latentLayout: layout,
    latentScale: LATENT_SCALE,
    latentShift: 0,
    pixelRange: "-1..1",
    timestepScale: TIMESTEP_SCALE,
    schedulerShift: 1,
    guidanceMode: "batched",
    tokenizer: {
      kind: "word-hash",
      vocabSize: VOCAB_SIZE,
      maxLength: MAX_TOKENS,
      padId: 0,
      bosId: 1,
      eosId: 2,
      reservedIds: RESERVED_IDS,
      lowercase: true,
      idsType: "int64",
    },
    textEncoder: { inputIds: "input_ids", output: "text_embeddings" },
    denoiser: {
      latents: "latents",
      timestep: "timestep",
      textEmbeddings: "encoder_hidden_states",
      output: "velocity",
    },
    vaeDecoder: { input: "latents", output: "frames" },
    vaeEncoder: { input: "frames", output: "latents" },
  };
}

const FILES = {
  textEncoder: "text_encoder.onnx",
  denoiser: "denoiser.onnx",
  vaeDecoder: "vae_decoder.onnx",
  vaeEncoder: "vae_encoder.onnx",
} as const;

/** Folder names (inside the fixture models dir) of the generated diffusion models. */
export const DIFFUSION_FIXTURE_DIRS = {
  video: "diffusion-video",
  image: "diffusion-image",
} as const;

async function writeFixtureModel({
  dir,
  id,
  task,
  layout,
}: {
  dir: string;
  id: string;
  task: string;
  layout: Layout;
}): Promise<void> {
  await mkdir(dir, { recursive: true });
  const manifest = {
    id,
    task,
    name: layout === "BCHW" ? "Fixture image diffusion" : "Fixture video diffusion",
    fixture: true,
    files: FILES,
    config: { diffusion: describeFixture(layout) },
  };
  await Promise.all([
    writeFile(join(dir, "model.json"), `${JSON.stringify(manifest, null, 2)}\n`),
    writeFile(join(dir, FILES.textEncoder), buildTextEncoder()),
    writeFile(join(dir, FILES.denoiser), buildDenoiser(layout)),
    writeFile(join(dir, FILES.vaeDecoder), buildVaeDecoder(layout)),
    writeFile(join(dir, FILES.vaeEncoder), buildVaeEncoder(layout)),
  ]);
}

/**
 * Writes the fixture diffusion models into `outDir`: `diffusion-video/` (task "text-to-video",
 * id "fixture-diffusion-video") and `diffusion-image/` (task "text-to-image", id
 * "fixture-diffusion-image"), each a model.json plus four ONNX files (~70 KB in all).
 */
export async function makeDiffusionFixtures(outDir: string): Promise<void> {
  await Promise.all([
    writeFixtureModel({
      dir: join(outDir, DIFFUSION_FIXTURE_DIRS.video),
      id: "fixture-diffusion-video",
      task: "text-to-video",
      layout: "BCFHW",
    }),
    writeFixtureModel({
      dir: join(outDir, DIFFUSION_FIXTURE_DIRS.image),
      id: "fixture-diffusion-image",
      task: "text-to-image",
      layout: "BCHW",
    }),
  ]);
}
