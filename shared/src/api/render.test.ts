import { describe, expect, it } from "vitest";
import { specOf, videoItem } from "../render/test-media";
import { RenderParamsSchema } from "./render";

const spec = specOf(
  [videoItem("a", "V1", 0, 10)],
  [{ itemId: "t", mediaId: "m-t", startFrame: 0, sourceInFrame: 0, durationFrames: 5, gain: 1 }],
);
const media = [
  { mediaId: "m-a", uploadId: "u1" },
  { mediaId: "m-t", uploadId: "u2" },
];

describe("RenderParamsSchema", () => {
  it("accepts a spec with an upload for each media", () => {
    expect(RenderParamsSchema.safeParse({ spec, media }).success).toBe(true);
  });

  it.each([
    ["a media without upload", { spec, media: media.slice(0, 1) }, "No upload given for media m-t"],
    [
      "a WebM spec (the server renders H.264 mp4)",
      { spec: { ...spec, container: "webm", videoCodec: "vp9", audioCodec: "opus" }, media },
      "The server renders H.264 mp4 only",
    ],
    ["no spec", { media }, undefined],
  ])("refuses %s", (_name, params, message) => {
    const result = RenderParamsSchema.safeParse(params);
    expect(result.success).toBe(false);
    if (message) expect(result.error?.issues.map(i => i.message)).toContain(message);
  });
});
