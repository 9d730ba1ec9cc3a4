/**
 * The generated SAM fixtures run in onnxruntime-node with the real segment-anything signatures and
 * shapes declared in their model.json, stay small, and are rebuilt byte-for-byte identically.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { ModelManifestSchema } from "@milimo/shared/api";
import { REPO_ROOT } from "../config";
import { ensureFixtureModels } from "../test/make-test-app";

async function fixture(folder: string) {
  const dir = join(await ensureFixtureModels(), folder);
  const manifest = ModelManifestSchema.parse(
    JSON.parse(readFileSync(join(dir, "model.json"), "utf8")),
  );
  const file = join(dir, Object.values(manifest.files)[0] as string);
  return { manifest, file, session: await ort.InferenceSession.create(file) };
}

const zeros = (dims: number[]) =>
  new ort.Tensor("float32", new Float32Array(dims.reduce((a, b) => a * b, 1)), dims);

describe("SAM fixture models", () => {
  it.each(["sam-fixture-encoder", "sam-fixture-decoder"])(
    "%s declares exactly the ONNX inputs and outputs and is small",
    async folder => {
      const { manifest, file, session } = await fixture(folder);
      expect(manifest.fixture).toBe(true);
      expect(session.inputNames).toEqual(manifest.inputs?.map(t => t.name));
      expect(session.outputNames).toEqual(manifest.outputs?.map(t => t.name));
      expect(statSync(file).size).toBeLessThan(5 * 1024 * 1024);
      await session.release();
    },
  );

  it("encoder: image 1×3×1024×1024 -> image_embeddings 1×256×64×64 of the cell colours", async () => {
    const { session } = await fixture("sam-fixture-encoder");
    const image = zeros([1, 3, 1024, 1024]);
    const data = image.data;
    // Channel 1 is 2.0 in the top-left 16×16 cell only.
    for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) data[1024 * 1024 + y * 1024 + x] = 2;
    const out = await session.run({ image });
    const emb = out.image_embeddings as ort.Tensor;
    expect(emb.dims).toEqual([1, 256, 64, 64]);
    const e = emb.data as Float32Array;
    expect(e[4096]).toBeCloseTo(2); // channel 1, cell (0, 0)
    expect(e[4096 + 1]).toBe(0); // channel 1, cell (0, 1)
    expect(e[0]).toBe(0); // channel 0
    await session.release();
  });

  it.each([
    [3, [480, 640]],
    [1, [1080, 1920]],
  ])(
    "decoder: %i point(s), orig_im_size %j -> masks at the original size",
    async (points, [h, w]) => {
      const { session } = await fixture("sam-fixture-decoder");
      const out = await session.run({
        image_embeddings: zeros([1, 256, 64, 64]),
        point_coords: zeros([1, points, 2]),
        point_labels: new ort.Tensor("float32", new Float32Array(points).fill(1), [1, points]),
        mask_input: zeros([1, 1, 256, 256]),
        has_mask_input: zeros([1]),
        orig_im_size: new ort.Tensor("float32", new Float32Array([h as number, w as number]), [2]),
      });
      expect(out.masks?.dims).toEqual([1, 4, h, w]);
      expect(out.iou_predictions?.dims).toEqual([1, 4]);
      expect(out.low_res_masks?.dims).toEqual([1, 4, 256, 256]);
      // A flat embedding: everything has the clicked colour, so the first mask covers the image.
      expect((out.masks?.data as Float32Array).every(v => v > 0)).toBe(true);
      await session.release();
    },
  );

  it("is deterministic: a rebuild writes the same bytes", async () => {
    const sam = (await import(pathToFileURL(join(REPO_ROOT, "scripts/fixtures/sam.ts")).href)) as {
      buildSamEncoder: () => Uint8Array;
      buildSamDecoder: () => Uint8Array;
    };
    const dir = await ensureFixtureModels();
    expect(
      Buffer.from(sam.buildSamEncoder()).equals(
        readFileSync(join(dir, "sam-fixture-encoder", "encoder.onnx")),
      ),
    ).toBe(true);
    expect(
      Buffer.from(sam.buildSamDecoder()).equals(
        readFileSync(join(dir, "sam-fixture-decoder", "decoder.onnx")),
      ),
    ).toBe(true);
  });
});
