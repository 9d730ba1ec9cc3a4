import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeFrames } from "./ffmpeg";
import { computeCrc32, encodePng, writePng } from "./png";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "milimo-png-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("computeCrc32", () => {
  it.each([
    ["IEND", 0xae426082],
    ["123456789", 0xcbf43926],
  ])("matches the reference CRC of %j", (text, expected) => {
    expect(computeCrc32(new TextEncoder().encode(text))).toBe(expected);
  });
});

describe("encodePng", () => {
  it("writes a PNG that decodes to the same pixels", async () => {
    const width = 5;
    const height = 3;
    const rgb = Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 37) % 256);
    const path = join(dir, "pixels.png");
    const bytes = await writePng({ path, rgb, width, height });
    expect(bytes).toBeGreaterThan(50);
    const [decoded] = await decodeFrames({ path, width, height });
    expect(decoded).toEqual(rgb);
  });

  it("rejects a buffer of the wrong size", () => {
    expect(() => encodePng({ rgb: new Uint8Array(10), width: 2, height: 2 })).toThrow(RangeError);
  });
});
