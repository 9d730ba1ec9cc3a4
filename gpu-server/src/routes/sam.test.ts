import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CreateUploadResponseSchema, parseSamEmbeddingHeaders } from "@milimo/shared/api";
import { makeTestApp, type TestApp, type TestAppOptions } from "../test/make-test-app";
import { makeColorVideo, redBluePng } from "../test/media";
import { createJob, expectBody, expectError, postJson, waitForStatus } from "../test/requests";

let t: TestApp | undefined;
const start = async (options?: TestAppOptions) => (t = await makeTestApp(options));
afterEach(async () => {
  await t?.close();
  t = undefined;
});

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "milimo-sam-test-"));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function embedImage(app: TestApp, bytes: Uint8Array, field = "image") {
  const form = new FormData();
  form.append(field, new Blob([bytes]), "frame.png");
  return app.request("/api/sam/embed", { method: "POST", body: form });
}

async function uploadBytes(app: TestApp, bytes: Uint8Array) {
  const form = new FormData();
  form.append("file", new Blob([bytes]), "upload.bin");
  const res = await app.request("/api/uploads", { method: "POST", body: form });
  return (await expectBody(res, 201, CreateUploadResponseSchema)).upload;
}

const meta = (res: Response) => {
  const parsed = parseSamEmbeddingHeaders(name => res.headers.get(name));
  if (!parsed.success) throw new Error("embedding headers missing");
  return parsed.data;
};

/** Channel c of the embedding at grid cell (row, col). */
const cell = (e: Float32Array, c: number, row: number, col: number) =>
  e[c * 4096 + row * 64 + col] as number;

describe("POST /api/sam/embed (image)", () => {
  it("returns float32 embedding bytes and the headers the browser decoder needs", async () => {
    const app = await start();
    const res = await embedImage(app, redBluePng(320, 240));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/octet-stream");
    expect(meta(res)).toEqual({
      shape: [1, 256, 64, 64],
      modelId: "sam-fixture-encoder",
      resizeScale: 3.2,
      imageWidth: 320,
      imageHeight: 240,
    });
    expect(res.headers.get("X-Embedding-Cache")).toBe("miss");
    const embedding = new Float32Array(await res.arrayBuffer());
    expect(embedding.length).toBe(256 * 64 * 64);
    // Red half on the left, blue on the right, zero padding below the 1024×768 picture.
    expect(cell(embedding, 0, 10, 5)).toBeCloseTo((220 - 123.675) / 58.395, 2);
    expect(cell(embedding, 2, 10, 60)).toBeCloseTo((220 - 103.53) / 57.375, 2);
    expect(cell(embedding, 0, 60, 5)).toBe(0);
  });

  it("gives a mask of the clicked colour when run through the fixture decoder", async () => {
    const app = await start();
    const res = await embedImage(app, redBluePng(320, 240));
    const { shape, resizeScale, imageWidth, imageHeight } = meta(res);
    const embedding = new Float32Array(await res.arrayBuffer());
    const decoder = await ort.InferenceSession.create(
      join(app.config.modelsDir, "sam-fixture-decoder", "decoder.onnx"),
    );
    // Click at (80, 120) in the picture: the red half.
    const out = await decoder.run({
      image_embeddings: new ort.Tensor("float32", embedding, shape),
      point_coords: new ort.Tensor(
        "float32",
        new Float32Array([80 * resizeScale, 120 * resizeScale, 0, 0]),
        [1, 2, 2],
      ),
      point_labels: new ort.Tensor("float32", new Float32Array([1, -1]), [1, 2]),
      mask_input: new ort.Tensor("float32", new Float32Array(256 * 256), [1, 1, 256, 256]),
      has_mask_input: new ort.Tensor("float32", new Float32Array([0]), [1]),
      orig_im_size: new ort.Tensor("float32", new Float32Array([imageHeight, imageWidth]), [2]),
    });
    await decoder.release();
    const masks = out.masks as ort.Tensor;
    expect(masks.dims).toEqual([1, 4, 240, 320]);
    const m = masks.data as Float32Array;
    const inMask = (x: number, y: number) => (m[y * 320 + x] as number) > 0;
    expect(inMask(20, 20) && inMask(150, 230)).toBe(true);
    expect(inMask(170, 20) || inMask(300, 230)).toBe(false);
  });

  it("serves the same picture from the cache", async () => {
    const app = await start();
    const png = redBluePng(64, 64);
    const first = Buffer.from(await (await embedImage(app, png)).arrayBuffer());
    const again = await embedImage(app, png);
    expect(again.headers.get("X-Embedding-Cache")).toBe("hit");
    // Buffer#equals, not toEqual: a deep compare of 4 MiB element by element takes seconds.
    expect(Buffer.from(await again.arrayBuffer()).equals(first)).toBe(true);
  });

  it.each([
    [
      "a video file",
      () => makeColorVideo({ dir: scratch, colors: ["red"], format: "mp4" }),
      "image",
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      "text",
      () => new TextEncoder().encode("not a picture at all, sorry"),
      "image",
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    ["a missing image field", () => redBluePng(8, 8), "file", 400, "INVALID_REQUEST"],
  ])("refuses %s", async (_label, make, field, status, code) => {
    const app = await start();
    await expectError(await embedImage(app, make(), field), status, code);
  });

  it("answers 404 MODEL_MISSING when no encoder is installed", async () => {
    const app = await start({ modelsDir: join(scratch, "no-models") });
    expect(
      await expectError(await embedImage(app, redBluePng(8, 8)), 404, "MODEL_MISSING"),
    ).toMatch(/No SAM encoder/);
  });
});

describe("POST /api/sam/embed (video frame)", () => {
  it("encodes the requested frame of an uploaded video", async () => {
    const app = await start();
    const video = makeColorVideo({ dir: scratch, colors: ["red", "lime", "blue"], format: "mp4" });
    const upload = await uploadBytes(app, video);

    const blue = await postJson(app, "/api/sam/embed", { uploadId: upload.id, frame: 2 });
    expect(blue.status).toBe(200);
    expect(meta(blue)).toMatchObject({ imageWidth: 64, imageHeight: 48, resizeScale: 16 });
    const e = new Float32Array(await blue.arrayBuffer());
    expect(cell(e, 2, 5, 5)).toBeGreaterThan(1.5); // blue channel high
    expect(cell(e, 0, 5, 5)).toBeLessThan(-1.5); // red channel low

    const red = new Float32Array(
      await (await postJson(app, "/api/sam/embed", { uploadId: upload.id })).arrayBuffer(),
    );
    expect(cell(red, 0, 5, 5)).toBeGreaterThan(1.5);
  });

  it.each([
    ["a frame past the end", { frame: 99 }, 400, "INVALID_REQUEST", /Frame 99 is past the end/],
    ["a negative frame", { frame: -1 }, 400, "INVALID_REQUEST", /^frame:/],
    ["an unknown upload", { uploadId: "0".repeat(64) }, 404, "UPLOAD_NOT_FOUND", /^uploadId:/],
  ])("answers %s with an error", async (_label, patch, status, code, message) => {
    const app = await start();
    const upload = await uploadBytes(
      app,
      makeColorVideo({ dir: scratch, colors: ["red"], format: "webm" }),
    );
    const res = await postJson(app, "/api/sam/embed", { uploadId: upload.id, ...patch });
    expect(await expectError(res, status, code)).toMatch(message);
  });

  it.each([
    ["text/plain", "hello", 415, "UNSUPPORTED_MEDIA_TYPE"],
    ["application/json", "{broken", 400, "INVALID_REQUEST"],
  ])("refuses a %s body", async (type, body, status, code) => {
    const app = await start();
    const res = await app.request("/api/sam/embed", {
      method: "POST",
      headers: { "Content-Type": type },
      body,
    });
    await expectError(res, status, code);
  });
});

describe("sam-embed job", () => {
  it("writes embedding.bin and embedding.json equal to the route's answer", async () => {
    const app = await start();
    const png = redBluePng(100, 50);
    const upload = await uploadBytes(app, png);
    const job = await createJob(app, { kind: "sam-embed", params: { uploadId: upload.id } });
    const done = await waitForStatus(app, job.id, "completed");
    expect(done.artifacts.map(a => [a.name, a.mime])).toEqual([
      ["embedding.bin", "application/octet-stream"],
      ["embedding.json", "application/json"],
    ]);
    const bin = readFileSync(join(app.deps.jobsDir, job.id, "embedding.bin"));
    const json: unknown = JSON.parse(
      readFileSync(join(app.deps.jobsDir, job.id, "embedding.json"), "utf8"),
    );
    const direct = await embedImage(app, png);
    expect(json).toEqual(meta(direct));
    expect(Buffer.from(await direct.arrayBuffer()).equals(bin)).toBe(true);
  });
});
