/**
 * "Export masks" (FEATURES §8): one ZIP with a greyscale PNG (0/255) per frame and tracked object,
 * `<object>/<frame>.png`, and `manifest.json` describing the clip and each object (name, colour,
 * keyframes, the frames it has a mask on, its folder). Written with the project file's ZIP writer,
 * so every unzip tool reads it.
 */
import { trackColor, type Mask } from "@milimo/shared/sam";
import type { TrackedObject } from "@milimo/shared/schema";
import { writeZip, type ZipInput } from "../db/zip";
import { encodeMaskPng } from "./mask-png";

/** The manifest's shape. */
export interface MasksManifest {
  clip: string;
  fps: number;
  width: number;
  height: number;
  objects: {
    name: string;
    /** Folder of the object's PNGs inside the ZIP. */
    folder: string;
    /** Colour index 0–7 and its RGBA (40 % alpha) as the studio draws it. */
    color: number;
    rgba: readonly number[];
    keyframes: number[];
    frames: number[];
  }[];
}

/** A file-system-safe folder name for an object, unique among `taken` (which it joins). */
function folderFor(name: string, taken: Set<string>): string {
  const base =
    name
      .trim()
      .replace(/[^\p{L}\p{N}._ -]+/gu, "")
      .replace(/\s+/g, "-")
      .replace(/^\.+/, "")
      .slice(0, 60) || "object";
  let folder = base;
  for (let n = 2; taken.has(folder); n++) folder = `${base}-${n}`;
  taken.add(folder);
  return folder;
}

/** A file name for a clip's mask export: "Night Train.mp4" -> "Night-Train-masks.zip". */
export function masksZipName(clipName: string): string {
  const base = clipName
    .replace(/\.[^.]+$/, "")
    .trim()
    .replace(/[^\p{L}\p{N}._ -]+/gu, "")
    .replace(/\s+/g, "-")
    .slice(0, 80);
  return `${base || "clip"}-masks.zip`;
}

/**
 * Builds the export for clip `clip` (its name) at `fps`, `width`×`height` pixels: each object's
 * masks (by source frame) as PNGs in frame order, plus the manifest.
 */
export async function exportMasksZip({
  clip,
  fps,
  width,
  height,
  objects,
}: {
  clip: string;
  fps: number;
  width: number;
  height: number;
  objects: readonly { object: TrackedObject; masks: ReadonlyMap<number, Mask> }[];
}): Promise<Blob> {
  const taken = new Set<string>();
  const entries: ZipInput[] = [];
  const manifest: MasksManifest = { clip, fps, width, height, objects: [] };
  for (const { object, masks } of objects) {
    const folder = folderFor(object.name, taken);
    const frames = [...masks.keys()].sort((a, b) => a - b);
    for (const frame of frames) {
      const mask = masks.get(frame);
      if (mask) entries.push({ name: `${folder}/${frame}.png`, data: await encodeMaskPng(mask) });
    }
    manifest.objects.push({
      name: object.name,
      folder,
      color: object.color,
      rgba: [...trackColor(object.color)],
      keyframes: [...object.keyframes],
      frames,
    });
  }
  entries.unshift({
    name: "manifest.json",
    data: new TextEncoder().encode(JSON.stringify(manifest, null, 2)),
  });
  const zip = await writeZip(entries);
  return new Blob([zip], { type: "application/zip" });
}
