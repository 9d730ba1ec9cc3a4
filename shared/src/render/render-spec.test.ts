import { describe, expect, it } from "vitest";
import { RenderSpecSchema, listSpecMediaIds, sourceSampleSeconds } from "./render-spec";
import { specOf, videoItem } from "./test-media";

const base = specOf([videoItem("a", "V1", 0, 10), videoItem("b", "V2", 2, 5, { mediaId: "m-a" })]);

describe("RenderSpecSchema", () => {
  it("accepts a valid spec and defaults quality to high", () => {
    const { quality: _q, ...rest } = base;
    expect(RenderSpecSchema.parse(rest).quality).toBe("high");
  });

  it.each([
    ["webm with H.264", { container: "webm", videoCodec: "avc", audioCodec: "opus" }, "videoCodec"],
    ["webm with AAC", { container: "webm", videoCodec: "vp9", audioCodec: "aac" }, "audioCodec"],
    ["odd width", { width: 321 }, "width"],
    ["tiny height", { height: 8 }, "height"],
    ["zero duration", { durationFrames: 0 }, "durationFrames"],
    ["item past the end", { durationFrames: 9 }, "video"],
    ["fractional fps", { fps: 29.97 }, "fps"],
  ])("refuses %s", (_name, patch, field) => {
    const result = RenderSpecSchema.safeParse({ ...base, ...patch });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map(i => i.path[0])).toContain(field);
  });

  it.each([
    ["mp4", "avc", "aac"],
    ["mp4", "avc", "opus"],
    ["mp4", "vp9", "opus"],
    ["webm", "vp9", "opus"],
    ["webm", "vp8", "opus"],
  ])("allows %s with %s + %s", (container, videoCodec, audioCodec) => {
    expect(RenderSpecSchema.safeParse({ ...base, container, videoCodec, audioCodec }).success).toBe(
      true,
    );
  });
});

describe("helpers", () => {
  it("samples source frames at mid-frame", () => {
    expect(sourceSampleSeconds(0, 25)).toBeCloseTo(0.02, 12);
    expect(sourceSampleSeconds(24, 24)).toBeCloseTo(24.5 / 24, 12);
  });

  it("lists each media id once", () => {
    const spec = specOf(base.video, [
      { itemId: "t", mediaId: "m-t", startFrame: 0, sourceInFrame: 0, durationFrames: 5, gain: 1 },
    ]);
    expect(listSpecMediaIds(spec)).toEqual(["m-a", "m-t"]);
  });
});
