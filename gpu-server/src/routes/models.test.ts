import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ListModelsResponseSchema } from "@milimo/shared/api";
import { makeTestApp, type TestApp } from "../test/make-test-app";
import { expectBody, expectError } from "../test/requests";

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe("GET /api/models", () => {
  it("lists the manifests of usable models, fixtures included", async () => {
    t = await makeTestApp();
    const { models } = await expectBody(
      await t.request("/api/models"),
      200,
      ListModelsResponseSchema,
    );
    const sam = models.filter(m => m.task.startsWith("sam-"));
    expect(sam.map(m => [m.id, m.task, m.fixture])).toEqual([
      ["sam-fixture-decoder", "sam-decoder", true],
      ["sam-fixture-encoder", "sam-encoder", true],
    ]);
    expect(sam[0]?.files).toEqual({ decoder: "decoder.onnx" });
  });
});

describe("GET /api/models/:id/files/:name", () => {
  it("serves a model file by file name or role, with an ETag the browser can revalidate", async () => {
    t = await makeTestApp();
    const onDisk = readFileSync(join(t.config.modelsDir, "sam-fixture-decoder", "decoder.onnx"));
    const res = await t.request("/api/models/sam-fixture-decoder/files/decoder.onnx");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/octet-stream");
    expect(res.headers.get("Cache-Control")).toMatch(/max-age/);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(onDisk);

    const etag = res.headers.get("ETag") as string;
    expect(etag).toBeTruthy();
    const revalidated = await t.request("/api/models/sam-fixture-decoder/files/decoder.onnx", {
      headers: { "If-None-Match": etag },
    });
    expect(revalidated.status).toBe(304);

    const byRole = await t.request("/api/models/sam-fixture-decoder/files/decoder");
    expect(Buffer.from(await byRole.arrayBuffer())).toEqual(onDisk);
  });

  it.each([
    ["an unknown model", "/api/models/nope/files/decoder.onnx", 404, "MODEL_MISSING"],
    ["an unknown file", "/api/models/sam-fixture-decoder/files/other.onnx", 404, "NOT_FOUND"],
    [
      "a path outside the model",
      "/api/models/sam-fixture-decoder/files/..%2F..%2Fjobs.sqlite",
      404,
      "NOT_FOUND",
    ],
  ])("answers %s with an error", async (_label, path, status, code) => {
    t = await makeTestApp();
    await expectError(await t.request(path), status, code);
  });
});
