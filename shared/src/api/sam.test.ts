import { describe, expect, it } from "vitest";
import {
  formatSamEmbeddingHeaders,
  parseSamEmbeddingHeaders,
  SamEmbedJsonRequestSchema,
  SamGroundJsonRequestSchema,
  SamGroundResponseSchema,
} from "./sam";

describe("SAM embedding headers", () => {
  const meta = {
    shape: [1, 256, 64, 64],
    modelId: "sam-b",
    resizeScale: 1024 / 1920,
    imageWidth: 1920,
    imageHeight: 1080,
  };

  it("round-trips through header values", () => {
    const headers = new Map(
      Object.entries(formatSamEmbeddingHeaders(meta)).map(([k, v]) => [k.toLowerCase(), v]),
    );
    expect(headers.get("x-embedding-shape")).toBe("1,256,64,64");
    expect(headers.get("x-image-size")).toBe("1920,1080");
    const parsed = parseSamEmbeddingHeaders(name => headers.get(name.toLowerCase()) ?? null);
    expect(parsed.success && parsed.data).toEqual(meta);
  });

  it("fails when a header is missing", () => {
    const parsed = parseSamEmbeddingHeaders(name => (name === "X-Model-Id" ? null : "1"));
    expect(parsed.success).toBe(false);
  });
});

describe("SamEmbedJsonRequestSchema", () => {
  it.each([
    [{ uploadId: "u" }, { uploadId: "u", frame: 0 }],
    [
      { uploadId: "u", frame: 12 },
      { uploadId: "u", frame: 12 },
    ],
  ])("parses %j", (input, output) => {
    expect(SamEmbedJsonRequestSchema.parse(input)).toEqual(output);
  });

  it("rejects a negative frame", () => {
    expect(SamEmbedJsonRequestSchema.safeParse({ uploadId: "u", frame: -2 }).success).toBe(false);
  });
});

describe("SamGroundJsonRequestSchema", () => {
  it("trims the text and defaults the frame to 0", () => {
    expect(SamGroundJsonRequestSchema.parse({ uploadId: "u", text: "  the red car " })).toEqual({
      uploadId: "u",
      frame: 0,
      text: "the red car",
    });
  });

  it.each([
    ["missing text", { uploadId: "u" }, "text"],
    ["blank text", { uploadId: "u", text: "   " }, "text"],
    ["text over 200 characters", { uploadId: "u", text: "x".repeat(201) }, "text"],
    ["a fractional frame", { uploadId: "u", text: "red", frame: 1.5 }, "frame"],
  ])("rejects %s naming the field", (_label, input, field) => {
    const parsed = SamGroundJsonRequestSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual([field]);
  });
});

describe("SamGroundResponseSchema", () => {
  const answer = {
    boxes: [{ box: { x0: 40, y0: 60, x1: 120, y1: 120 }, score: 0.96, label: "red" }],
    modelId: "grounding-fixture",
    width: 320,
    height: 240,
  };

  it("accepts boxes in whole pixels with scores in 0..1", () => {
    expect(SamGroundResponseSchema.parse(answer)).toEqual(answer);
  });

  it.each([
    ["a score above 1", { score: 1.2 }],
    ["a fractional pixel", { box: { x0: 0.5, y0: 0, x1: 1, y1: 1 } }],
  ])("rejects %s", (_label, patch) => {
    const bad = { ...answer, boxes: [{ ...answer.boxes[0], ...patch }] };
    expect(SamGroundResponseSchema.safeParse(bad).success).toBe(false);
  });
});
