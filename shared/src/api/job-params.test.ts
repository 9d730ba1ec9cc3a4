import { describe, expect, it } from "vitest";
import { JOB_KINDS } from "../schema/job";
import {
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
    [{ ...base, maskUploadId: undefined }, "maskUploadId:"],
  ])("rejects %j", (params, message) => {
    expect(firstIssue(InpaintParamsSchema.safeParse(params))).toContain(message);
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
  ])("rejects %j", (params, message) => {
    expect(firstIssue(TrackParamsSchema.safeParse(params))).toContain(message);
  });

  it("requires RLE runs to cover the whole mask", () => {
    expect(firstIssue(RleMaskSchema.safeParse({ width: 2, height: 2, counts: [1, 2] }))).toBe(
      "counts: Mask runs must cover width × height pixels",
    );
  });
});
