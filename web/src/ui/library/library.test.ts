import { describe, expect, it } from "vitest";
import { mediaKindOf, mimeOf } from "./media-kind";
import { countClipsByMedia, usageWarning } from "./MediaLibrary";
import { computePeaks, thumbnailSize } from "./probe-media";
import { groupPeaks } from "./Waveform";

describe("media kinds", () => {
  it.each([
    [{ type: "image/png", name: "a.png" }, "image"],
    [{ type: "video/webm", name: "a.webm" }, "video"],
    [{ type: "audio/x-wav", name: "a.wav" }, "audio"],
    [{ type: "", name: "Take 3.MOV" }, "video"],
    [{ type: "application/octet-stream", name: "tone.flac" }, "audio"],
    [{ type: "text/plain", name: "notes.txt" }, null],
    [{ type: "application/pdf", name: "script.png" }, null],
    [{ type: "", name: "README" }, null],
  ])("%o -> %s", (file, kind) => {
    expect(mediaKindOf(file)).toBe(kind);
  });

  it("guesses a MIME type from the extension only when the browser gave none", () => {
    expect(mimeOf({ type: "", name: "clip.webm" })).toBe("video/webm");
    expect(mimeOf({ type: "video/quicktime", name: "clip.webm" })).toBe("video/quicktime");
    expect(mimeOf({ type: "", name: "blob" })).toBe("application/octet-stream");
  });
});

describe("waveform peaks", () => {
  it("takes the loudest sample per column across channels and normalises to 1", () => {
    const left = new Float32Array([0.1, -0.2, 0.05, 0.05]);
    const right = new Float32Array([0, 0, -0.4, 0.1]);
    expect(computePeaks([left, right], 2)).toEqual([0.5, 1]);
  });

  it("keeps silence at zero instead of dividing by it", () => {
    expect(computePeaks([new Float32Array(8)], 4)).toEqual([0, 0, 0, 0]);
  });

  it("groups peaks into bars by their maximum", () => {
    expect(groupPeaks([0.1, 0.9, 0.2, 0.3, 0.4, 0.5], 3)).toEqual([0.9, 0.3, 0.5]);
    expect(groupPeaks([0.2, 0.4], 48)).toEqual([0.2, 0.4]);
  });
});

describe("library texts", () => {
  it.each([
    [{ clips: 1, shots: 0 }, "1 clip on the timeline uses this file and will be removed."],
    [{ clips: 3, shots: 0 }, "3 clips on the timeline use this file and will be removed."],
    [
      { clips: 2, shots: 1 },
      "2 clips on the timeline use this file and will be removed. 1 shot refers to it and will lose it.",
    ],
  ])("%o -> %s", (usage, text) => {
    expect(usageWarning(usage)).toBe(text);
  });

  it("counts the clips using each file (the card's “used by” badge); shot placeholders count for none", () => {
    const counts = countClipsByMedia([
      { mediaId: "a" },
      { mediaId: "b" },
      { mediaId: null },
      { mediaId: "a" },
    ]);
    expect(Object.fromEntries(counts)).toEqual({ a: 2, b: 1 });
  });

  it.each([
    [1920, 1080, { width: 320, height: 180 }],
    [240, 320, { width: 240, height: 320 }],
    [100, 50, { width: 100, height: 50 }],
  ])("thumbnail of %d×%d fits 320 px", (w, h, size) => {
    expect(thumbnailSize(w, h)).toEqual(size);
  });
});
