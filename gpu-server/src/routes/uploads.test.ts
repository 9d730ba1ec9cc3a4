import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { CreateUploadResponseSchema } from "@milimo/shared/api";
import { makeTestApp, type TestApp, type TestAppOptions } from "../test/make-test-app";
import { redBluePng } from "../test/media";
import { expectBody, expectError } from "../test/requests";

let t: TestApp | undefined;
const start = async (options?: TestAppOptions) => (t = await makeTestApp(options));
afterEach(async () => {
  await t?.close();
  t = undefined;
});

function upload(
  app: TestApp,
  bytes: Uint8Array,
  { field = "file", type = "application/octet-stream" } = {},
) {
  const form = new FormData();
  form.append(field, new Blob([bytes], { type }), "file.bin");
  return app.request("/api/uploads", { method: "POST", body: form });
}

describe("POST /api/uploads", () => {
  it("stores the file by content hash and answers 201 with its sniffed type", async () => {
    const app = await start();
    const png = redBluePng(16, 8);
    const { upload: u } = await expectBody(
      await upload(app, png, { type: "video/mp4" }),
      201,
      CreateUploadResponseSchema,
    );
    const sha256 = createHash("sha256").update(png).digest("hex");
    expect(u).toEqual({ id: sha256, sha256, mime: "image/png", bytes: png.byteLength });
    expect(readFileSync(app.deps.uploads.path(u.id) as string)).toEqual(Buffer.from(png));

    const again = await expectBody(await upload(app, png), 201, CreateUploadResponseSchema);
    expect(again.upload.id).toBe(u.id);
  });

  it("accepts a JSON masks file (a clip inpaint's masksUploadId) as application/json", async () => {
    const app = await start();
    const json = new TextEncoder().encode(
      JSON.stringify({ frames: [{ frame: 0, mask: { width: 2, height: 1, counts: [1, 1] } }] }),
    );
    const { upload: u } = await expectBody(
      await upload(app, json, { type: "application/json" }),
      201,
      CreateUploadResponseSchema,
    );
    expect(u.mime).toBe("application/json");
    expect(readFileSync(app.deps.uploads.path(u.id) as string)).toEqual(Buffer.from(json));
    // Text that only starts like JSON is still refused.
    await expectError(
      await upload(app, new TextEncoder().encode('{"frames": [')),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
  });

  it("answers 415 UNSUPPORTED_MEDIA_TYPE for bytes that are not a supported format", async () => {
    const app = await start();
    const text = new TextEncoder().encode("<html>definitely not a video</html>");
    await expectError(
      await upload(app, text, { type: "video/mp4" }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
  });

  it("answers 413 UPLOAD_TOO_LARGE past UPLOAD_MAX_BYTES", async () => {
    const app = await start({ env: { UPLOAD_MAX_BYTES: "1000" } });
    const big = redBluePng(200, 200);
    expect(big.byteLength).toBeGreaterThan(1000);
    expect(await expectError(await upload(app, big), 413, "UPLOAD_TOO_LARGE")).toMatch(
      /larger than this server accepts/,
    );
  });

  it.each([
    [
      "a missing file field",
      () => upload(t as TestApp, redBluePng(4, 4), { field: "image" }),
      /^file: a file is required/,
    ],
    ["an empty file", () => upload(t as TestApp, new Uint8Array()), /^file: the file is empty/],
    [
      "a JSON body",
      () =>
        (t as TestApp).request("/api/uploads", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: "{}",
        }),
      /multipart form data/,
    ],
  ])("answers 400 INVALID_REQUEST for %s", async (_label, send, message) => {
    await start();
    expect(await expectError(await send(), 400, "INVALID_REQUEST")).toMatch(message);
  });
});

describe("GET|HEAD /api/uploads/:id", () => {
  it("tells a client whether the server already has a file, so it can skip the upload", async () => {
    const app = await start();
    const png = redBluePng(8, 8);
    const sha256 = createHash("sha256").update(png).digest("hex");

    expect((await app.request(`/api/uploads/${sha256}`, { method: "HEAD" })).status).toBe(404);
    await expectError(await app.request(`/api/uploads/${sha256}`), 404, "UPLOAD_NOT_FOUND");

    await upload(app, png);
    expect((await app.request(`/api/uploads/${sha256}`, { method: "HEAD" })).status).toBe(200);
    const { upload: u } = await expectBody(
      await app.request(`/api/uploads/${sha256}`),
      200,
      CreateUploadResponseSchema,
    );
    expect(u).toEqual({ id: sha256, sha256, mime: "image/png", bytes: png.byteLength });
  });
});
