/**
 * Timeline document shapes. V1 is magnetic: an item's `startFrame` is ignored there and the start is
 * derived from array order (see timeline/layout-v1.ts); V2 and A1 place items at `startFrame`.
 */
import { z } from "zod";
import { IdSchema, NullableIdSchema, wholeNumberField } from "./ids";

/** Track ids: V1 main video (magnetic), V2 overlay video (free), A1 audio (free). */
export const TrackIdSchema = z.enum(["V1", "V2", "A1"]);
export type TrackId = z.infer<typeof TrackIdSchema>;

/** What a track carries; items move only between tracks of the same kind. */
export const TrackKindSchema = z.enum(["video", "audio"]);
export type TrackKind = z.infer<typeof TrackKindSchema>;

/** A mask as run lengths (see @milimo/shared/sam encodeMaskRle), with counts as plain numbers so it stores as JSON. */
export const StoredMaskRleSchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  counts: z.array(z.number().int().nonnegative()),
});
export type StoredMaskRle = z.infer<typeof StoredMaskRleSchema>;

/** A mask saved on a clip: drawn on `frame` (source frame) of media `mediaId`; `rle` or a PNG in the library. */
export const ItemMaskSchema = z.object({
  id: IdSchema,
  mediaId: IdSchema,
  frame: wholeNumberField({ label: "Mask frame", min: 0, unit: "frames" }),
  rle: StoredMaskRleSchema.nullable().default(null),
  maskMediaId: NullableIdSchema.default(null),
  /** ISO date. */
  createdAt: z.string(),
});
export type ItemMask = z.infer<typeof ItemMaskSchema>;

/** Where a set of tracked masks (one per source frame of `mediaId`) is stored: a row keyed `id`. */
export const TrackedMasksRefSchema = z.object({
  id: IdSchema,
  mediaId: IdSchema,
  /** How many frames have a mask. */
  frameCount: wholeNumberField({ label: "Tracked frames", min: 0, unit: "frames" }),
  /** ISO date. */
  createdAt: z.string(),
});
export type TrackedMasksRef = z.infer<typeof TrackedMasksRefSchema>;

/** How many distinct colours tracked objects cycle through (FEATURES §8). */
export const TRACK_COLOR_COUNT = 8;

/**
 * One tracked object on a clip: its masks' stored row (the ref fields; a re-propagation writes a new
 * row and moves `id`, so undo can point back at the old one), a name, a colour index into the 8
 * track colours, and the source frames the user prompted (the seed, then each corrected frame).
 */
export const TrackedObjectSchema = TrackedMasksRefSchema.extend({
  name: z.string().trim().min(1, "Object name is required").max(80),
  color: z
    .number()
    .int()
    .min(0)
    .max(TRACK_COLOR_COUNT - 1),
  /** Sorted, unique source frames. */
  keyframes: z
    .array(wholeNumberField({ label: "Keyframe", min: 0, unit: "frames" }))
    .transform(frames => [...new Set(frames)].sort((a, b) => a - b)),
});
export type TrackedObject = z.infer<typeof TrackedObjectSchema>;

/** One clip on a track; visible duration = max(1, sourceFrames - trimIn - trimOut) frames. */
export const TimelineItemSchema = z.object({
  id: IdSchema,
  track: TrackIdSchema,
  mediaId: NullableIdSchema,
  shotId: NullableIdSchema,
  sourceFrames: wholeNumberField({ label: "Source length", min: 1, unit: "frames" }),
  trimIn: wholeNumberField({ label: "Trim in", min: 0, unit: "frames" }),
  trimOut: wholeNumberField({ label: "Trim out", min: 0, unit: "frames" }),
  startFrame: wholeNumberField({ label: "Start", min: 0, unit: "frames" }),
  opacity: z
    .number()
    .min(0, "Opacity must be between 0 and 1")
    .max(1, "Opacity must be between 0 and 1")
    .default(1),
  x: z.number().default(0),
  y: z.number().default(0),
  scale: z.number().positive("Scale must be greater than 0").default(1),
  gain: z
    .number()
    .min(0, "Gain must be between 0 and 2")
    .max(2, "Gain must be between 0 and 2")
    .default(1),
  label: z.string().optional(),
  /** Masks saved on this clip, oldest first; absent on clips from before masks (same as none). */
  masks: z.array(ItemMaskSchema).optional(),
  /** The clip's tracked objects, oldest first; absent on clips from before tracking (same as none). */
  trackedObjects: z.array(TrackedObjectSchema).optional(),
});
export type TimelineItem = z.infer<typeof TimelineItemSchema>;

/** Per-track switches; a locked track refuses every edit. */
export const TrackSchema = z.object({
  id: TrackIdSchema,
  kind: TrackKindSchema,
  hidden: z.boolean(),
  muted: z.boolean(),
  locked: z.boolean(),
});
export type Track = z.infer<typeof TrackSchema>;

/** The edit: V1 items appear in play order in `items`; `markers` are frames. */
export const TimelineSchema = z.object({
  items: z.array(TimelineItemSchema),
  tracks: z.array(TrackSchema),
  markers: z.array(wholeNumberField({ label: "Marker", min: 0, unit: "frames" })),
});
export type Timeline = z.infer<typeof TimelineSchema>;

/** The three tracks every project starts with, all visible, unmuted and unlocked (frozen; copy to edit). */
export const DEFAULT_TRACKS: readonly Track[] = Object.freeze(
  (
    [
      { id: "V1", kind: "video" },
      { id: "V2", kind: "video" },
      { id: "A1", kind: "audio" },
    ] as const
  ).map(t => Object.freeze({ ...t, hidden: false, muted: false, locked: false })),
);

/** Default source length for a new item: a shot's default 121 frames (FEATURES §6). */
export const DEFAULT_ITEM_SOURCE_FRAMES = 121;

/** Builds a valid item: track V1, no media/shot, 121 source frames, no trims, start 0, neutral look; throws on invalid fields. */
export function makeTimelineItem(partial: Partial<TimelineItem> & { id: string }): TimelineItem {
  return TimelineItemSchema.parse({
    track: "V1",
    mediaId: null,
    shotId: null,
    sourceFrames: DEFAULT_ITEM_SOURCE_FRAMES,
    trimIn: 0,
    trimOut: 0,
    startFrame: 0,
    ...partial,
  });
}

/** Builds a timeline with fresh copies of DEFAULT_TRACKS, no items and no markers unless given. */
export function makeTimeline(partial: Partial<Timeline> = {}): Timeline {
  return {
    items: partial.items ?? [],
    tracks: partial.tracks ?? DEFAULT_TRACKS.map(t => ({ ...t })),
    markers: partial.markers ?? [],
  };
}
