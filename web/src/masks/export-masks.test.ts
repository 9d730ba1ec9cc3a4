import { describe, expect, it, vi } from "vitest";
import type { Mask } from "@milimo/shared/sam";
import type { TrackedObject } from "@milimo/shared/schema";
import { readZip, readZipEntryBytes } from "../db/zip";
import { exportMasksZip, masksZipName, type MasksManifest } from "./export-masks";
import { encodeMaskPng } from "./mask-png";
import { decodeGreyPng } from "./test-decode-png";

/** A width×height mask with the pixels at `on` (row-major indexes) set to `value` (default 255). */
function maskOf({
  width = 5,
  height = 3,
  on,
  value = 255,
}: {
  width?: number;
  height?: number;
  on: number[];
  value?: number;
}): Mask {
  const data = new Uint8Array(width * height);
  for (const i of on) data[i] = value;
  return { data, width, height };
}

function objectOf(name: string, color: number, keyframes: number[]): TrackedObject {
  return {
    id: `row-${name}`,
    mediaId: "m1",
    frameCount: 0,
    createdAt: "2025-01-01T00:00:00.000Z",
    name,
    color,
    keyframes,
  };
}

async function unzip(blob: Blob) {
  const entries = await readZip(blob);
  const byName = new Map(entries.map(e => [e.name, e]));
  const manifestEntry = byName.get("manifest.json");
  const manifest = JSON.parse(
    new TextDecoder().decode(await readZipEntryBytes(manifestEntry!)),
  ) as MasksManifest;
  const png = async (name: string) => {
    const entry = byName.get(name);
    if (!entry) throw new Error(`missing ${name}`);
    return decodeGreyPng(await readZipEntryBytes(entry));
  };
  return { names: entries.map(e => e.name), manifest, png };
}

describe("encodeMaskPng", () => {
  it.each([
    ["a small mask", 5, 3],
    ["a one-pixel mask", 1, 1],
  ])("writes %s as greyscale that decodes to the same 0/255 pixels", async (_n, width, height) => {
    const mask = maskOf({ width, height, on: [0, width * height - 1, Math.floor(width / 2)] });
    const back = await decodeGreyPng(await encodeMaskPng(mask));
    expect(back.width).toBe(width);
    expect(back.height).toBe(height);
    expect(back.data).toEqual(mask.data);
  });

  it("stays a valid PNG without CompressionStream (stored blocks, more than one)", async () => {
    vi.stubGlobal("CompressionStream", undefined);
    try {
      const mask = maskOf({ width: 70_000, height: 1, on: [0, 69_999] });
      const bytes = await encodeMaskPng(mask);
      expect(bytes.length).toBeGreaterThan(70_000);
      expect((await decodeGreyPng(bytes)).data).toEqual(mask.data);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("writes any non-zero (e.g. feathered) pixel as 255", async () => {
    const back = await decodeGreyPng(await encodeMaskPng(maskOf({ on: [2, 7], value: 40 })));
    expect(Array.from(back.data).filter(v => v !== 0)).toEqual([255, 255]);
    expect(back.data[2]).toBe(255);
  });
});

describe("exportMasksZip", () => {
  it("writes a PNG per frame and object plus a manifest listing each object", async () => {
    const car = objectOf("Red car", 0, [2, 9]);
    const dog = objectOf("Dog", 3, [4]);
    const carMasks = new Map([
      [9, maskOf({ on: [1] })],
      [2, maskOf({ on: [0, 14] })],
    ]);
    const dogMasks = new Map([[4, maskOf({ on: [5, 6, 7] })]]);
    const zip = await exportMasksZip({
      clip: "Night Train.mp4",
      fps: 25,
      width: 5,
      height: 3,
      objects: [
        { object: car, masks: carMasks },
        { object: dog, masks: dogMasks },
      ],
    });
    const { names, manifest, png } = await unzip(zip);
    expect(names).toEqual(["manifest.json", "Red-car/2.png", "Red-car/9.png", "Dog/4.png"]);
    expect(manifest).toEqual({
      clip: "Night Train.mp4",
      fps: 25,
      width: 5,
      height: 3,
      objects: [
        {
          name: "Red car",
          folder: "Red-car",
          color: 0,
          rgba: [255, 59, 48, 102],
          keyframes: [2, 9],
          frames: [2, 9],
        },
        {
          name: "Dog",
          folder: "Dog",
          color: 3,
          rgba: [255, 214, 10, 102],
          keyframes: [4],
          frames: [4],
        },
      ],
    });
    expect((await png("Red-car/2.png")).data).toEqual(carMasks.get(2)!.data);
    expect((await png("Red-car/9.png")).data).toEqual(carMasks.get(9)!.data);
    expect((await png("Dog/4.png")).data).toEqual(dogMasks.get(4)!.data);
  });

  it("keeps objects with the same or an unsafe name in separate folders", async () => {
    const masks = new Map([[0, maskOf({ on: [0] })]]);
    const zip = await exportMasksZip({
      clip: "c",
      fps: 24,
      width: 5,
      height: 3,
      objects: [
        { object: objectOf("Car", 0, [0]), masks },
        { object: objectOf("Car", 1, [0]), masks },
        { object: objectOf("../..", 2, [0]), masks },
      ],
    });
    const { names, manifest } = await unzip(zip);
    expect(manifest.objects.map(o => o.folder)).toEqual(["Car", "Car-2", "object"]);
    expect(names).toEqual(["manifest.json", "Car/0.png", "Car-2/0.png", "object/0.png"]);
  });

  it("exports a manifest alone when the clip has no tracked objects", async () => {
    const { names, manifest } = await unzip(
      await exportMasksZip({ clip: "c", fps: 25, width: 5, height: 3, objects: [] }),
    );
    expect(names).toEqual(["manifest.json"]);
    expect(manifest.objects).toEqual([]);
  });

  it.each([
    ["Night Train.mp4", "Night-Train-masks.zip"],
    ["  ", "clip-masks.zip"],
    ["a/b:c.webm", "abc-masks.zip"],
  ])("names the export of %j %s", (name, expected) => {
    expect(masksZipName(name)).toBe(expected);
  });
});
