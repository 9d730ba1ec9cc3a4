/**
 * Timeline -> RenderSpec with the same layout code the player uses (magnetic V1 with trims and
 * ripple, free V2/A1), so an export shows exactly what was on screen. Sound comes from A1 and from
 * video clips on V1/V2 (a camera clip's own sound), each placed and trimmed exactly as its picture.
 * Hiding a track takes its pictures out; muting a track takes its sound out. The two switches are
 * separate, as in other editors: a hidden V track still sounds unless it is muted too. Clips with
 * no media yet (a shot still generating) render black. When the export rate differs from the
 * project's, every boundary is rescaled (not every duration), so V1 stays gapless and the film
 * keeps its length in seconds.
 */
import type { ErrorCode } from "../api/errors";
import { err, ok, type Result } from "../lib/result";
import type { MediaAsset } from "../schema/media";
import {
  makeTimeline,
  makeTimelineItem,
  type Timeline,
  type TimelineItem,
  type TrackId,
} from "../schema/timeline";
import { computeTimelineDuration } from "../timeline/duration";
import { itemDurationFrames } from "../timeline/item";
import { freeItemRange } from "../timeline/layout-free";
import { computeV1Layout } from "../timeline/layout-v1";
import {
  RenderSpecSchema,
  type RenderAudioCodec,
  type RenderAudioItem,
  type RenderContainer,
  type RenderQuality,
  type RenderSpec,
  type RenderVideoCodec,
  type RenderVideoItem,
} from "./render-spec";

/** Output choices; size and rate default to the project's, quality to "high". */
export type RenderOptions = {
  container: RenderContainer;
  videoCodec: RenderVideoCodec;
  audioCodec: RenderAudioCodec;
  quality?: RenderQuality;
  width?: number;
  height?: number;
  fps?: number;
};

/** Why a spec could not be built, with the clips concerned. */
export type RenderSpecProblem = {
  code: Extract<ErrorCode, "MEDIA_MISSING" | "INVALID_REQUEST">;
  message: string;
  itemIds: string[];
};

/** The project's picture size and rate (a `Project` fits). */
export type ProjectFormat = { width: number; height: number; fps: number };

/** Media records by id, as a record (the store's `byId`) or a list. */
export type MediaLookup = Readonly<Record<string, MediaAsset | undefined>> | readonly MediaAsset[];

function makeMediaFinder(media: MediaLookup): (id: string) => MediaAsset | undefined {
  if (Array.isArray(media)) {
    const byId = new Map((media as readonly MediaAsset[]).map(m => [m.id, m]));
    return id => byId.get(id);
  }
  const record = media as Readonly<Record<string, MediaAsset | undefined>>;
  return id => (Object.hasOwn(record, id) ? record[id] : undefined);
}

/** Builds the spec of the whole timeline; MEDIA_MISSING when a clip's media record is gone. */
export function toRenderSpec({
  timeline,
  project,
  media,
  options,
}: {
  timeline: Timeline;
  project: ProjectFormat;
  media: MediaLookup;
  options: RenderOptions;
}): Result<RenderSpec, RenderSpecProblem> {
  const findMedia = makeMediaFinder(media);
  const width = options.width ?? project.width;
  const height = options.height ?? project.height;
  const fps = options.fps ?? project.fps;
  const toOut = (frame: number) => Math.round((frame * fps) / project.fps);
  const layout = computeV1Layout(timeline.items);
  const durationFrames = toOut(computeTimelineDuration({ timeline, layout }));
  if (durationFrames < 1) {
    return err({
      code: "INVALID_REQUEST",
      message: "The timeline is empty: add a clip before exporting.",
      itemIds: [],
    });
  }
  const isOff = (track: TrackId, flag: "hidden" | "muted") =>
    timeline.tracks.some(t => t.id === track && t[flag]);

  const missing: string[] = [];
  const video: RenderVideoItem[] = [];
  const audio: RenderAudioItem[] = [];
  const rangeOf = (item: TimelineItem) => {
    if (item.track === "V1") {
      const p = layout.byId.get(item.id);
      return p ? { startFrame: p.startFrame, endFrame: p.endFrame } : null;
    }
    return freeItemRange(item);
  };
  const itemsWithMedia = (track: TrackId) =>
    timeline.items.filter(i => i.track === track && i.mediaId !== null);
  // Output frames an item covers; null when it rounds to nothing at the export rate.
  const placeOf = (item: TimelineItem) => {
    const range = rangeOf(item);
    if (!range) return null;
    const startFrame = toOut(range.startFrame);
    const durationFrames = toOut(range.endFrame) - startFrame;
    return durationFrames < 1 ? null : { startFrame, durationFrames };
  };
  const soundOf = (item: TimelineItem, asset: MediaAsset, track: TrackId) => {
    const place = placeOf(item);
    if (!place) return;
    audio.push({
      itemId: item.id,
      mediaId: asset.id,
      track,
      ...place,
      sourceInFrame: toOut(item.trimIn),
      gain: item.gain,
    });
  };

  for (const track of ["V1", "V2"] as const) {
    if (isOff(track, "hidden")) continue;
    for (const item of itemsWithMedia(track)) {
      const asset = findMedia(item.mediaId as string);
      if (!asset) {
        missing.push(item.id);
        continue;
      }
      if (asset.kind === "audio") continue;
      const place = placeOf(item);
      if (!place) continue;
      const v1 = track === "V1";
      video.push({
        itemId: item.id,
        mediaId: asset.id,
        kind: asset.kind,
        track,
        startFrame: place.startFrame,
        sourceInFrame: asset.kind === "image" ? 0 : toOut(item.trimIn),
        durationFrames: place.durationFrames,
        opacity: v1 ? 1 : item.opacity,
        x: v1 ? 0 : (item.x * width) / project.width,
        y: v1 ? 0 : (item.y * height) / project.height,
        scale: v1 ? 1 : item.scale,
      });
    }
  }
  for (const track of ["V1", "V2"] as const) {
    if (isOff(track, "muted")) continue;
    for (const item of itemsWithMedia(track)) {
      // A clip whose record is gone is reported by the picture pass when its track shows; on a
      // hidden track nothing says it had sound, so it is left out quietly.
      const asset = findMedia(item.mediaId as string);
      if (asset?.kind === "video") soundOf(item, asset, track);
    }
  }
  if (!isOff("A1", "muted")) {
    for (const item of itemsWithMedia("A1")) {
      const asset = findMedia(item.mediaId as string);
      if (!asset) {
        missing.push(item.id);
        continue;
      }
      if (asset.kind !== "image") soundOf(item, asset, "A1");
    }
  }
  if (missing.length > 0) {
    return err({
      code: "MEDIA_MISSING",
      message: `${missing.length === 1 ? "A clip's" : `${missing.length} clips'`} media is missing from this project.`,
      itemIds: missing,
    });
  }
  const parsed = RenderSpecSchema.safeParse({
    width,
    height,
    fps,
    durationFrames,
    container: options.container,
    videoCodec: options.videoCodec,
    audioCodec: options.audioCodec,
    quality: options.quality ?? "high",
    video,
    audio,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return err({
      code: "INVALID_REQUEST",
      message: issue
        ? `${issue.path.join(".")}: ${issue.message}`
        : "The export settings are invalid.",
      itemIds: [],
    });
  }
  return ok(parsed.data);
}

/** A single clip as it is trimmed (a shot or one timeline item), alone on V1, without sound. */
export function toClipRenderSpec({
  clip,
  project,
  media,
  options,
}: {
  clip: { mediaId: string; sourceFrames: number; trimIn: number; trimOut: number };
  project: ProjectFormat;
  media: MediaLookup;
  options: RenderOptions;
}): Result<RenderSpec, RenderSpecProblem> {
  const item = makeTimelineItem({
    id: "clip",
    track: "V1",
    mediaId: clip.mediaId,
    sourceFrames: clip.sourceFrames,
    trimIn: clip.trimIn,
    trimOut: clip.trimOut,
  });
  const spec = toRenderSpec({ timeline: makeTimeline({ items: [item] }), project, media, options });
  return spec.ok ? ok({ ...spec.value, audio: [] }) : spec;
}

/** Items on visible video tracks that have no media yet; they export as black frames. */
export function listItemsWithoutMedia(timeline: Timeline): TimelineItem[] {
  const hidden = (track: TrackId) => timeline.tracks.some(t => t.id === track && t.hidden);
  return timeline.items.filter(
    i => i.track !== "A1" && i.mediaId === null && !hidden(i.track) && itemDurationFrames(i) > 0,
  );
}
