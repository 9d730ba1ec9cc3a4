/**
 * `npx tsx scripts/make-samb-decoder.ts [outDir=dist/bench/sam-b-decoder]`: writes a SAM mask decoder
 * with the size and shape of SAM ViT-B's (random weights), for benchmarking the browser decoder
 * where no real export is at hand. Not a test fixture: its masks mean nothing.
 *
 * The graph follows segment_anything's SamOnnxModel: the prompt encoder (random Fourier point
 * encoding + label embeddings; mask_input downscaled by two strided convs, or no_mask_embed), the
 * two-way transformer (depth 2, dim 256, 8 heads, MLP 2048, cross-attention downsampled to 128)
 * with its final token-to-image attention, the output upscaling (two transposed convs to
 * 32×256×256), four hypernetwork MLPs and the IoU head (~4.06 M parameters), then the export's
 * post-processing: masks upscaled to 1024², cropped to the resized image, resized to orig_im_size.
 * Signature: image_embeddings, point_coords, point_labels, mask_input, has_mask_input,
 * orig_im_size -> masks [1,4,H,W], iou_predictions [1,4], low_res_masks [1,4,256,256].
 * Ops follow what torch.onnx (opset 17) emits for those modules, so ORT fuses exactly what it
 * would fuse in the real export: GELU as Div(√2)/Erf/Add/Mul/Mul (fused to Gelu), SAM's
 * LayerNorm2d as ReduceMean/Sub/Pow/Sqrt/Div over channels (not fused), attention scaled by Div.
 * About 1.8 GMAC per decode (two-way transformer ≈ 1.4, output upscaling ≈ 0.4), before the
 * post-processing resizes. The parameter count includes the Fourier gaussian (a buffer in SAM).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { FLOAT, GraphBuilder, INT64, makeRandom, samDecoderSignature } from "./lib/onnx-graph";

const DIM = 256;
const HEADS = 8;
const MLP_DIM = 2048;
const DOWNSAMPLED = 128;
const GRID = 64;
const LOW_RES = 256;
const MASKS = 4;
const UPSCALE_DIMS = [64, 32] as const;

/** The graph builder plus weights counted as parameters and the layers SAM's decoder uses. */
class Graph extends GraphBuilder {
  parameters = 0;
  private readonly random = makeRandom(1234);

  /** A learned weight: uniform in ±scale (default 1/sqrt(fanIn)), counted as a parameter. */
  weight(dims: number[], fanIn: number, scale = 1 / Math.sqrt(fanIn)): string {
    const size = dims.reduce((a, b) => a * b, 1);
    const values = new Float32Array(size);
    for (let i = 0; i < size; i++) values[i] = this.random() * scale;
    this.parameters += size;
    return this.floats(dims, values);
  }

  ones(dims: number[]): string {
    const size = dims.reduce((a, b) => a * b, 1);
    this.parameters += size;
    return this.floats(dims, new Float32Array(size).fill(1));
  }

  scalar(value: number): string {
    return this.floats([], [value]);
  }

  linear(x: string, inDim: number, outDim: number): string {
    const w = this.weight([inDim, outDim], inDim);
    const b = this.weight([outDim], inDim, 0.01);
    return this.op("Add", [this.op("MatMul", [x, w]), b]);
  }

  layerNorm(x: string, dim: number): string {
    return this.op("LayerNormalization", [x, this.ones([dim]), this.weight([dim], dim, 0.01)], {
      axis: -1,
      epsilon: 1e-5,
    });
  }

  /** nn.GELU as torch.onnx exports it: x · (erf(x / √2) + 1) · 0.5 (ORT fuses this into Gelu). */
  gelu(x: string): string {
    const erf = this.op("Erf", [this.op("Div", [x, this.scalar(Math.SQRT2)])]);
    return this.op("Mul", [
      this.op("Mul", [x, this.op("Add", [erf, this.scalar(1)])]),
      this.scalar(0.5),
    ]);
  }

  /** SAM's Attention: q/k/v projections to `inner`, 8 heads, softmax(qkᵀ/√d)v, output projection. */
  attention(q: string, k: string, v: string, inner: number): string {
    const headDim = inner / HEADS;
    const split = (x: string) =>
      this.op("Transpose", [this.op("Reshape", [x, this.ints([1, -1, HEADS, headDim])])], {
        perm: [0, 2, 1, 3],
      });
    const qh = split(this.linear(q, DIM, inner));
    const kh = split(this.linear(k, DIM, inner));
    const vh = split(this.linear(v, DIM, inner));
    const kt = this.op("Transpose", [kh], { perm: [0, 1, 3, 2] });
    const scores = this.op("Div", [this.op("MatMul", [qh, kt]), this.scalar(Math.sqrt(headDim))]);
    const attn = this.op("Softmax", [scores], { axis: -1 });
    const merged = this.op("Reshape", [
      this.op("Transpose", [this.op("MatMul", [attn, vh])], { perm: [0, 2, 1, 3] }),
      this.ints([1, -1, inner]),
    ]);
    return this.linear(merged, inner, DIM);
  }

  mlp(x: string, dims: number[], act: "relu" = "relu"): string {
    let h = x;
    for (let i = 0; i < dims.length - 1; i++) {
      h = this.linear(h, dims[i]!, dims[i + 1]!);
      if (i < dims.length - 2 && act === "relu") h = this.op("Relu", [h]);
    }
    return h;
  }

  /**
   * SAM's LayerNorm2d over the channels of an NCHW tensor, op for op as torch.onnx exports it
   * (mean, centred square mean, divide by the root, per-channel affine); ORT fuses none of it,
   * since the reduced axis is not the last.
   */
  layerNorm2d(x: string, channels: number): string {
    const mean = (t: string) => this.op("ReduceMean", [t], { axes: [1], keepdims: 1 });
    const u = mean(x);
    const variance = mean(this.op("Pow", [this.op("Sub", [x, u]), this.scalar(2)]));
    const normed = this.op("Div", [
      this.op("Sub", [x, u]),
      this.op("Sqrt", [this.op("Add", [variance, this.scalar(1e-6)])]),
    ]);
    const weight = this.ones([channels, 1, 1]);
    const bias = this.weight([channels, 1, 1], channels, 0.01);
    return this.op("Add", [this.op("Mul", [weight, normed]), bias]);
  }
}

/** Random Fourier features of points normalised to [0, 1]: [.., 2] -> [.., 256]. */
function encodePositions(g: Graph, unit: string, gaussian: string): string {
  const centred = g.op("Sub", [g.op("Mul", [unit, g.scalar(2)]), g.scalar(1)]);
  const projected = g.op("Mul", [g.op("MatMul", [centred, gaussian]), g.scalar(2 * Math.PI)]);
  return g.op("Concat", [g.op("Sin", [projected]), g.op("Cos", [projected])], { axis: -1 });
}

/** The decoder's ONNX bytes and its parameter count. */
export function buildSamBDecoder(): { bytes: Uint8Array; parameters: number } {
  const g = new Graph();
  const gaussian = g.weight([2, DIM / 2], 1, 1);

  // ---- prompt encoder: sparse (points) ----
  const unitCoords = g.op("Div", [g.op("Add", ["point_coords", g.scalar(0.5)]), g.scalar(1024)]);
  const pointPe = encodePositions(g, unitCoords, gaussian); // 1×N×256
  const labels = g.op("Unsqueeze", ["point_labels", g.ints([2])]); // 1×N×1
  const isLabel = (value: number) =>
    g.op("Cast", [g.op("Equal", [labels, g.scalar(value)])], { to: FLOAT });
  let sparse = g.op("Mul", [pointPe, g.op("Sub", [g.scalar(1), isLabel(-1)])]);
  for (const value of [-1, 0, 1, 2, 3]) {
    sparse = g.op("Add", [sparse, g.op("Mul", [isLabel(value), g.weight([DIM], 1, 1)])]);
  }

  // ---- prompt encoder: dense (mask_input or no_mask_embed) ----
  let m = g.op("Conv", ["mask_input", g.weight([4, 1, 2, 2], 4), g.weight([4], 4, 0.01)], {
    kernel_shape: [2, 2],
    strides: [2, 2],
  });
  m = g.gelu(g.layerNorm2d(m, 4));
  m = g.op("Conv", [m, g.weight([16, 4, 2, 2], 16), g.weight([16], 16, 0.01)], {
    kernel_shape: [2, 2],
    strides: [2, 2],
  });
  m = g.gelu(g.layerNorm2d(m, 16));
  const maskEmbed = g.op("Conv", [m, g.weight([DIM, 16, 1, 1], 16), g.weight([DIM], 16, 0.01)], {
    kernel_shape: [1, 1],
  });
  const hasMask = g.op("Reshape", ["has_mask_input", g.ints([1, 1, 1, 1])]);
  const noMask = g.op("Reshape", [g.weight([DIM], 1, 1), g.ints([1, DIM, 1, 1])]);
  const dense = g.op("Add", [
    g.op("Mul", [maskEmbed, hasMask]),
    g.op("Mul", [noMask, g.op("Sub", [g.scalar(1), hasMask])]),
  ]);

  // ---- dense positional encoding of the 64×64 grid (a constant of the model) ----
  const grid = new Float32Array(GRID * GRID * 2);
  for (let y = 0; y < GRID; y++) {
    for (let x = 0; x < GRID; x++) {
      grid[(y * GRID + x) * 2] = (x + 0.5) / GRID;
      grid[(y * GRID + x) * 2 + 1] = (y + 0.5) / GRID;
    }
  }
  const keyPe = encodePositions(g, g.floats([1, GRID * GRID, 2], grid), gaussian); // 1×4096×256

  // ---- mask decoder ----
  const outputTokens = g.weight([1, 1 + MASKS, DIM], 1, 1);
  const tokens = g.op("Concat", [outputTokens, sparse], { axis: 1 }); // 1×(5+N)×256
  const src = g.op("Add", ["image_embeddings", dense]); // 1×256×64×64
  let keys = g.op("Transpose", [g.op("Reshape", [src, g.ints([1, DIM, GRID * GRID])])], {
    perm: [0, 2, 1],
  });
  let queries = tokens;
  for (let layer = 0; layer < 2; layer++) {
    if (layer === 0) {
      queries = g.attention(queries, queries, queries, DIM);
    } else {
      const q = g.op("Add", [queries, tokens]);
      queries = g.op("Add", [queries, g.attention(q, q, queries, DIM)]);
    }
    queries = g.layerNorm(queries, DIM);
    let q = g.op("Add", [queries, tokens]);
    let k = g.op("Add", [keys, keyPe]);
    queries = g.layerNorm(g.op("Add", [queries, g.attention(q, k, keys, DOWNSAMPLED)]), DIM);
    queries = g.layerNorm(g.op("Add", [queries, g.mlp(queries, [DIM, MLP_DIM, DIM])]), DIM);
    q = g.op("Add", [queries, tokens]);
    k = g.op("Add", [keys, keyPe]);
    keys = g.layerNorm(g.op("Add", [keys, g.attention(k, q, queries, DOWNSAMPLED)]), DIM);
  }
  const finalQ = g.op("Add", [queries, tokens]);
  const finalK = g.op("Add", [keys, keyPe]);
  queries = g.layerNorm(
    g.op("Add", [queries, g.attention(finalQ, finalK, keys, DOWNSAMPLED)]),
    DIM,
  );

  const iouToken = g.op("Slice", [queries, g.ints([0]), g.ints([1]), g.ints([1])]);
  const maskTokens = g.op("Slice", [queries, g.ints([1]), g.ints([1 + MASKS]), g.ints([1])]);

  // Output upscaling: 256×64×64 -> 64×128×128 -> 32×256×256.
  const image = g.op("Reshape", [
    g.op("Transpose", [keys], { perm: [0, 2, 1] }),
    g.ints([1, DIM, GRID, GRID]),
  ]);
  let up = g.op(
    "ConvTranspose",
    [image, g.weight([DIM, UPSCALE_DIMS[0], 2, 2], DIM), g.weight([UPSCALE_DIMS[0]], DIM, 0.01)],
    {
      kernel_shape: [2, 2],
      strides: [2, 2],
    },
  );
  up = g.gelu(g.layerNorm2d(up, UPSCALE_DIMS[0]));
  up = g.op(
    "ConvTranspose",
    [
      up,
      g.weight([UPSCALE_DIMS[0], UPSCALE_DIMS[1], 2, 2], UPSCALE_DIMS[0]),
      g.weight([UPSCALE_DIMS[1]], UPSCALE_DIMS[0], 0.01),
    ],
    {
      kernel_shape: [2, 2],
      strides: [2, 2],
    },
  );
  up = g.gelu(up);
  const upFlat = g.op("Reshape", [up, g.ints([1, UPSCALE_DIMS[1], LOW_RES * LOW_RES])]);

  // Hypernetworks: one 3-layer MLP per mask token.
  const hyper: string[] = [];
  for (let i = 0; i < MASKS; i++) {
    const token = g.op("Slice", [maskTokens, g.ints([i]), g.ints([i + 1]), g.ints([1])]);
    hyper.push(g.mlp(token, [DIM, DIM, DIM, UPSCALE_DIMS[1]]));
  }
  const hyperIn = g.op("Concat", hyper, { axis: 1 }); // 1×4×32
  const lowRes = g.op(
    "Reshape",
    [g.op("MatMul", [hyperIn, upFlat]), g.ints([1, MASKS, LOW_RES, LOW_RES])],
    {},
    "low_res_masks",
  );
  g.op(
    "Reshape",
    [g.mlp(iouToken, [DIM, DIM, DIM, MASKS]), g.ints([1, MASKS])],
    {},
    "iou_predictions",
  );

  // ---- the export's post-processing ----
  const full = g.op("Resize", [lowRes, "", "", g.ints([1, MASKS, 1024, 1024])], { mode: "linear" });
  const maxSide = g.op("ReduceMax", ["orig_im_size"], { keepdims: 1 });
  const inputSize = g.op("Floor", [
    g.op("Add", [
      g.op("Mul", ["orig_im_size", g.op("Div", [g.scalar(1024), maxSide])]),
      g.scalar(0.5),
    ]),
  ]);
  const cropped = g.op("Slice", [
    full,
    g.ints([0, 0]),
    g.op("Cast", [inputSize], { to: INT64 }),
    g.ints([2, 3]),
  ]);
  const sizes = g.op(
    "Concat",
    [g.ints([1, MASKS]), g.op("Cast", ["orig_im_size"], { to: INT64 })],
    { axis: 0 },
  );
  g.op("Resize", [cropped, "", "", sizes], { mode: "linear" }, "masks");

  const bytes = g.encode({
    name: "sam_b_sized_decoder",
    producerName: "milimo-bench",
    ...samDecoderSignature({ embedDim: DIM, grid: GRID, lowRes: LOW_RES, masks: MASKS }),
  });
  return { bytes, parameters: g.parameters };
}

/** Writes decoder.onnx + model.json into `outDir`; returns the ONNX path. */
export function writeSamBDecoder(outDir: string): {
  path: string;
  parameters: number;
  bytes: number;
} {
  const { bytes, parameters } = buildSamBDecoder();
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, "decoder.onnx");
  writeFileSync(path, bytes);
  const manifest = {
    id: "sam-b-sized-decoder",
    task: "sam-decoder",
    name: "SAM-B-sized mask decoder (random weights, benchmark only)",
    fixture: true,
    files: { decoder: "decoder.onnx" },
    config: { parameters },
  };
  writeFileSync(join(outDir, "model.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return { path, parameters, bytes: bytes.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outDir = resolve(process.argv[2] ?? "dist/bench/sam-b-decoder");
  const { path, parameters, bytes } = writeSamBDecoder(outDir);
  console.log(
    `${path}: ${(parameters / 1e6).toFixed(2)} M parameters, ${(bytes / 2 ** 20).toFixed(1)} MiB`,
  );
}
