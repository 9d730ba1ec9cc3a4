/**
 * What the Images view lists as results: generated pictures, newest first. Masks saved from masking
 * mode are generated library images too, but not pictures anyone asked for.
 */
import type { MediaAsset } from "@milimo/shared/schema";

/** Generated still images that are not masks, newest first. */
export function listGeneratedImages<T extends MediaAsset>(media: readonly T[]): T[] {
  return media
    .filter(m => m.kind === "image" && m.source === "generated" && m.purpose !== "mask")
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
