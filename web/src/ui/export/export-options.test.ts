import { makeTimeline, makeTimelineItem, type MediaAsset } from "@milimo/shared/schema";
import { describe, expect, it } from "vitest";
import { exportMessageFor } from "./export-messages";
import {
  buildExportSpec,
  clampExportFrame,
  defaultExportOptions,
  describeExportWarnings,
  findSelectedClip,
  formatBytes,
  listResolutionPresets,
  resolveResolution,
  type ExportOptions,
} from "./export-options";

const project = { width: 768, height: 512, fps: 25 };
const media: MediaAsset[] = ["a", "b"].map(id => ({
  id,
  projectId: "p",
  kind: "video",
  name: `${id}.mp4`,
  mime: "video/mp4",
  bytes: 1,
  durationFrames: 100,
  width: 768,
  height: 512,
  createdAt: "2025-01-01T00:00:00.000Z",
  source: "import",
}));
const timeline = makeTimeline({
  items: [
    makeTimelineItem({ id: "one", mediaId: "a", sourceFrames: 100, trimIn: 10 }),
    makeTimelineItem({ id: "pending", sourceFrames: 20 }),
    makeTimelineItem({ id: "two", mediaId: "b", sourceFrames: 50, label: "Close-up" }),
    makeTimelineItem({ id: "sound", track: "A1", mediaId: "b", sourceFrames: 50 }),
  ],
});
const options = (patch: Partial<ExportOptions> = {}): ExportOptions => ({
  ...defaultExportOptions({ fps: 25, canPick: false }),
  ...patch,
});

describe("resolution presets", () => {
  it("offers the project size, half, double, 720p and 1080p at the project's aspect", () => {
    expect(listResolutionPresets(project).map(p => [p.key, p.width, p.height])).toEqual([
      ["project", 768, 512],
      ["half", 384, 256],
      ["double", 1536, 1024],
      ["720p", 1080, 720],
      ["1080p", 1620, 1080],
    ]);
  });

  it("keeps every size even and skips a preset equal to the project's height", () => {
    const presets = listResolutionPresets({ width: 1280, height: 720 });
    expect(presets.map(p => p.key)).not.toContain("720p");
    expect(presets.every(p => p.width % 2 === 0 && p.height % 2 === 0)).toBe(true);
    expect(resolveResolution({ width: 1280, height: 720 }, "1080p")).toEqual({
      width: 1920,
      height: 1080,
    });
    expect(resolveResolution(project, "nonsense")).toEqual({ width: 768, height: 512 });
  });
});

describe("defaultExportOptions", () => {
  it.each([
    [true, "pick"],
    [false, "download"],
  ] as const)("saves to a picked file only where the browser can (%s)", (canPick, save) => {
    expect(defaultExportOptions({ fps: 30, canPick })).toMatchObject({
      what: "timeline",
      where: "browser",
      fps: 30,
      save,
    });
  });
});

describe("findSelectedClip", () => {
  it.each([
    [["two"], "Close-up"],
    [["one"], "a.mp4"],
    [["one", "two"], null],
    [["pending"], null],
    [["sound"], null],
    [[], null],
  ])("selection %j -> %s", (selection, label) => {
    const clip = findSelectedClip({
      timeline,
      selection,
      labelOf: id => media.find(m => m.id === id)?.name,
    });
    expect(clip?.label ?? null).toBe(label);
  });
});

describe("buildExportSpec", () => {
  it("exports the whole timeline at the chosen size and rate", () => {
    const result = buildExportSpec({
      options: options({ resolution: "half", fps: 50 }),
      project,
      timeline,
      media,
      clip: null,
    });
    expect(
      result.ok && [
        result.value.width,
        result.value.height,
        result.value.fps,
        result.value.durationFrames,
      ],
    ).toEqual([384, 256, 50, 320]);
  });

  it("exports the selected clip alone, trimmed", () => {
    const clip = findSelectedClip({ timeline, selection: ["one"] });
    const result = buildExportSpec({
      options: options({ what: "clip" }),
      project,
      timeline,
      media,
      clip,
    });
    expect(
      result.ok && result.value.video.map(v => [v.mediaId, v.sourceInFrame, v.durationFrames]),
    ).toEqual([["a", 10, 90]]);
    expect(result.ok && result.value.audio).toEqual([]);
  });

  it("asks for a selection when exporting a clip with none", () => {
    const result = buildExportSpec({
      options: options({ what: "clip" }),
      project,
      timeline,
      media,
      clip: null,
    });
    expect(result).toMatchObject({ ok: false, error: { code: "INVALID_REQUEST" } });
  });

  it("renders on the server as H.264 mp4 whatever format was picked", () => {
    const result = buildExportSpec({
      options: options({ where: "server", container: "webm" }),
      project,
      timeline,
      media,
      clip: null,
    });
    expect(result.ok && [result.value.container, result.value.videoCodec]).toEqual(["mp4", "avc"]);
  });
});

describe("helpers", () => {
  it("warns about clips without media", () => {
    expect(describeExportWarnings(timeline, "timeline")).toEqual([
      "One clip has no media yet (a shot still generating?); it will be black in the film.",
    ]);
    expect(describeExportWarnings(timeline, "clip")).toEqual([]);
  });

  it.each([
    [-3, 0],
    [12.4, 12],
    [500, 159],
  ])("clamps frame %f into the film: %i", (frame, expected) => {
    const result = buildExportSpec({ options: options(), project, timeline, media, clip: null });
    if (!result.ok) throw new Error(result.error.message);
    expect(clampExportFrame(frame, result.value)).toBe(expected);
  });

  it.each([
    [10, "1 KB"],
    [812 * 1024, "812 KB"],
    [12.4 * 1024 * 1024, "12.4 MB"],
    [3 * 1024 ** 3, "3.00 GB"],
  ])("formats %i bytes as %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it("words export failures for exporting, and falls back to the studio's table", () => {
    expect(exportMessageFor("CODEC_UNSUPPORTED").title).toBe("This browser can't make this format");
    expect(exportMessageFor("SERVER_UNREACHABLE").title).toBe("The GPU server is unreachable");
    expect(exportMessageFor("SOMETHING_NEW").title).toBe("Something went wrong");
  });
});
