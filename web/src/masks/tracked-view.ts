/**
 * What the player shows of a clip's tracked objects: each object's mask at the frame under the
 * playhead in its colour, and where on the timeline a source frame of the clip (a keyframe) lies.
 */
import { trackColor, type Mask } from "@milimo/shared/sam";
import type { TrackedObject } from "@milimo/shared/schema";
import type { PlayingItem } from "@milimo/shared/timeline";

/** A tracked object with its masks by source frame, once loaded. */
export interface LoadedObject {
  object: TrackedObject;
  masks: ReadonlyMap<number, Mask> | undefined;
}

/** A mask drawn over the picture in its object's colour (RGBA, 40 % alpha). */
export interface ColouredMask {
  objectId: string;
  rgba: readonly [number, number, number, number];
  mask: Mask;
}

/** Every object's mask at source `frame`, in object order; objects without one there are left out. */
export function trackedMasksAtFrame(
  objects: readonly LoadedObject[],
  frame: number,
): ColouredMask[] {
  return objects.flatMap(({ object, masks }) => {
    const mask = masks?.get(frame);
    return mask ? [{ objectId: object.id, rgba: trackColor(object.color), mask }] : [];
  });
}

/**
 * The timeline frame at which `playing`'s clip shows its source frame `sourceFrame`, clamped to the
 * clip's visible (untrimmed) frames so the playhead stays on the clip.
 */
export function timelineFrameOfSource({
  playing,
  sourceFrame,
}: {
  playing: PlayingItem;
  sourceFrame: number;
}): number {
  const { item, startFrame } = playing;
  const first = item.trimIn;
  const last = Math.max(first, item.sourceFrames - item.trimOut - 1);
  const clamped = Math.min(last, Math.max(first, Math.round(sourceFrame)));
  return startFrame + (clamped - first);
}
