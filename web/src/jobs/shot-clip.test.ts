import { describe, expect, it } from "vitest";
import { makeTimeline, makeTimelineItem } from "@milimo/shared/schema";
import { attachMediaToShotClip } from "./shot-clip";

describe("attachMediaToShotClip", () => {
  const newId = () => "new-clip";

  it("points the shot's V1 clip at the media and keeps its place and trims", () => {
    const timeline = makeTimeline({
      items: [
        makeTimelineItem({ id: "a", shotId: "s0", mediaId: "m0", sourceFrames: 50 }),
        makeTimelineItem({ id: "b", shotId: "s1", sourceFrames: 121, trimIn: 5, trimOut: 6 }),
        makeTimelineItem({ id: "c", track: "V2", shotId: "s1", mediaId: "keep", sourceFrames: 9 }),
      ],
    });
    const next = attachMediaToShotClip({
      timeline,
      shotId: "s1",
      mediaId: "m1",
      sourceFrames: 100,
      newId,
    });
    expect(next.items.map(i => [i.id, i.mediaId, i.sourceFrames, i.trimIn, i.trimOut])).toEqual([
      ["a", "m0", 50, 0, 0],
      ["b", "m1", 100, 5, 6],
      ["c", "keep", 9, 0, 0],
    ]);
  });

  it("clamps trims so a shorter result still shows at least one frame", () => {
    const timeline = makeTimeline({
      items: [
        makeTimelineItem({ id: "b", shotId: "s1", sourceFrames: 121, trimIn: 30, trimOut: 40 }),
      ],
    });
    const [clip] = attachMediaToShotClip({
      timeline,
      shotId: "s1",
      mediaId: "m",
      sourceFrames: 25,
      newId,
    }).items;
    expect(clip && clip.sourceFrames - clip.trimIn - clip.trimOut).toBeGreaterThanOrEqual(1);
  });

  it("appends a clip at the end of V1 for a shot that has none", () => {
    const timeline = makeTimeline({ items: [makeTimelineItem({ id: "a", sourceFrames: 10 })] });
    const next = attachMediaToShotClip({
      timeline,
      shotId: "s9",
      mediaId: "m9",
      sourceFrames: 40,
      newId,
    });
    expect(next.items.at(-1)).toMatchObject({
      id: "new-clip",
      track: "V1",
      shotId: "s9",
      mediaId: "m9",
      sourceFrames: 40,
    });
  });
});
