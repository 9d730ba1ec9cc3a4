import { describe, expect, it } from "vitest";
import {
  formatSamEmbeddingHeaders,
  parseSamEmbeddingHeaders,
  SamEmbedJsonRequestSchema,
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
