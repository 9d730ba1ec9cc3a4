import { describe, expect, it } from "vitest";
import { GenerateImageParamsSchema, GenerateVideoParamsSchema } from "./generate";

const base = { prompt: "a red barn", seed: 1 };

const issues = (result: {
  success: boolean;
  error?: { issues: Array<{ path: PropertyKey[]; message: string }> };
}) => result.error?.issues.map(i => `${i.path.join(".")}: ${i.message}`) ?? [];

describe("generate-image params", () => {
  it("accepts reference images at frame 0 and defaults their strength to 1", () => {
    const parsed = GenerateImageParamsSchema.parse({
      ...base,
      conditioning: [{ uploadId: "ref", frame: 0 }],
    });
    expect(parsed.conditioning).toEqual([{ uploadId: "ref", frame: 0, strength: 1 }]);
  });

  it("still accepts no conditioning at all", () => {
    expect(GenerateImageParamsSchema.parse(base).conditioning).toBeUndefined();
  });

  it("rejects a reference at any other frame, naming the field", () => {
    const result = GenerateImageParamsSchema.safeParse({
      ...base,
      conditioning: [
        { uploadId: "a", frame: 0 },
        { uploadId: "b", frame: 3 },
      ],
    });
    expect(issues(result)).toEqual([
      "conditioning.1.frame: A still image is conditioned at frame 0 only",
    ]);
  });

  it("rejects more than 16 references", () => {
    const conditioning = Array.from({ length: 17 }, (_, i) => ({ uploadId: `r${i}`, frame: 0 }));
    const result = GenerateImageParamsSchema.safeParse({ ...base, conditioning });
    expect(issues(result)[0]).toMatch(/^conditioning:/);
  });
});

describe("generate-video params", () => {
  it("keeps conditioning at any frame (keyframes)", () => {
    const parsed = GenerateVideoParamsSchema.parse({
      ...base,
      conditioning: [
        { uploadId: "a", frame: 0 },
        { uploadId: "b", frame: 3, strength: 0.5 },
      ],
    });
    expect(parsed.conditioning).toEqual([
      { uploadId: "a", frame: 0, strength: 1 },
      { uploadId: "b", frame: 3, strength: 0.5 },
    ]);
  });

  it("keeps its own defaults", () => {
    expect(GenerateVideoParamsSchema.parse(base)).toMatchObject({
      width: 768,
      height: 512,
      steps: 40,
      guidance: 3,
      numFrames: 121,
      fps: 25,
    });
    expect(GenerateImageParamsSchema.parse(base)).toMatchObject({
      width: 512,
      height: 320,
      steps: 25,
      guidance: 2,
    });
  });
});
