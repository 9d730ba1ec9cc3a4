import { afterEach, describe, expect, it } from "vitest";
import { makeGatedPipeline } from "../test/fake-pipelines";
import { makeTestApp, type TestApp } from "../test/make-test-app";
import { expectError, postJson } from "../test/requests";

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe("POST /api/jobs generate-image conditioning", () => {
  it("answers 400 INVALID_REQUEST naming the field for a reference past frame 0", async () => {
    t = await makeTestApp({ pipelines: { "generate-image": makeGatedPipeline().pipeline } });
    const res = await postJson(t, "/api/jobs", {
      kind: "generate-image",
      params: { prompt: "x", seed: 1, conditioning: [{ uploadId: "a".repeat(64), frame: 3 }] },
    });
    expect(await expectError(res, 400, "INVALID_REQUEST")).toMatch(
      /^params\.conditioning\.0\.frame: A still image is conditioned at frame 0 only/,
    );
  });

  it("checks a frame-0 reference's upload exists (404 naming the field)", async () => {
    t = await makeTestApp({ pipelines: { "generate-image": makeGatedPipeline().pipeline } });
    const res = await postJson(t, "/api/jobs", {
      kind: "generate-image",
      params: { prompt: "x", seed: 1, conditioning: [{ uploadId: "f".repeat(64), frame: 0 }] },
    });
    expect(await expectError(res, 404, "UPLOAD_NOT_FOUND")).toMatch(
      /^params\.conditioning\.0\.uploadId:/,
    );
  });
});
