/**
 * Shapes of the rows IndexedDB holds at the current schema version. Domain records are the shared
 * schema types as they are; only what the studio adds around them (blob rows, waveform peaks, the
 * per-project timeline row) is declared here.
 */
import type {
  Element,
  MediaAsset,
  Project,
  Scene,
  Shot,
  StoredMaskRle,
  Timeline,
} from "@milimo/shared/schema";

export type ProjectRecord = Project;
export type SceneRecord = Scene;
export type ShotRecord = Shot;
export type ElementRecord = Element;

/** One timeline per project (since 0002_timeline_per_project). */
export type TimelineRecord = Timeline & { projectId: string };

/** Media metadata plus what the library derives on import. */
export type MediaRecord = MediaAsset & {
  /** Audio peaks 0..1, one per waveform column (audio and video with sound), or absent. */
  peaks?: number[];
  /** Whether a thumbnail blob exists under `thumbnailKey(id)`. */
  hasThumbnail?: boolean;
};

/** What a blob row holds: the file itself or its thumbnail. */
export const BlobRole = { media: "media", thumbnail: "thumbnail" } as const;
export type BlobRole = (typeof BlobRole)[keyof typeof BlobRole];

/** A Blob value; `key` is `mediaKey(id)` or `thumbnailKey(id)`. */
export type BlobRecord = {
  key: string;
  projectId: string;
  mediaId: string;
  role: BlobRole;
  blob: Blob;
};

/**
 * A tracked object's masks, one per source frame of `mediaId` (since 0004_tracked_masks); a clip's
 * `trackedObjects[n].id` points here (since 0005_tracked_objects).
 */
export type TrackedMasksRecord = {
  id: string;
  projectId: string;
  mediaId: string;
  frames: { frame: number; rle: StoredMaskRle }[];
};

/** A user preference or studio-wide value, e.g. the server URL. */
export type SettingRecord = { key: string; value: unknown };

/** Blob key of a media file. */
export function mediaBlobKey(mediaId: string): string {
  return `media:${mediaId}`;
}

/** Blob key of a media file's thumbnail. */
export function thumbnailBlobKey(mediaId: string): string {
  return `thumbnail:${mediaId}`;
}

/** Everything one project consists of, as stored (and as a project file carries it, plus blobs). */
export type ProjectDocument = {
  project: ProjectRecord;
  scenes: SceneRecord[];
  shots: ShotRecord[];
  elements: ElementRecord[];
  timeline: Timeline;
  media: MediaRecord[];
};
