import { describe, expect, it } from "vitest";
import { grabLastFrame } from "./grab-last-frame";

describe("grabLastFrame", () => {
  it("gives up with CODEC_UNSUPPORTED instead of waiting forever on a video it can't decode", async () => {
    const notAVideo = new Blob(["not a video"], { type: "video/mp4" });
    await expect(grabLastFrame(notAVideo, { fps: 25, timeoutMs: 30 })).rejects.toMatchObject({
      code: "CODEC_UNSUPPORTED",
    });
  });
});
