/**
 * A small ONNX graph builder on onnx-proto for the generated models (the SAM fixtures and the
 * SAM-B-sized bench decoder): typed protobuf shapes, initializers, attributes, a node builder that
 * names every output, and a seeded random source so generated weights are deterministic.
 */
import onnxProto from "onnx-proto";

const { onnx } = onnxProto;
export type Dim = number | string;

export const FLOAT = onnx.TensorProto.DataType.FLOAT;
export const INT64 = onnx.TensorProto.DataType.INT64;

// Structural shapes of the protobuf messages we build (onnx-proto's own interfaces pull in
// protobufjs's Long type, which this repo's type-check cannot see).
export interface TensorProto {
  name: string;
  dims: number[];
  dataType: number;
  rawData?: Uint8Array;
  int64Data?: number[];
}
export interface ValueInfoProto {
  name: string;
  type: {
    tensorType: {
      elemType: number;
      shape: { dim: Array<{ dimValue: number } | { dimParam: string }> };
    };
  };
}
export interface AttributeProto {
  name: string;
  type: number;
  s?: Uint8Array;
  ints?: number[];
  i?: number;
  f?: number;
  t?: TensorProto;
}
export interface NodeProto {
  opType: string;
  input: string[];
  output: string[];
  name: string;
  attribute: AttributeProto[];
}

export function valueInfo(name: string, dims: Dim[], elemType = FLOAT): ValueInfoProto {
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

export function floatTensor(name: string, dims: number[], values: ArrayLike<number>): TensorProto {
  const data = Float32Array.from(values);
  return {
    name,
    dims,
    dataType: FLOAT,
    rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  };
}

export function int64Tensor(name: string, values: number[]): TensorProto {
  return { name, dims: [values.length], dataType: INT64, int64Data: values };
}

export type Attr = number | number[] | string | TensorProto;

export function attribute(name: string, value: Attr): AttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === "string")
    return { name, type: T.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: T.INTS, ints: value };
  if (typeof value === "number")
    return Number.isInteger(value)
      ? { name, type: T.INT, i: value }
      : { name, type: T.FLOAT, f: value };
  return { name, type: T.TENSOR, t: value };
}

export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  protected counter = 0;

  /** Adds a node and returns its (first) output name. */
  op(opType: string, inputs: string[], attrs: Record<string, Attr> = {}, outputName?: string) {
    const output = outputName ?? `${opType.toLowerCase()}_${this.counter++}`;
    this.nodes.push({
      opType,
      input: inputs,
      output: [output],
      name: `${opType}_${this.counter++}`,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return output;
  }

  floats(dims: number[], values: ArrayLike<number>) {
    const name = `const_f_${this.counter++}`;
    this.initializers.push(floatTensor(name, dims, values));
    return name;
  }

  ints(values: number[]) {
    const name = `const_i_${this.counter++}`;
    this.initializers.push(int64Tensor(name, values));
    return name;
  }

  encode(args: {
    name: string;
    inputs: ValueInfoProto[];
    outputs: ValueInfoProto[];
    producerName?: string;
  }) {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: args.producerName ?? "milimo-fixtures",
      opsetImport: [{ domain: "", version: 17 }],
      graph: {
        name: args.name,
        node: this.nodes,
        initializer: this.initializers,
        input: args.inputs,
        output: args.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

/** Deterministic pseudo-random numbers in [-1, 1) (mulberry32). */
export function makeRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

/** The standard segment-anything decoder signature (inputs and outputs) for `masks` masks. */
export function samDecoderSignature(args: {
  embedDim: number;
  grid: number;
  lowRes: number;
  masks: number;
}): { inputs: ValueInfoProto[]; outputs: ValueInfoProto[] } {
  const { embedDim, grid, lowRes, masks } = args;
  return {
    inputs: [
      valueInfo("image_embeddings", [1, embedDim, grid, grid]),
      valueInfo("point_coords", [1, "num_points", 2]),
      valueInfo("point_labels", [1, "num_points"]),
      valueInfo("mask_input", [1, 1, lowRes, lowRes]),
      valueInfo("has_mask_input", [1]),
      valueInfo("orig_im_size", [2]),
    ],
    outputs: [
      valueInfo("masks", [1, masks, "image_height", "image_width"]),
      valueInfo("iou_predictions", [1, masks]),
      valueInfo("low_res_masks", [1, masks, lowRes, lowRes]),
    ],
  };
}
