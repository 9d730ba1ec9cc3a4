/**
 * The open project's media as the timeline and player need it: the record behind a media id
 * (kind, length, name) and the object URLs the project slice keeps for its blob and thumbnail.
 */
import type { MediaAsset } from "@milimo/shared/schema";
import type { StudioState } from "../store/create-studio-store";

export type MediaUrlRole = "media" | "thumbnail";

/** The media record with this id in the open project, or null. */
export function selectMedia(state: StudioState, mediaId: string): MediaAsset | null {
  return state.project.media.byId[mediaId] ?? null;
}

/** Object URL of a media file or its thumbnail, or null while it isn't loaded (reactive). */
export function selectMediaUrl(
  state: StudioState,
  mediaId: string,
  role: MediaUrlRole,
): string | null {
  return state.project.urls[mediaId]?.[role] ?? null;
}

/**
 * The bytes of a media file for the audio decoder (Web Audio); null when it isn't available or is
 * a still image (no sound to look for). A video without a sound track still returns its bytes:
 * only decoding can tell, and it fails once.
 */
export async function readMediaBytes(
  state: StudioState,
  mediaId: string,
): Promise<ArrayBuffer | null> {
  if (selectMedia(state, mediaId)?.kind === "image") return null;
  const url = selectMediaUrl(state, mediaId, "media");
  if (!url) return null;
  const response = await fetch(url);
  return response.ok ? response.arrayBuffer() : null;
}
