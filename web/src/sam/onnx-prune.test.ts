import { describe, expect, it } from "vitest";
import onnxProto from "onnx-proto";
import { pruneModelOutputs } from "./onnx-prune";

const { onnx } = onnxProto;

// Structural view of the decoded messages (onnx-proto's own types pull in protobufjs's Long).
interface DecodedModel {
  irVersion: number | { toNumber(): number };
  producerName: string;
  graph: {
    node: { opType: string; output: string[] }[];
    output: { name: string }[];
    input: { name: string }[];
    initializer: { name: string; rawData: Uint8Array }[];
  };
}

const weights = new Uint8Array(new Float32Array(1000).map((_, i) => i * 0.5).buffer);

/** x -> Relu -> shared; shared -> Neg -> kept; shared -> Exp -> Mul(w) -> dropped. */
function makeModel(): Uint8Array {
  const node = (opType: string, input: string[], output: string) => ({
    opType,
    input,
    output: [output],
    name: `${opType}_node`,
  });
  const info = (name: string) => ({
    name,
    type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 1000 }] } } },
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: "prune-test",
    opsetImport: [{ domain: "", version: 17 }],
    graph: {
      name: "g",
      node: [
        node("Relu", ["x"], "shared"),
        node("Neg", ["shared"], "kept"),
        node("Exp", ["shared"], "exp"),
        node("Mul", ["exp", "w"], "dropped"),
      ],
      initializer: [{ name: "w", dims: [1000], dataType: 1, rawData: weights }],
      input: [info("x")],
      output: [info("kept"), info("dropped")],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

function decode(bytes: Uint8Array): DecodedModel {
  return onnx.ModelProto.decode(bytes) as unknown as DecodedModel;
}

describe("pruneModelOutputs", () => {
  it("keeps the asked-for output and only the nodes it needs", () => {
    const { bytes, removedNodes } = pruneModelOutputs(makeModel(), ["kept"]);
    const model = decode(bytes);
    expect(removedNodes).toBe(2);
    expect(model.graph.node.map(n => n.opType)).toEqual(["Relu", "Neg"]);
    expect(model.graph.output.map(o => o.name)).toEqual(["kept"]);
  });

  it("leaves everything else byte for byte: inputs, weights, metadata", () => {
    const model = decode(pruneModelOutputs(makeModel(), ["kept"]).bytes);
    expect(model.producerName).toBe("prune-test");
    expect(Number(model.irVersion)).toBe(8);
    expect(model.graph.input.map(i => i.name)).toEqual(["x"]);
    expect(model.graph.initializer[0]?.name).toBe("w");
    expect(Array.from(model.graph.initializer[0]!.rawData)).toEqual(Array.from(weights));
  });

  it("changes nothing when every output is kept", () => {
    const original = makeModel();
    const { bytes, removedNodes } = pruneModelOutputs(original, ["kept", "dropped"]);
    expect(removedNodes).toBe(0);
    expect(Array.from(bytes)).toEqual(Array.from(original));
  });

  it("refuses an output the graph does not have", () => {
    expect(() => pruneModelOutputs(makeModel(), ["masks"])).toThrow(/no output "masks"/);
  });
});
