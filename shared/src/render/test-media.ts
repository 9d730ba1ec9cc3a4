/** Builders the render tests share; not part of the public API (not re-exported). */
import type { MediaAsset } from "../schema/media";
import type { RenderSpec, RenderVideoItem } from "./render-spec";

/** A media record `id` of `kind` (video 320×240 unless overridden). */
export function asset(
  id: string,
  kind: MediaAsset["kind"] = "video",
  overrides: Partial<MediaAsset> = {},
): MediaAsset {
  return {
    id,
    projectId: "p",
    kind,
    name: `${id}.${kind === "image" ? "png" : kind === "audio" ? "wav" : "mp4"}`,
    mime: kind === "image" ? "image/png" : kind === "audio" ? "audio/wav" : "video/mp4",
    bytes: 1000,
    durationFrames: kind === "image" ? null : 100,
    width: kind === "audio" ? null : 320,
    height: kind === "audio" ? null : 240,
    createdAt: "2025-01-01T00:00:00.000Z",
    source: "import",
    ...overrides,
  };
}

/** A video item of a spec; V2 look fields default to neutral. */
export function videoItem(
  itemId: string,
  track: "V1" | "V2",
  startFrame: number,
  durationFrames: number,
  overrides: Partial<RenderVideoItem> = {},
): RenderVideoItem {
  return {
    itemId,
    mediaId: `m-${itemId}`,
    kind: "video",
    track,
    startFrame,
    sourceInFrame: 0,
    durationFrames,
    opacity: 1,
    x: 0,
    y: 0,
    scale: 1,
    ...overrides,
  };
}

/** A 320×240 25 fps mp4 spec over these items, as long as the latest end. */
export function specOf(video: RenderVideoItem[], audio: RenderSpec["audio"] = []): RenderSpec {
  const ends = [...video, ...audio].map(i => i.startFrame + i.durationFrames);
  return {
    width: 320,
    height: 240,
    fps: 25,
    durationFrames: Math.max(1, ...ends),
    container: "mp4",
    videoCodec: "avc",
    audioCodec: "aac",
    quality: "high",
    video,
    audio,
  };
}
