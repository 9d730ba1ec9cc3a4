import { afterEach, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../test/make-test-app";
import { expectError, postJson } from "../test/requests";

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const id = (c: string) => c.repeat(64);
const inpaint = { prompt: "a green door", seed: 1, imageUploadId: id("a") };
const track = { uploadId: id("a"), maskRle: { width: 1, height: 1, counts: [0, 1] } };

describe("POST /api/jobs: clip inpaint and ranged track params", () => {
  it.each([
    [
      "a clip inpaint without masks",
      { kind: "inpaint", params: { ...inpaint, target: "clip" } },
      /^params\.masksUploadId: Give the clip's masks as masksUploadId/,
    ],
    [
      "a clip inpaint with both kinds of mask",
      {
        kind: "inpaint",
        params: { ...inpaint, target: "clip", maskUploadId: id("b"), masksUploadId: id("c") },
      },
      /^params\.masksUploadId: Give the clip's masks/,
    ],
    [
      "per-frame masks on a frame inpaint",
      { kind: "inpaint", params: { ...inpaint, maskUploadId: id("b"), masksUploadId: id("c") } },
      /^params\.masksUploadId: Per-frame masks need target "clip"/,
    ],
    [
      "an unknown target",
      { kind: "inpaint", params: { ...inpaint, target: "shot", maskUploadId: id("b") } },
      /^params\.target: Target must be frame or clip/,
    ],
    [
      "a track frame outside its range",
      { kind: "track", params: { ...track, frame: 9, range: { start: 2, end: 8 } } },
      /^params\.frame: Frame must lie inside the range/,
    ],
    [
      "a track range that ends before it starts",
      { kind: "track", params: { ...track, frame: 5, range: { start: 6, end: 4 } } },
      /^params\.range\.end: Range end must not be before its start/,
    ],
  ])("answers 400 INVALID_REQUEST naming the field for %s", async (_label, body, message) => {
    t = await makeTestApp();
    expect(await expectError(await postJson(t, "/api/jobs", body), 400, "INVALID_REQUEST")).toMatch(
      message,
    );
  });
});
