import { describe, expect, it } from "vitest";
import { JOB_KINDS } from "../schema/job";
import {
  InpaintMasksFileSchema,
  InpaintParamsSchema,
  JobParamsSchemas,
  RleMaskSchema,
  SamEmbedParamsSchema,
  TrackParamsSchema,
} from "./job-params";

const firstIssue = (result: {
  success: boolean;
  error?: { issues: Array<{ path: PropertyKey[]; message: string }> };
}) => {
  const issue = result.error?.issues[0];
  return issue ? `${issue.path.join(".")}: ${issue.message}` : undefined;
};

describe("JobParamsSchemas", () => {
  it("has a schema for every job kind", () => {
    expect(Object.keys(JobParamsSchemas).sort()).toEqual([...JOB_KINDS].sort());
  });
});

describe("sam-embed params", () => {
  it("defaults the frame to 0", () => {
    expect(SamEmbedParamsSchema.parse({ uploadId: "abc" })).toEqual({ uploadId: "abc", frame: 0 });
  });

  it.each([
    [{}, "uploadId"],
    [{ uploadId: "" }, "uploadId"],
    [{ uploadId: "a", frame: -1 }, "frame"],
    [{ uploadId: "a", frame: 1.5 }, "frame"],
  ])("rejects %j at %s", (params, field) => {
    expect(firstIssue(SamEmbedParamsSchema.safeParse(params))).toMatch(new RegExp(`^${field}:`));
  });
});

describe("inpaint params", () => {
  const base = { prompt: "a red door", seed: 7, imageUploadId: "img", maskUploadId: "mask" };

  it("applies FEATURES §8 defaults: 25 steps, guidance 2, strength 0.85", () => {
    expect(InpaintParamsSchema.parse(base)).toMatchObject({
      steps: 25,
      guidance: 2,
      strength: 0.85,
      frame: 0,
    });
  });

  it.each([
    [{ ...base, prompt: "  " }, "prompt: Prompt is required"],
    [{ ...base, strength: 1.5 }, "strength:"],
    [{ ...base, maskUploadId: undefined }, "maskUploadId: A mask is required"],
    [{ ...base, masksUploadId: "masks" }, 'masksUploadId: Per-frame masks need target "clip"'],
    [{ ...base, target: "scene" }, "target: Target must be frame or clip"],
    [
      { ...base, target: "clip", maskUploadId: undefined },
      "masksUploadId: Give the clip's masks as masksUploadId (per frame) or maskUploadId",
    ],
    [
      { ...base, target: "clip", masksUploadId: "masks" },
      "masksUploadId: Give the clip's masks as masksUploadId (per frame) or maskUploadId",
    ],
  ])("rejects %j", (params, message) => {
    expect(firstIssue(InpaintParamsSchema.safeParse(params))).toContain(message);
  });

  it.each([
    ["a frame with its mask (target defaults to frame)", base, "frame"],
    [
      "a clip with per-frame masks",
      { ...base, target: "clip", maskUploadId: undefined, masksUploadId: "m" },
      "clip",
    ],
    ["a clip with one mask for every frame", { ...base, target: "clip" }, "clip"],
  ])("accepts %s", (_label, params, target) => {
    expect(InpaintParamsSchema.parse(params).target).toBe(target);
  });
});

describe("inpaint masks file", () => {
  const mask = { width: 2, height: 1, counts: [1, 1] };

  it("accepts a track job's masks.json as-is, keeping only frame and mask", () => {
    const manifest = {
      version: 1,
      seedFrame: 0,
      frames: [{ frame: 0, mask, score: 1, box: { x0: 1, y0: 0, x1: 2, y1: 1 } }],
    };
    expect(InpaintMasksFileSchema.parse(manifest)).toEqual({ frames: [{ frame: 0, mask }] });
  });

  it.each([
    [{}, "frames:"],
    [{ frames: [{ frame: -1, mask }] }, "frames.0.frame: Frame can't be negative"],
    [{ frames: [{ frame: 0, mask: { ...mask, counts: [1] } }] }, "frames.0.mask.counts: Mask runs"],
  ])("rejects %j", (file, message) => {
    expect(firstIssue(InpaintMasksFileSchema.safeParse(file))).toContain(message);
  });
});

describe("track params", () => {
  const rle = { width: 2, height: 2, counts: [1, 2, 1] };

  it("takes the mask as an upload or inline RLE, direction both by default", () => {
    expect(TrackParamsSchema.parse({ uploadId: "v", frame: 3, maskUploadId: "m" }).direction).toBe(
      "both",
    );
    expect(
      TrackParamsSchema.parse({ uploadId: "v", frame: 3, maskRle: rle, direction: "backward" }),
    ).toMatchObject({
      maskRle: rle,
      direction: "backward",
    });
  });

  it.each([
    [{ uploadId: "v", frame: 0 }, "maskUploadId: Give the mask"],
    [{ uploadId: "v", frame: 0, maskUploadId: "m", maskRle: rle }, "maskUploadId: Give the mask"],
    [
      { uploadId: "v", frame: 0, maskUploadId: "m", direction: "sideways" },
      "direction: Direction must be",
    ],
    [
      { uploadId: "v", frame: 9, maskUploadId: "m", range: { start: 2, end: 8 } },
      "frame: Frame must lie inside the range",
    ],
    [
      { uploadId: "v", frame: 1, maskUploadId: "m", range: { start: 2, end: 8 } },
      "frame: Frame must lie inside the range",
    ],
    [
      { uploadId: "v", frame: 5, maskUploadId: "m", range: { start: 6, end: 4 } },
      "range.end: Range end must not be before its start",
    ],
    [
      { uploadId: "v", frame: 5, maskUploadId: "m", range: { start: -1, end: 6 } },
      "range.start: Frame can't be negative",
    ],
  ])("rejects %j", (params, message) => {
    expect(firstIssue(TrackParamsSchema.safeParse(params))).toContain(message);
  });

  it.each([
    [{ start: 5, end: 5 }, 5],
    [{ start: 2, end: 8 }, 2],
    [{ start: 2, end: 8 }, 8],
  ])("accepts range %j around frame %i", (range, frame) => {
    expect(
      TrackParamsSchema.parse({ uploadId: "v", frame, maskUploadId: "m", range }).range,
    ).toEqual(range);
  });

  it("requires RLE runs to cover the whole mask", () => {
    expect(firstIssue(RleMaskSchema.safeParse({ width: 2, height: 2, counts: [1, 2] }))).toBe(
      "counts: Mask runs must cover width × height pixels",
    );
  });
});
