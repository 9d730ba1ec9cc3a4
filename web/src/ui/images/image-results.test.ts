import { describe, expect, it } from "vitest";
import type { MediaAsset } from "@milimo/shared/schema";
import { listGeneratedImages } from "./image-results";

const asset = (id: string, patch: Partial<MediaAsset>): MediaAsset => ({
  id,
  projectId: "p",
  kind: "image",
  name: `${id}.png`,
  mime: "image/png",
  bytes: 10,
  durationFrames: null,
  width: 64,
  height: 64,
  createdAt: "2026-11-25T10:00:00.000Z",
  source: "generated",
  ...patch,
});

describe("listGeneratedImages", () => {
  it("lists generated stills newest first, leaving out imports, videos and saved masks", () => {
    const media = [
      asset("old", { createdAt: "2026-11-25T09:00:00.000Z" }),
      asset("new", { createdAt: "2026-11-25T11:00:00.000Z" }),
      asset("imported", { source: "import" }),
      asset("clip", { kind: "video", mime: "video/mp4", durationFrames: 25 }),
      asset("mask", { purpose: "mask" }),
    ];
    expect(listGeneratedImages(media).map(m => m.id)).toEqual(["new", "old"]);
  });
});
