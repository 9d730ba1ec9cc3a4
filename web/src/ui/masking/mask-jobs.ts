/**
 * The server side of masks: an `inpaint` job on one frame (the frame, its mask PNG and a prompt) or
 * on the whole clip (the clip and per-frame masks as JSON, or one PNG for every frame), a `track`
 * job (the clip and the frame's mask as run lengths, optionally kept inside a frame range), and
 * reading a finished track job's `masks.json` back into one mask per frame. Uploads are content-addressed on the server (sha256),
 * so sending the same clip twice costs one transfer check, not a second copy.
 */
import type { TrackDirection } from "@milimo/shared/api";
import { isJobFinished, type Job } from "@milimo/shared/schema";
import {
  decodeMaskRle,
  encodeMaskRle,
  type FrameRange,
  type Mask,
  type MaskRle,
} from "@milimo/shared/sam";
import type { JobsApi } from "../../jobs/job-actions";

/** Name of the track job's artifact (gpu-server/src/pipelines/track.ts). */
export const TRACK_MASKS_ARTIFACT = "masks.json";

export interface MaskJobs {
  inpaint(request: {
    mediaId: string;
    frame: number;
    png: Blob;
    prompt: string;
    seed: number;
  }): Promise<Job>;
  /**
   * Repaints every frame of a video clip where its mask is on: `masks` per source frame (frames
   * without one are kept), or one `png` for every frame. Artifacts video.mp4 + poster.png.
   */
  inpaintClip(request: {
    mediaId: string;
    prompt: string;
    seed: number;
    masks: { frames: ReadonlyMap<number, Mask> } | { png: Blob };
  }): Promise<Job>;
  /** Propagates the mask from `frame`; `range` (source frames, inclusive) bounds it when given. */
  track(request: {
    mediaId: string;
    frame: number;
    rle: MaskRle;
    direction: TrackDirection;
    range?: FrameRange;
  }): Promise<Job>;
  /** Polls until the job finishes; `intervalMs` default 500. */
  waitForJob(jobId: string, options?: { intervalMs?: number; signal?: AbortSignal }): Promise<Job>;
  /** A completed track job's masks by frame. */
  readTrackedMasks(jobId: string): Promise<Map<number, Mask>>;
}

/** The JSON of a track job's masks.json (fields the studio reads). */
export interface TrackedMasksJson {
  frames: { frame: number; mask: { width: number; height: number; counts: number[] } }[];
}

/** Mask jobs over the studio's jobs api; `mediaBlob` reads a local media file. */
export function makeMaskJobs({
  api,
  mediaBlob,
}: {
  api: Pick<JobsApi, "upload" | "createJob" | "getJob" | "fetchArtifact">;
  mediaBlob: (mediaId: string) => Promise<Blob | undefined>;
}): MaskJobs {
  const uploadMedia = async (mediaId: string) => {
    const blob = await mediaBlob(mediaId);
    if (!blob) throw new Error("The clip's file is missing from this browser; import it again.");
    return api.upload(blob, `media-${mediaId}`);
  };

  return {
    async inpaint({ mediaId, frame, png, prompt, seed }) {
      const image = await uploadMedia(mediaId);
      const mask = await api.upload(png, `mask-${mediaId}-${frame}.png`);
      return api.createJob({
        kind: "inpaint",
        params: { prompt, seed, imageUploadId: image.id, frame, maskUploadId: mask.id },
      });
    },

    async inpaintClip({ mediaId, prompt, seed, masks }) {
      const clip = await uploadMedia(mediaId);
      if ("png" in masks) {
        const mask = await api.upload(masks.png, `mask-${mediaId}.png`);
        return api.createJob({
          kind: "inpaint",
          params: { prompt, seed, target: "clip", imageUploadId: clip.id, maskUploadId: mask.id },
        });
      }
      const json = JSON.stringify(toMasksJson(masks.frames));
      const file = new Blob([json], { type: "application/json" });
      const upload = await api.upload(file, `masks-${mediaId}.json`);
      return api.createJob({
        kind: "inpaint",
        params: { prompt, seed, target: "clip", imageUploadId: clip.id, masksUploadId: upload.id },
      });
    },

    async track({ mediaId, frame, rle, direction, range }) {
      const clip = await uploadMedia(mediaId);
      return api.createJob({
        kind: "track",
        params: {
          uploadId: clip.id,
          frame,
          direction,
          maskRle: { width: rle.width, height: rle.height, counts: Array.from(rle.counts) },
          ...(range ? { range: { start: range.start, end: range.end } } : {}),
        },
      });
    },

    async waitForJob(jobId, { intervalMs = 500, signal } = {}) {
      for (;;) {
        signal?.throwIfAborted();
        const job = await api.getJob(jobId);
        if (isJobFinished(job.status)) return job;
        await new Promise(resolve => setTimeout(resolve, intervalMs));
      }
    },

    async readTrackedMasks(jobId) {
      const blob = await api.fetchArtifact(jobId, TRACK_MASKS_ARTIFACT);
      const json = JSON.parse(await blob.text()) as TrackedMasksJson;
      const masks = new Map<number, Mask>();
      for (const entry of json.frames) {
        masks.set(
          entry.frame,
          decodeMaskRle({ ...entry.mask, counts: Uint32Array.from(entry.mask.counts) }),
        );
      }
      return masks;
    },
  };
}

/** Per-frame masks as the clip inpaint reads them (the track job's masks.json shape), frame order. */
export function toMasksJson(frames: ReadonlyMap<number, Mask>): TrackedMasksJson {
  return {
    frames: [...frames]
      .sort(([a], [b]) => a - b)
      .map(([frame, mask]) => {
        const rle = encodeMaskRle(mask);
        return {
          frame,
          mask: { width: rle.width, height: rle.height, counts: Array.from(rle.counts) },
        };
      }),
  };
}
