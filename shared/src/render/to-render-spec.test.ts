import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeTimeline, type Timeline, type TimelineItem } from "../schema/timeline";
import { computeTimelineDuration } from "../timeline/duration";
import { itemsAtFrame } from "../timeline/layout-free";
import { splitItemAt } from "../timeline/split";
import { clip } from "../timeline/test-timeline";
import { trimTimelineItem } from "../timeline/trim";
import { framesToRender } from "./frames-to-render";
import type { RenderSpec } from "./render-spec";
import { asset } from "./test-media";
import {
  listItemsWithoutMedia,
  toClipRenderSpec,
  toRenderSpec,
  type MediaLookup,
  type RenderOptions,
} from "./to-render-spec";

const project = { width: 768, height: 512, fps: 25 };
const mp4: RenderOptions = { container: "mp4", videoCodec: "avc", audioCodec: "aac" };
const media: MediaLookup = [
  asset("va"),
  asset("vb"),
  asset("vc"),
  asset("img", "image"),
  asset("tone", "audio"),
];

function build(timeline: Timeline, options: Partial<RenderOptions> = {}): RenderSpec {
  const result = toRenderSpec({ timeline, project, media, options: { ...mp4, ...options } });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const withTracks = (timeline: Timeline, flags: Record<string, Partial<Timeline["tracks"][0]>>) => ({
  ...timeline,
  tracks: timeline.tracks.map(t => ({ ...t, ...flags[t.id] })),
});

const arranged = (): Timeline =>
  makeTimeline({
    items: [
      clip("a", 50, { mediaId: "va", trimIn: 10, trimOut: 5 }),
      clip("o", 40, {
        track: "V2",
        mediaId: "vc",
        startFrame: 20,
        trimIn: 3,
        opacity: 0.5,
        x: 96,
        y: -64,
        scale: 0.5,
      }),
      clip("b", 30, { mediaId: "vb" }),
      clip("t", 100, { track: "A1", mediaId: "tone", startFrame: 12, trimIn: 4, gain: 1.5 }),
      clip("c", 20, { mediaId: "va", trimIn: 5 }),
    ],
  });

describe("toRenderSpec", () => {
  it("lays V1 end to end with trims, V2 and A1 at their starts", () => {
    const spec = build(arranged());
    expect(
      spec.video.map(v => [v.itemId, v.track, v.startFrame, v.sourceInFrame, v.durationFrames]),
    ).toEqual([
      ["a", "V1", 0, 10, 35],
      ["b", "V1", 35, 0, 30],
      ["c", "V1", 65, 5, 15],
      ["o", "V2", 20, 3, 37],
    ]);
    expect(spec.video.find(v => v.itemId === "o")).toMatchObject({
      opacity: 0.5,
      x: 96,
      y: -64,
      scale: 0.5,
      mediaId: "vc",
    });
    expect(spec.audio.find(a => a.itemId === "t")).toEqual({
      itemId: "t",
      mediaId: "tone",
      track: "A1",
      startFrame: 12,
      sourceInFrame: 4,
      durationFrames: 96,
      gain: 1.5,
    });
    expect(spec).toMatchObject({ width: 768, height: 512, fps: 25, quality: "high" });
    expect(spec.durationFrames).toBe(108);
  });

  it("has the timeline's duration to the frame", () => {
    const timeline = arranged();
    expect(build(timeline).durationFrames).toBe(computeTimelineDuration({ timeline }));
  });

  it("ripples V1 after a trim", () => {
    const trimmed = trimTimelineItem({
      timeline: arranged(),
      itemId: "a",
      edge: "out",
      deltaFrames: -10,
    });
    expect(
      build(trimmed)
        .video.filter(v => v.track === "V1")
        .map(v => v.startFrame),
    ).toEqual([0, 25, 55]);
  });

  it("gives every video clip its own sound, placed and trimmed exactly as its picture", () => {
    const spec = build(arranged());
    const sounds = spec.audio.filter(a => a.track !== "A1");
    expect(sounds).toEqual(
      spec.video.map(v => ({
        itemId: v.itemId,
        mediaId: v.mediaId,
        track: v.track,
        startFrame: v.startFrame,
        sourceInFrame: v.sourceInFrame,
        durationFrames: v.durationFrames,
        gain: 1,
      })),
    );
    expect(sounds.map(a => [a.itemId, a.track, a.startFrame, a.sourceInFrame])).toEqual([
      ["a", "V1", 0, 10],
      ["b", "V1", 35, 0],
      ["c", "V1", 65, 5],
      ["o", "V2", 20, 3],
    ]);
  });

  it("moves a V1 clip's sound with the ripple and trims its head with the picture", () => {
    let timeline = trimTimelineItem({
      timeline: arranged(),
      itemId: "a",
      edge: "out",
      deltaFrames: -10,
    });
    timeline = trimTimelineItem({ timeline, itemId: "b", edge: "in", deltaFrames: 4 });
    const sound = (id: string) => build(timeline).audio.find(a => a.itemId === id);
    // a: 0-25; b starts at 25 with 4 frames cut from its head; c follows b's shorter length.
    expect(sound("b")).toMatchObject({ startFrame: 25, sourceInFrame: 4, durationFrames: 26 });
    expect(sound("c")).toMatchObject({ startFrame: 51, sourceInFrame: 5, durationFrames: 15 });
  });

  it("keeps a clip's gain on its own sound", () => {
    const timeline = makeTimeline({ items: [clip("a", 20, { mediaId: "va", gain: 0.25 })] });
    expect(build(timeline).audio).toEqual([
      expect.objectContaining({ itemId: "a", track: "V1", gain: 0.25 }),
    ]);
  });

  // Hiding takes the pictures out, muting the sound: a hidden V track still sounds.
  it.each([
    ["nothing off", {}, ["a", "b", "c", "o"], ["a", "b", "c", "o", "t"]],
    ["V2 hidden", { V2: { hidden: true } }, ["a", "b", "c"], ["a", "b", "c", "o", "t"]],
    ["V1 hidden", { V1: { hidden: true } }, ["o"], ["a", "b", "c", "o", "t"]],
    ["A1 muted", { A1: { muted: true } }, ["a", "b", "c", "o"], ["a", "b", "c", "o"]],
    ["V1 muted", { V1: { muted: true } }, ["a", "b", "c", "o"], ["o", "t"]],
    ["V2 muted", { V2: { muted: true } }, ["a", "b", "c", "o"], ["a", "b", "c", "t"]],
    ["V1 hidden and muted", { V1: { hidden: true, muted: true } }, ["o"], ["o", "t"]],
  ])("leaves out tracks: %s", (_name, flags, videoIds, audioIds) => {
    const spec = build(withTracks(arranged(), flags));
    expect(spec.video.map(v => v.itemId)).toEqual(videoIds);
    expect(spec.audio.map(a => a.itemId)).toEqual(audioIds);
    expect(spec.durationFrames).toBe(108);
  });

  it("renders clips without media as black and reports them", () => {
    const timeline = makeTimeline({
      items: [
        clip("a", 20, { mediaId: "va" }),
        clip("pending", 30),
        clip("b", 10, { mediaId: "vb" }),
      ],
    });
    const spec = build(timeline);
    expect(spec.video.map(v => [v.itemId, v.startFrame])).toEqual([
      ["a", 0],
      ["b", 50],
    ]);
    expect(spec.durationFrames).toBe(60);
    expect(listItemsWithoutMedia(timeline).map(i => i.id)).toEqual(["pending"]);
    expect(framesToRender(spec, 30)).toEqual([]);
  });

  it("fails with MEDIA_MISSING naming clips whose media record is gone", () => {
    const timeline = makeTimeline({
      items: [clip("a", 20, { mediaId: "va" }), clip("gone", 10, { mediaId: "deleted" })],
    });
    const result = toRenderSpec({ timeline, project, media, options: mp4 });
    expect(result).toMatchObject({
      ok: false,
      error: { code: "MEDIA_MISSING", itemIds: ["gone"] },
    });
  });

  it("refuses an empty timeline", () => {
    const result = toRenderSpec({ timeline: makeTimeline(), project, media, options: mp4 });
    expect(result).toMatchObject({ ok: false, error: { code: "INVALID_REQUEST" } });
  });

  it("refuses a codec the container cannot carry", () => {
    const result = toRenderSpec({
      timeline: arranged(),
      project,
      media,
      options: { container: "webm", videoCodec: "avc", audioCodec: "opus" },
    });
    expect(result).toMatchObject({ ok: false, error: { code: "INVALID_REQUEST" } });
  });

  it.each([
    ["image on V1 plays from its only frame", "img", "V1", 1],
    ["audio file on V1 is not a picture", "tone", "V1", 0],
  ])("%s", (_name, mediaId, track, count) => {
    const timeline = makeTimeline({
      items: [clip("x", 50, { mediaId, track: track as "V1", trimIn: 7 })],
    });
    const spec = build(timeline);
    expect(spec.video).toHaveLength(count);
    if (count) expect(spec.video[0]).toMatchObject({ kind: "image", sourceInFrame: 0 });
  });

  it("gives no sound to images, nor to a hidden clip whose media record is gone", () => {
    const timeline = withTracks(
      makeTimeline({
        items: [
          clip("i", 20, { mediaId: "img" }),
          clip("o", 10, { track: "V2", mediaId: "deleted" }),
        ],
      }),
      { V2: { hidden: true } },
    );
    const spec = build(timeline);
    expect(spec.video.map(v => v.itemId)).toEqual(["i"]);
    expect(spec.audio).toEqual([]);
  });

  it("skips an image on A1 but keeps a video's sound there", () => {
    const timeline = makeTimeline({
      items: [
        clip("v", 50, { mediaId: "va" }),
        clip("i", 10, { track: "A1", mediaId: "img" }),
        clip("s", 10, { track: "A1", mediaId: "vb" }),
      ],
    });
    expect(build(timeline).audio.map(a => [a.itemId, a.track])).toEqual([
      ["v", "V1"],
      ["s", "A1"],
    ]);
  });

  it.each([
    // [export fps, V1 starts, V1 durations, V2 start, total]
    [25, [0, 35, 65], [35, 30, 15], 20, 108],
    [50, [0, 70, 130], [70, 60, 30], 40, 216],
    [24, [0, 34, 62], [34, 28, 15], 19, 104],
  ])(
    "rescales boundaries to %i fps, keeping V1 gapless",
    (fps, starts, durations, v2Start, total) => {
      const spec = build(arranged(), { fps });
      const v1 = spec.video.filter(v => v.track === "V1");
      expect(v1.map(v => v.startFrame)).toEqual(starts);
      expect(v1.map(v => v.durationFrames)).toEqual(durations);
      expect(spec.video.find(v => v.track === "V2")?.startFrame).toBe(v2Start);
      // The sound of each clip is rescaled with its picture, so it stays on the cut.
      const sounds = spec.audio.filter(a => a.track !== "A1");
      expect(sounds.map(a => [a.startFrame, a.durationFrames, a.sourceInFrame])).toEqual(
        spec.video.map(v => [v.startFrame, v.durationFrames, v.sourceInFrame]),
      );
      expect(spec.durationFrames).toBe(total);
      expect(spec.fps).toBe(fps);
    },
  );

  it("scales V2 offsets with the output size", () => {
    const spec = build(arranged(), { width: 1536, height: 1024 });
    expect(spec.video.find(v => v.itemId === "o")).toMatchObject({ x: 192, y: -128, scale: 0.5 });
  });

  it("accepts the store's media record as well as a list", () => {
    const byId = Object.fromEntries((media as ReturnType<typeof asset>[]).map(m => [m.id, m]));
    const result = toRenderSpec({ timeline: arranged(), project, media: byId, options: mp4 });
    expect(result.ok && result.value).toEqual(build(arranged()));
  });
});

describe("toClipRenderSpec", () => {
  it("exports one trimmed clip alone", () => {
    const result = toClipRenderSpec({
      clip: { mediaId: "vb", sourceFrames: 121, trimIn: 20, trimOut: 1 },
      project,
      media,
      options: { container: "webm", videoCodec: "vp9", audioCodec: "opus" },
    });
    expect(result.ok && result.value).toMatchObject({
      durationFrames: 100,
      container: "webm",
      audio: [],
      video: [
        { mediaId: "vb", track: "V1", startFrame: 0, sourceInFrame: 20, durationFrames: 100 },
      ],
    });
  });
});

// A random arrangement on V1 + V2 (media on every clip) must export what the player shows.
describe("toRenderSpec agrees with the player", () => {
  const itemArb = fc.record({
    v1: fc.boolean(),
    sourceFrames: fc.integer({ min: 1, max: 60 }),
    trimIn: fc.nat(20),
    trimOut: fc.nat(20),
    startFrame: fc.nat(80),
    mediaId: fc.constantFrom("va", "vb", "vc"),
  });

  it("at every frame, after a split too", () => {
    fc.assert(
      fc.property(
        fc.array(itemArb, { minLength: 1, maxLength: 6 }),
        fc.nat(200),
        (rows, splitAt) => {
          const items: TimelineItem[] = rows.map(({ v1, ...r }, k) =>
            clip(`i${k}`, r.sourceFrames, { ...r, track: v1 ? "V1" : "V2" }),
          );
          const timeline = splitItemAt({
            timeline: makeTimeline({ items }),
            itemId: "i0",
            frame: splitAt,
            newId: "split",
          });
          const spec = build(timeline);
          for (let f = 0; f < spec.durationFrames; f++) {
            const player = itemsAtFrame({ timeline, frame: f });
            const expected = (["V1", "V2"] as const).flatMap(track => {
              const p = player[track];
              return p ? [[track, p.item.id, p.sourceFrame]] : [];
            });
            const layers = framesToRender(spec, f);
            expect(layers.map(l => [l.track, l.item.itemId, l.sourceFrame])).toEqual(expected);
          }
          // Every clip sounds exactly where and from where its picture plays.
          const place = (i: { itemId: string; startFrame: number; sourceInFrame: number }) =>
            [i.itemId, i.startFrame, i.sourceInFrame] as const;
          expect(spec.audio.map(place)).toEqual(spec.video.map(place));
        },
      ),
      { numRuns: 100 },
    );
  });
});
