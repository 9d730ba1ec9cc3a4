/**
 * What each exporter draws at a frame. Per video track the top item covering the frame shows (on V2
 * the later item in `spec.video` wins, like the player), V1 below V2. `computeVisibleSegments`
 * gives the same answer as runs of frames, which is what decoders and ffmpeg filter graphs want:
 * one segment per stretch where one item shows consecutive source frames.
 */
import type { RenderSpec, RenderVideoItem } from "./render-spec";

/** One picture layer at a frame: the item, its index in `spec.video` and its source frame. */
export type RenderLayer = {
  track: "V1" | "V2";
  itemIndex: number;
  item: RenderVideoItem;
  sourceFrame: number;
};

/** A run of frames [startFrame, endFrame) where one item shows, from `sourceInFrame` on. */
export type VisibleSegment = {
  track: "V1" | "V2";
  itemIndex: number;
  item: RenderVideoItem;
  startFrame: number;
  endFrame: number;
  sourceInFrame: number;
};

/** Layers visible at timeline `frame`, bottom (V1) to top (V2); empty where nothing shows. */
export function framesToRender(spec: Pick<RenderSpec, "video">, frame: number): RenderLayer[] {
  const layers: RenderLayer[] = [];
  for (const track of ["V1", "V2"] as const) {
    let top = -1;
    spec.video.forEach((item, index) => {
      if (item.track !== track) return;
      if (frame >= item.startFrame && frame < item.startFrame + item.durationFrames) top = index;
    });
    const item = spec.video[top];
    if (item) {
      layers.push({
        track,
        itemIndex: top,
        item,
        sourceFrame: item.sourceInFrame + (frame - item.startFrame),
      });
    }
  }
  return layers;
}

/**
 * Visible segments of each track, sorted by start; a segment never crosses a change of the top
 * item. O(n log n) in the number of items, independent of the film's length.
 */
export function computeVisibleSegments(spec: Pick<RenderSpec, "video">): {
  V1: VisibleSegment[];
  V2: VisibleSegment[];
} {
  return { V1: segmentsOf(spec.video, "V1"), V2: segmentsOf(spec.video, "V2") };
}

function segmentsOf(items: readonly RenderVideoItem[], track: "V1" | "V2"): VisibleSegment[] {
  const indices = items.flatMap((item, index) => (item.track === track ? [index] : []));
  const bounds = [
    ...new Set(
      indices.flatMap(i => {
        const item = items[i] as RenderVideoItem;
        return [item.startFrame, item.startFrame + item.durationFrames];
      }),
    ),
  ].sort((a, b) => a - b);
  const segments: VisibleSegment[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const from = bounds[k] as number;
    const to = bounds[k + 1] as number;
    let top = -1;
    for (const i of indices) {
      const item = items[i] as RenderVideoItem;
      if (item.startFrame <= from && from < item.startFrame + item.durationFrames) top = i;
    }
    const item = items[top];
    if (!item) continue;
    const last = segments.at(-1);
    if (last && last.itemIndex === top && last.endFrame === from) {
      last.endFrame = to;
      continue;
    }
    segments.push({
      track,
      itemIndex: top,
      item,
      startFrame: from,
      endFrame: to,
      sourceInFrame: item.sourceInFrame + (from - item.startFrame),
    });
  }
  return segments;
}
