/**
 * Tracking a clip's objects through the server's track job: a new object from a mask, or a
 * correction re-propagated from the corrected frame up to (not into) the neighbouring keyframes,
 * merged into the object's masks by the store. The job is followed by the caller (`follow`), so the
 * studio decides how progress is shown.
 */
import type { TrackDirection } from "@milimo/shared/api";
import { planRetrack, type FrameRange, type Mask, type MaskRle } from "@milimo/shared/sam";
import type { Job, TrackedObject } from "@milimo/shared/schema";
import type { MaskJobs } from "../ui/masking/mask-jobs";

/** A mask drawn on one source frame of a clip's media. */
export interface FrameMask {
  mediaId: string;
  frame: number;
  rle: MaskRle;
}

/** What the store does with a job's masks (actions.mask). */
export interface TrackStore {
  addTracked(args: {
    itemId: string;
    mediaId: string;
    masks: ReadonlyMap<number, Mask>;
    keyframe: number;
  }): Promise<TrackedObject | null>;
  applyRetrack(args: {
    itemId: string;
    objectId: string;
    masks: ReadonlyMap<number, Mask>;
    range: FrameRange;
    keyframe: number;
  }): Promise<TrackedObject | null>;
}

interface TrackDeps {
  jobs: Pick<MaskJobs, "track" | "readTrackedMasks">;
  /** Waits for the job to finish; resolves with it completed, rejects when it failed or was cancelled. */
  follow: (job: Job) => Promise<Job>;
  store: TrackStore;
}

/**
 * Tracks `mask` through the clip in `direction` and stores the result as a new object on clip
 * `itemId`. Returns the object (null when the clip refused it) and how many frames got a mask.
 */
export async function trackNewObject({
  jobs,
  follow,
  store,
  itemId,
  mask,
  direction,
}: TrackDeps & { itemId: string; mask: FrameMask; direction: TrackDirection }): Promise<{
  object: TrackedObject | null;
  masks: Map<number, Mask>;
}> {
  const job = await jobs.track({ ...mask, direction });
  const done = await follow(job);
  const masks = await jobs.readTrackedMasks(done.id);
  const object = await store.addTracked({
    itemId,
    mediaId: mask.mediaId,
    masks,
    keyframe: mask.frame,
  });
  return { object, masks };
}

/**
 * Re-propagates `object` from the corrected `mask` (on source frame `mask.frame`) in `direction`,
 * never past its neighbouring keyframes (`frameCount`: the clip's source frames), and merges the
 * result into the object. Returns the updated object (null when refused) and the range re-tracked.
 */
export async function retrackObject({
  jobs,
  follow,
  store,
  itemId,
  object,
  mask,
  direction,
  frameCount,
}: TrackDeps & {
  itemId: string;
  object: TrackedObject;
  mask: FrameMask;
  direction: TrackDirection;
  frameCount: number;
}): Promise<{ object: TrackedObject | null; range: FrameRange }> {
  const range = planRetrack({
    keyframes: object.keyframes,
    frame: mask.frame,
    direction,
    frameCount,
  });
  const job = await jobs.track({ ...mask, direction, range });
  const done = await follow(job);
  const incoming = await jobs.readTrackedMasks(done.id);
  const updated = await store.applyRetrack({
    itemId,
    objectId: object.id,
    masks: incoming,
    range,
    keyframe: mask.frame,
  });
  return { object: updated, range };
}
