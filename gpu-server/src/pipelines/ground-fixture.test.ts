/**
 * The generated grounding fixture has the OWLv2 signature its model.json declares, stays small,
 * is rebuilt byte for byte, and really finds colour words in pixel_values.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { ModelManifestSchema } from "@milimo/shared/api";
import { REPO_ROOT } from "../config";
import { ensureFixtureModels } from "../test/make-test-app";
import { toManifestView } from "../inference/model-registry";
import { readGroundingConfig } from "./ground-config";
import { preprocessForGrounding } from "./ground-image";
import { loadQueryTokenizer } from "./ground-tokenizer";
import { splitPhrases } from "./grounder";

async function fixture() {
  const dir = join(await ensureFixtureModels(), "grounding-fixture");
  const manifest = ModelManifestSchema.parse(
    JSON.parse(readFileSync(join(dir, "model.json"), "utf8")),
  );
  const file = join(dir, "detector.onnx");
  return { dir, manifest, file, session: await ort.InferenceSession.create(file) };
}

describe("grounding fixture model", () => {
  it("declares exactly its ONNX inputs and outputs and is under 1 MB", async () => {
    const { manifest, file, session } = await fixture();
    expect(manifest).toMatchObject({ task: "grounding", fixture: true });
    expect(session.inputNames).toEqual(["input_ids", "pixel_values", "attention_mask"]);
    expect(session.inputNames).toEqual(manifest.inputs?.map(t => t.name));
    expect(session.outputNames).toEqual(manifest.outputs?.map(t => t.name));
    expect(statSync(file).size).toBeLessThan(1024 * 1024);
    await session.release();
  });

  it("is deterministic: a rebuild writes the same bytes", async () => {
    const { file } = await fixture();
    const mod = (await import(
      pathToFileURL(join(REPO_ROOT, "scripts/fixtures/grounding.ts")).href
    )) as { buildGroundingFixture: () => Uint8Array };
    expect(Buffer.from(mod.buildGroundingFixture()).equals(readFileSync(file))).toBe(true);
  });

  it("scores the cells of the named colour high and everything else low", async () => {
    const { dir, manifest, session } = await fixture();
    const config = readGroundingConfig(toManifestView(manifest, dir));
    // Left half red, right half blue.
    const width = 64;
    const height = 64;
    const data = new Uint8Array(width * height * 3);
    for (let i = 0; i < width * height; i++)
      data.set(i % width < width / 2 ? [220, 30, 30] : [30, 30, 220], i * 3);
    const pixels = preprocessForGrounding({ width, height, data }, config);
    const tokenize = await loadQueryTokenizer({
      spec: config.tokenizer,
      modelDir: dir,
      modelId: manifest.id,
    });
    const phrases = splitPhrases("red, the blue sky, a dog", 8);
    const tokens = phrases.map(p => tokenize(p));
    const int64 = (rows: number[][]) =>
      new ort.Tensor("int64", BigInt64Array.from(rows.flat(), BigInt), [
        rows.length,
        rows[0]!.length,
      ]);
    const out = await session.run({
      input_ids: int64(tokens.map(t => t.ids)),
      pixel_values: new ort.Tensor("float32", pixels.data, pixels.dims),
      attention_mask: int64(tokens.map(t => t.mask)),
    });
    expect(out.logits?.dims).toEqual([1, 256, 3]);
    expect(out.pred_boxes?.dims).toEqual([1, 256, 4]);
    const logits = out.logits!.data as Float32Array;
    const cell = (row: number, col: number) =>
      [0, 1, 2].map(q => logits[(row * 16 + col) * 3 + q]!);
    const [redL, blueL, dogL] = cell(3, 2); // a left (red) cell
    const [redR, blueR] = cell(3, 13); // a right (blue) cell
    expect(redL).toBeGreaterThan(2);
    expect(blueL).toBeLessThan(-10);
    expect(blueR).toBeGreaterThan(2);
    expect(redR).toBeLessThan(-10);
    expect(dogL).toBe(-20);
    // Row 3, column 13's box: centre (13.5 / 16, 3.5 / 16), a 16th of the square wide.
    const boxes = out.pred_boxes!.data as Float32Array;
    expect([...boxes.subarray((3 * 16 + 13) * 4, (3 * 16 + 14) * 4)]).toEqual([
      13.5 / 16,
      3.5 / 16,
      1 / 16,
      1 / 16,
    ]);
    await session.release();
  });
});

describe("splitPhrases", () => {
  it.each([
    ["the red car", ["the red car"]],
    [" red ,  blue;red\nthe  sky ", ["red", "blue", "the sky"]],
    [", ;", []],
  ])("%j -> %j", (text, phrases) => {
    expect(splitPhrases(text, 8)).toEqual(phrases);
  });

  it("keeps at most `max` phrases", () => {
    expect(splitPhrases("a, b, c", 2)).toEqual(["a", "b"]);
  });
});
