import { describe, expect, it } from "vitest";
import {
  DEFAULT_TRACKS,
  TimelineItemSchema,
  TimelineSchema,
  makeTimeline,
  makeTimelineItem,
} from "./timeline";

const base = {
  id: "c1",
  track: "V2",
  mediaId: "m1",
  shotId: null,
  sourceFrames: 50,
  trimIn: 0,
  trimOut: 0,
  startFrame: 10,
};

describe("TimelineItemSchema", () => {
  it("fills opacity, position, scale and gain defaults", () => {
    const item = TimelineItemSchema.parse(base);
    expect(item).toMatchObject({ opacity: 1, x: 0, y: 0, scale: 1, gain: 1 });
  });

  it.each([
    ["sourceFrames", 0],
    ["sourceFrames", 2.5],
    ["trimIn", -1],
    ["trimOut", -1],
    ["startFrame", -3],
    ["opacity", 1.5],
    ["scale", 0],
    ["gain", 2.1],
    ["track", "V3"],
    ["id", ""],
  ])("rejects %s = %s", (field, value) => {
    expect(TimelineItemSchema.safeParse({ ...base, [field]: value }).success).toBe(false);
  });

  it("names the field in the message a user sees", () => {
    const r = TimelineItemSchema.safeParse({ ...base, trimIn: -1 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/Trim in/);
  });
});

describe("makeTimelineItem", () => {
  it("builds a valid untrimmed V1 clip from an id", () => {
    const item = makeTimelineItem({ id: "x" });
    expect(item).toMatchObject({ id: "x", track: "V1", trimIn: 0, trimOut: 0, startFrame: 0 });
    expect(TimelineItemSchema.parse(item)).toEqual(item);
  });

  it("keeps given fields and throws on invalid ones", () => {
    expect(makeTimelineItem({ id: "a", track: "A1", gain: 0.5 }).gain).toBe(0.5);
    expect(() => makeTimelineItem({ id: "a", sourceFrames: 0 })).toThrow();
  });
});

describe("DEFAULT_TRACKS / makeTimeline", () => {
  it("has V1 and V2 video and A1 audio, all editable", () => {
    expect(DEFAULT_TRACKS.map(t => [t.id, t.kind, t.locked])).toEqual([
      ["V1", "video", false],
      ["V2", "video", false],
      ["A1", "audio", false],
    ]);
  });

  it("gives each timeline its own track copies that parse", () => {
    const a = makeTimeline();
    const b = makeTimeline();
    expect(a.tracks).not.toBe(b.tracks);
    expect(a.tracks[0]).not.toBe(DEFAULT_TRACKS[0]);
    expect(TimelineSchema.parse(a)).toEqual(a);
  });

  it("rejects negative markers", () => {
    expect(TimelineSchema.safeParse({ ...makeTimeline(), markers: [-1] }).success).toBe(false);
  });
});

describe("clip masks", () => {
  const mask = { id: "k1", mediaId: "m1", frame: 4, createdAt: "2025-03-01T10:00:00.000Z" };

  it("parses a clip saved before masks existed, with no masks and no tracked objects", () => {
    const item = TimelineItemSchema.parse(base);
    expect(item.masks ?? []).toEqual([]);
    expect(item.trackedObjects ?? []).toEqual([]);
  });

  it("keeps a saved mask's run lengths and defaults the missing source to none", () => {
    const rle = { width: 2, height: 2, counts: [1, 2, 1] };
    const item = TimelineItemSchema.parse({ ...base, masks: [{ ...mask, rle }] });
    expect(item.masks).toEqual([{ ...mask, rle, maskMediaId: null }]);
  });

  it.each([
    ["a negative frame", { ...mask, frame: -1 }],
    ["a fractional run", { ...mask, rle: { width: 2, height: 1, counts: [0.5, 1.5] } }],
    ["an empty mask size", { ...mask, rle: { width: 0, height: 1, counts: [] } }],
    ["no source media", { ...mask, mediaId: "" }],
  ])("rejects a mask with %s", (_name, bad) => {
    expect(TimelineItemSchema.safeParse({ ...base, masks: [bad] }).success).toBe(false);
  });

  const object = {
    id: "t1",
    mediaId: "m1",
    frameCount: 50,
    createdAt: mask.createdAt,
    name: "Object 1",
    color: 0,
    keyframes: [12],
  };

  it("keeps tracked objects and sorts their keyframes, dropping repeats", () => {
    const item = TimelineItemSchema.parse({
      ...base,
      trackedObjects: [object, { ...object, id: "t2", color: 7, keyframes: [30, 4, 30, 12] }],
    });
    expect(item.trackedObjects?.map(o => [o.id, o.color, o.keyframes])).toEqual([
      ["t1", 0, [12]],
      ["t2", 7, [4, 12, 30]],
    ]);
  });

  it.each([
    ["no row id", { ...object, id: "" }],
    ["a colour past the 8 track colours", { ...object, color: 8 }],
    ["a negative colour", { ...object, color: -1 }],
    ["a blank name", { ...object, name: "  " }],
    ["a fractional keyframe", { ...object, keyframes: [1.5] }],
    ["a negative keyframe", { ...object, keyframes: [-1] }],
  ])("rejects a tracked object with %s", (_name, bad) => {
    expect(TimelineItemSchema.safeParse({ ...base, trackedObjects: [bad] }).success).toBe(false);
  });
});
