import { describe, expect, it } from "vitest";
import { SamPreprocessingSchema } from "@milimo/shared/api";
import { DomainError } from "../errors";
import { redBluePng } from "../test/media";
import { decodeFrameToRgb, parsePpm, preprocessForSam, resizeLongestSide } from "./sam-image";

describe("resizeLongestSide", () => {
  it.each([
    [1920, 1080, { width: 1024, height: 576 }],
    [1080, 1920, { width: 576, height: 1024 }],
    [640, 480, { width: 1024, height: 768 }],
    [100, 33, { width: 1024, height: 338 }], // 337.92 rounds half up
    [1024, 1024, { width: 1024, height: 1024 }],
  ])("%i×%i -> %j", (w, h, expected) => {
    expect(resizeLongestSide(w, h, 1024)).toMatchObject(expected);
  });
});

describe("parsePpm", () => {
  it("reads a binary PPM", () => {
    const ppm = new Uint8Array([...new TextEncoder().encode("P6\n2 1\n255\n"), 1, 2, 3, 4, 5, 6]);
    expect(parsePpm(ppm)).toEqual({
      width: 2,
      height: 1,
      data: new Uint8Array([1, 2, 3, 4, 5, 6]),
    });
  });

  it.each([
    ["another format", "P3\n1 1\n255\n"],
    ["truncated data", "P6\n4 4\n255\nabc"],
  ])("throws on %s", (_label, text) => {
    expect(() => parsePpm(new TextEncoder().encode(text))).toThrow();
  });
});

describe("preprocessForSam", () => {
  const pre = SamPreprocessingSchema.parse({});

  it("normalises by mean/std, resizes to the longest side and pads with zeros", () => {
    const image = { width: 2, height: 1, data: new Uint8Array([255, 0, 0, 0, 0, 255]) };
    const { data, scale, dims } = preprocessForSam(image, pre);
    expect(dims).toEqual([1, 3, 1024, 1024]);
    expect(scale).toBe(512);
    const plane = 1024 * 1024;
    expect(data[0]).toBeCloseTo((255 - 123.675) / 58.395, 4); // red at the left edge
    expect(data[2 * plane + 1023]).toBeCloseTo((255 - 103.53) / 57.375, 4); // blue at the right edge
    expect(data[512 * 1024]).toBe(0); // below the 1024×512 picture: padding
  });
});

describe("decodeFrameToRgb", () => {
  it("decodes PNG bytes through ffmpeg", async () => {
    const image = await decodeFrameToRgb({ input: { bytes: redBluePng(4, 2) } });
    expect([image.width, image.height]).toEqual([4, 2]);
    expect([...image.data.subarray(0, 3)]).toEqual([220, 30, 30]);
    expect([...image.data.subarray(9, 12)]).toEqual([30, 30, 220]);
  });

  it("says FFMPEG_FAILED when ffmpeg is not installed", async () => {
    const error: unknown = await decodeFrameToRgb({
      input: { bytes: redBluePng(4, 2) },
      ffmpegPath: "/nonexistent/ffmpeg",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: "FFMPEG_FAILED" });
    expect((error as DomainError).message).toMatch(/not installed/);
  });
});
