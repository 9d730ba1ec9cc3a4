/**
 * Dead-output elimination on ONNX model bytes: keeps only the graph outputs asked for and the
 * nodes they depend on; every other byte (initializers, inputs, metadata) is copied as is. The
 * decoder worker uses it to drop a SAM export's full-size `masks` branch once it has shown that
 * its own post-processing of `low_res_masks` gives the same masks (ORT runs every node of a graph,
 * asked-for or not). Reads the protobuf wire format directly: no ONNX library in the worker.
 */

// Field numbers from onnx.proto.
const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const GRAPH_OUTPUT = 12;
const NODE_INPUT = 1;
const NODE_OUTPUT = 2;
const VALUE_INFO_NAME = 1;

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

interface Field {
  number: number;
  wire: number;
  /** The whole field, key included. */
  start: number;
  end: number;
  /** The payload of a length-delimited field. */
  valueStart: number;
}

function readVarint(bytes: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  let i = at;
  for (;;) {
    if (i >= bytes.length) throw new RangeError("The model file ends inside a number.");
    const byte = bytes[i++]!;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return { value, next: i };
    scale *= 128;
  }
}

function* fields(bytes: Uint8Array, start = 0, end = bytes.length): Generator<Field> {
  let at = start;
  while (at < end) {
    const fieldStart = at;
    const key = readVarint(bytes, at);
    const wire = key.value % 8;
    const number = Math.floor(key.value / 8);
    at = key.next;
    let valueStart = at;
    if (wire === WIRE_VARINT) at = readVarint(bytes, at).next;
    else if (wire === WIRE_FIXED64) at += 8;
    else if (wire === WIRE_FIXED32) at += 4;
    else if (wire === WIRE_LEN) {
      const length = readVarint(bytes, at);
      valueStart = length.next;
      at = length.next + length.value;
    } else throw new RangeError(`Unsupported protobuf wire type ${wire} in the model file.`);
    if (at > end) throw new RangeError("The model file ends inside a field.");
    yield { number, wire, start: fieldStart, end: at, valueStart };
  }
}

const decoder = new TextDecoder();

function strings(bytes: Uint8Array, field: Field, number: number): string[] {
  const out: string[] = [];
  for (const inner of fields(bytes, field.valueStart, field.end)) {
    if (inner.number === number && inner.wire === WIRE_LEN) {
      out.push(decoder.decode(bytes.subarray(inner.valueStart, inner.end)));
    }
  }
  return out;
}

function encodeVarint(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 128) | 0x80);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * The model with only `keep` among its graph outputs and the nodes they need (nodes are in
 * topological order, as ONNX requires). Throws when an output in `keep` is not in the graph.
 */
export function pruneModelOutputs(
  model: Uint8Array,
  keep: readonly string[],
): { bytes: Uint8Array; removedNodes: number } {
  const graph = [...fields(model)].find(f => f.number === MODEL_GRAPH && f.wire === WIRE_LEN);
  if (!graph) throw new RangeError("The model file has no graph.");
  const graphFields = [...fields(model, graph.valueStart, graph.end)];
  const outputNames = graphFields
    .filter(f => f.number === GRAPH_OUTPUT)
    .map(f => strings(model, f, VALUE_INFO_NAME)[0] ?? "");
  for (const name of keep) {
    if (!outputNames.includes(name)) throw new RangeError(`The model has no output "${name}".`);
  }
  const nodes = graphFields.filter(f => f.number === GRAPH_NODE);
  const needed = new Set(keep);
  const kept = new Set<Field>();
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]!;
    if (!strings(model, node, NODE_OUTPUT).some(name => needed.has(name))) continue;
    kept.add(node);
    for (const name of strings(model, node, NODE_INPUT)) if (name) needed.add(name);
  }
  const graphParts: Uint8Array[] = [];
  for (const f of graphFields) {
    if (f.number === GRAPH_NODE && !kept.has(f)) continue;
    if (f.number === GRAPH_OUTPUT) {
      const name = strings(model, f, VALUE_INFO_NAME)[0] ?? "";
      if (!keep.includes(name)) continue;
    }
    graphParts.push(model.subarray(f.start, f.end));
  }
  const graphBytes = concat(graphParts);
  const modelParts: Uint8Array[] = [];
  for (const f of fields(model)) {
    if (f === graph || (f.start === graph.start && f.end === graph.end)) {
      modelParts.push(
        Uint8Array.from([
          ...encodeVarint(MODEL_GRAPH * 8 + WIRE_LEN),
          ...encodeVarint(graphBytes.length),
        ]),
        graphBytes,
      );
    } else {
      modelParts.push(model.subarray(f.start, f.end));
    }
  }
  return { bytes: concat(modelParts), removedNodes: nodes.length - kept.size };
}
