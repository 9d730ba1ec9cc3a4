import { describe, expect, it } from "vitest";
import { MediaAssetSchema, MediaKind, MediaSource, type MediaAsset } from "./media";

const VIDEO: MediaAsset = {
  id: "m1",
  projectId: "p1",
  kind: MediaKind.video,
  name: "take1.mp4",
  mime: "video/mp4",
  bytes: 1_048_576,
  durationFrames: 121,
  width: 768,
  height: 512,
  createdAt: "2025-03-01T10:00:00.000Z",
  source: MediaSource.generated,
};

describe("MediaAssetSchema", () => {
  it.each([
    [{}, undefined],
    [{ kind: "image", durationFrames: null }, undefined],
    [{ kind: "audio", width: null, height: null }, undefined],
    [{ sha256: "a".repeat(64) }, undefined],
    [{ sha256: "A".repeat(64) }, "Checksum must be 64 lowercase hex characters"],
    [{ kind: "pdf" }, "Media kind must be image, video or audio"],
    [{ source: "upload" }, "Media source must be import or generated"],
    [{ mime: "mp4" }, "File type must be a MIME type, e.g. video/mp4"],
    [{ bytes: -1 }, "File size must be at least 0 bytes"],
    [{ durationFrames: 0 }, "Duration must be at least 1 frame"],
    [{ width: 0 }, "Width must be at least 1 pixel"],
  ])("%j -> %s", (patch, message) => {
    const result = MediaAssetSchema.safeParse({ ...VIDEO, ...patch });
    expect(result.success ? undefined : result.error.issues[0]?.message).toBe(message);
  });

  it("requires durationFrames to be stated (null for stills), not silently missing", () => {
    const { durationFrames: _d, ...rest } = VIDEO;
    expect(MediaAssetSchema.safeParse(rest).success).toBe(false);
  });
});
