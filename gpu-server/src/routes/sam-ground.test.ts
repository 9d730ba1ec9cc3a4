import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  CreateUploadResponseSchema,
  ListModelsResponseSchema,
  SamGroundResponseSchema,
} from "@milimo/shared/api";
import type { Box } from "@milimo/shared/sam";
import { boxIou } from "../pipelines/ground-boxes";
import { ensureFixtureModels, makeTestApp, type TestApp } from "../test/make-test-app";
import { encodePng, makeColorVideo } from "../test/media";
import { expectBody, expectError, postJson } from "../test/requests";

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "milimo-ground-test-"));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// A grey 320×240 picture with a red square and a blue square, off the fixture's 20-pixel grid.
const RED: Box = { x0: 45, y0: 50, x1: 125, y1: 130 };
const BLUE: Box = { x0: 190, y0: 115, x1: 275, y1: 205 };
const inside = (b: Box, x: number, y: number) => x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1;
const scene = encodePng(320, 240, (x, y) =>
  inside(RED, x, y) ? [220, 30, 30] : inside(BLUE, x, y) ? [30, 30, 220] : [128, 128, 128],
);

function groundImage(app: TestApp, fields: { image?: Uint8Array; text?: string }) {
  const form = new FormData();
  if (fields.image) form.append("image", new Blob([fields.image]), "frame.png");
  if (fields.text !== undefined) form.append("text", fields.text);
  return app.request("/api/sam/ground", { method: "POST", body: form });
}

async function upload(app: TestApp, bytes: Uint8Array) {
  const form = new FormData();
  form.append("file", new Blob([bytes]), "upload.bin");
  const res = await app.request("/api/uploads", { method: "POST", body: form });
  return (await expectBody(res, 201, CreateUploadResponseSchema)).upload;
}

describe("POST /api/sam/ground", () => {
  it.each([
    ["red", RED],
    ["the red car", RED],
    ["Blue", BLUE],
  ])("finds %j around its square", async (text, expected) => {
    t = await makeTestApp();
    const answer = await expectBody(
      await groundImage(t, { image: scene, text }),
      200,
      SamGroundResponseSchema,
    );
    expect(answer).toMatchObject({ modelId: "grounding-fixture", width: 320, height: 240 });
    const best = answer.boxes[0];
    expect(best?.label).toBe(text);
    expect(best?.score).toBeGreaterThan(0.5);
    expect(boxIou(best!.box, expected)).toBeGreaterThan(0.5);
    // One object, not one box per grid cell.
    expect(answer.boxes).toHaveLength(1);
  });

  it("searches comma-separated phrases together and labels each box with its phrase", async () => {
    t = await makeTestApp();
    const { boxes } = await expectBody(
      await groundImage(t, { image: scene, text: "blue, red" }),
      200,
      SamGroundResponseSchema,
    );
    expect(boxes.map(b => b.label).sort()).toEqual(["blue", "red"]);
    const red = boxes.find(b => b.label === "red")!;
    expect(boxIou(red.box, RED)).toBeGreaterThan(0.5);
    expect(boxes[0]!.score).toBeGreaterThanOrEqual(boxes[1]!.score);
  });

  it("answers no boxes for something that is not there", async () => {
    t = await makeTestApp();
    const answer = await expectBody(
      await groundImage(t, { image: scene, text: "a dog" }),
      200,
      SamGroundResponseSchema,
    );
    expect(answer.boxes).toEqual([]);
  });

  it("grounds a frame of an uploaded video given {uploadId, frame, text}", async () => {
    t = await makeTestApp();
    const video = makeColorVideo({ dir: scratch, colors: ["red", "blue"], format: "mp4" });
    const { id } = await upload(t, video);
    const blue = await expectBody(
      await postJson(t, "/api/sam/ground", { uploadId: id, frame: 1, text: "blue" }),
      200,
      SamGroundResponseSchema,
    );
    expect(blue.width).toBe(64);
    expect(blue.boxes[0]?.box).toEqual({ x0: 0, y0: 0, x1: 64, y1: 48 });
    const red = await expectBody(
      await postJson(t, "/api/sam/ground", { uploadId: id, text: "blue" }),
      200,
      SamGroundResponseSchema,
    );
    expect(red.boxes).toEqual([]);
  });

  it.each([
    ["no text", { image: scene }, 400, "INVALID_REQUEST", /^text:/],
    ["blank text", { image: scene, text: "   " }, 400, "INVALID_REQUEST", /^text:/],
    ["text too long", { image: scene, text: "red ".repeat(60) }, 400, "INVALID_REQUEST", /^text:/],
    ["no image", { text: "red" }, 400, "INVALID_REQUEST", /^image:/],
    [
      "a file that is not a picture",
      { image: new TextEncoder().encode("not a picture"), text: "red" },
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      /^image:/,
    ],
  ])("refuses a form with %s", async (_label, fields, status, code, message) => {
    t = await makeTestApp();
    expect(await expectError(await groundImage(t, fields), status, code)).toMatch(message);
  });

  it.each([
    ["no text", {}, 400, "INVALID_REQUEST", /^text:/],
    ["a negative frame", { text: "red", frame: -1 }, 400, "INVALID_REQUEST", /^frame:/],
    [
      "an unknown upload",
      { text: "red", uploadId: "0".repeat(64) },
      404,
      "UPLOAD_NOT_FOUND",
      /^uploadId:/,
    ],
  ])("refuses JSON with %s", async (_label, patch, status, code, message) => {
    t = await makeTestApp();
    const { id } = await upload(t, scene);
    const res = await postJson(t, "/api/sam/ground", { uploadId: id, ...patch });
    expect(await expectError(res, status, code)).toMatch(message);
  });

  it("says which model to install when there is no grounding model", async () => {
    t = await makeTestApp({ modelsDir: join(scratch, "no-models") });
    const message = await expectError(
      await groundImage(t, { image: scene, text: "red" }),
      503,
      "MODEL_MISSING",
    );
    expect(message).toMatch(/grounding model \(task "grounding", e\.g\. OWLv2/);
  });

  it("names the bad key of a grounding model.json", async () => {
    const fixture = join(await ensureFixtureModels(), "grounding-fixture");
    const dir = join(scratch, "bad-models", "grounding-broken");
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(fixture, "detector.onnx"), join(dir, "detector.onnx"));
    const manifest = JSON.parse(readFileSync(join(fixture, "model.json"), "utf8")) as {
      id: string;
      fixture: boolean;
      config: { grounding: Record<string, unknown> };
    };
    manifest.id = "grounding-broken";
    delete manifest.config.grounding.tokenizer;
    writeFileSync(join(dir, "model.json"), JSON.stringify(manifest));
    t = await makeTestApp({ modelsDir: join(scratch, "bad-models") });
    const message = await expectError(
      await groundImage(t, { image: scene, text: "red" }),
      500,
      "MODEL_INVALID",
    );
    expect(message).toMatch(/config\.grounding\.tokenizer/);
  });

  it("is listed by GET /api/models as a grounding model", async () => {
    t = await makeTestApp();
    const { models } = await expectBody(
      await t.request("/api/models"),
      200,
      ListModelsResponseSchema,
    );
    expect(models.filter(m => m.task === "grounding").map(m => m.id)).toEqual([
      "grounding-fixture",
    ]);
  });
});
