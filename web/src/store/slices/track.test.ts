import { afterEach, describe, expect, it } from "vitest";
import { makeTimeline, makeTimelineItem, type TimelineItem } from "@milimo/shared/schema";
import { makeTestStudio, type TestStudio } from "../test-studio-store";
import { selectTimeline } from "../selectors";
import { clipFramesForMedia } from "./track";

let studio: TestStudio;
afterEach(() => studio?.dispose());

const clip = (id: string, sourceFrames: number, extra: Partial<TimelineItem> = {}) =>
  makeTimelineItem({ id, sourceFrames, mediaId: `m-${id}`, ...extra });

/** A studio whose timeline holds V1 clips a, b, c (50, 30, 20 frames) plus `extra`. */
function studioWith(extra: TimelineItem[] = []): TestStudio {
  studio = makeTestStudio();
  studio.actions.track.load(
    makeTimeline({ items: [clip("a", 50), clip("b", 30), clip("c", 20), ...extra] }),
  );
  return studio;
}

const v1Order = () =>
  studio.state.tracks.timeline.items.filter(i => i.track === "V1").map(i => i.id);
const item = (id: string) => studio.state.tracks.timeline.items.find(i => i.id === id);
const starts = () =>
  selectTimeline(studio.state)
    .v1Layout()
    .placements.map(p => [p.item.id, p.startFrame, p.endFrame]);

describe("addMedia", () => {
  it.each([
    { kind: "video" as const, durationFrames: 80, expected: 80 },
    { kind: "video" as const, durationFrames: null, expected: 121 },
    { kind: "image" as const, durationFrames: null, expected: 49 },
    { kind: "audio" as const, durationFrames: 230, expected: 230 },
  ])("a $kind of $durationFrames frames becomes a $expected-frame clip", c => {
    expect(clipFramesForMedia(c)).toBe(c.expected);
  });

  it("drops onto V1 between clips by centre, and V2/A1 at the drop frame", () => {
    studioWith();
    const { actions } = studio;
    const v = actions.track.addMedia({
      media: { id: "vid", kind: "video", durationFrames: 40, name: "dusk.mp4" },
      track: "V1",
      atFrame: 60, // b's centre is 65: lands between a and b
    });
    expect(v1Order()).toEqual(["a", v, "b", "c"]);
    const a = actions.track.addMedia({
      media: { id: "aud", kind: "audio", durationFrames: 100, name: "tone.wav" },
      track: "A1",
      atFrame: 12,
    });
    expect(item(a!)).toMatchObject({
      track: "A1",
      startFrame: 12,
      sourceFrames: 100,
      label: "tone.wav",
    });
  });

  it("refuses audio on a video track and video on the audio track", () => {
    studioWith();
    const audio = { id: "aud", kind: "audio" as const, durationFrames: 10, name: "a.wav" };
    const image = { id: "img", kind: "image" as const, durationFrames: null, name: "i.png" };
    expect(studio.actions.track.addMedia({ media: audio, track: "V1" })).toBeNull();
    expect(studio.actions.track.addMedia({ media: image, track: "A1" })).toBeNull();
    expect(studio.state.tracks.timeline.items).toHaveLength(3);
    expect(studio.actions.history.canUndo()).toBe(false);
  });
});

describe("gestures are one undo entry", () => {
  it("a V2 drag of many pointer moves commits once and undoes to where it began", () => {
    studioWith([clip("o", 40, { track: "V2", startFrame: 10 })]);
    const { actions } = studio;
    for (const startFrame of [12, 20, 35, 48]) {
      actions.track.move({ itemId: "o", startFrame, gestureKey: "drag:o:1" });
    }
    actions.track.endGesture();
    expect(item("o")?.startFrame).toBe(48);
    expect(actions.history.undoLabel()).toBe("Move clip");
    actions.history.undo();
    expect(item("o")?.startFrame).toBe(10);
    expect(actions.history.canUndo()).toBe(false);
    actions.history.redo();
    expect(item("o")?.startFrame).toBe(48);
  });

  it("a V1 reorder drag follows the clip centre and undoes in one step", () => {
    studioWith();
    const { actions } = studio;
    // Drag "a" (frames 0-50) right: centre passes b's then c's centre.
    for (const startFrame of [10, 30, 60]) {
      actions.track.move({ itemId: "a", track: "V1", startFrame, gestureKey: "drag:a:1" });
    }
    actions.track.endGesture();
    expect(v1Order()).toEqual(["b", "c", "a"]);
    expect(starts()).toEqual([
      ["b", 0, 30],
      ["c", 30, 50],
      ["a", 50, 100],
    ]);
    actions.history.undo();
    expect(v1Order()).toEqual(["a", "b", "c"]);
    expect(actions.history.canUndo()).toBe(false);
  });

  it("trim deltas are totals since pointerdown, so clamping does not accumulate", () => {
    studioWith();
    const { actions } = studio;
    // Past the clip's length and back: the result is exactly the last total.
    for (const deltaFrames of [-10, -60, -20]) {
      actions.track.trim({ itemId: "b", edge: "out", deltaFrames, gestureKey: "trim:b:1" });
    }
    actions.track.endGesture();
    expect(item("b")).toMatchObject({ trimIn: 0, trimOut: 20 });
    expect(starts()[2]).toEqual(["c", 60, 80]); // V1 rippled
    actions.history.undo();
    expect(item("b")).toMatchObject({ trimOut: 0 });
    expect(actions.history.canUndo()).toBe(false);
  });

  it("state.playback.gesture is set from the first update until release (autosave waits on it)", () => {
    studioWith([clip("o", 40, { track: "V2", startFrame: 10 })]);
    const { actions, state } = studio;
    expect(state.playback.gesture).toBeNull();
    actions.track.move({ itemId: "o", startFrame: 20, gestureKey: "drag:o:1" });
    expect(state.playback.gesture).toBe("drag:o:1");
    actions.track.move({ itemId: "o", startFrame: 30, gestureKey: "drag:o:1" });
    expect(state.playback.gesture).toBe("drag:o:1");
    actions.track.endGesture();
    expect(state.playback.gesture).toBeNull();
    // A plain (non-gesture) edit never opens one.
    actions.track.move({ itemId: "o", startFrame: 5 });
    expect(state.playback.gesture).toBeNull();
  });

  it("two gestures in a row are two entries", () => {
    studioWith();
    const { actions } = studio;
    actions.track.trim({ itemId: "a", edge: "out", deltaFrames: -5, gestureKey: "trim:a:1" });
    actions.track.endGesture();
    actions.track.trim({ itemId: "a", edge: "out", deltaFrames: -5, gestureKey: "trim:a:2" });
    actions.track.endGesture();
    expect(item("a")?.trimOut).toBe(10);
    actions.history.undo();
    expect(item("a")?.trimOut).toBe(5);
  });

  it("a drag released where it began leaves nothing to undo", () => {
    studioWith([clip("o", 40, { track: "V2", startFrame: 10 })]);
    const { actions } = studio;
    actions.track.move({ itemId: "o", startFrame: 30, gestureKey: "drag:o:1" });
    actions.track.move({ itemId: "o", startFrame: 10, gestureKey: "drag:o:1" });
    actions.track.endGesture();
    expect(actions.history.canUndo()).toBe(false);
  });
});

describe("split, delete, in/out", () => {
  it("splits the selected clip at the playhead into two that play as before", () => {
    studioWith();
    const { actions } = studio;
    actions.track.select({ itemIds: ["b"] });
    actions.playback.seek(60);
    const [right] = actions.track.split();
    expect(v1Order()).toEqual(["a", "b", right, "c"]);
    expect(starts()).toEqual([
      ["a", 0, 50],
      ["b", 50, 60],
      [right, 60, 80],
      ["c", 80, 100],
    ]);
    expect(item(right!)).toMatchObject({ trimIn: 10, mediaId: "m-b" });
    actions.history.undo();
    expect(v1Order()).toEqual(["a", "b", "c"]);
  });

  it("with nothing selected, splits every clip under the playhead as one entry", () => {
    studioWith([clip("o", 40, { track: "V2", startFrame: 40 })]);
    const { actions } = studio;
    actions.playback.seek(45);
    expect(actions.track.split()).toHaveLength(2);
    expect(studio.state.tracks.timeline.items).toHaveLength(6);
    actions.history.undo();
    expect(studio.state.tracks.timeline.items).toHaveLength(4);
  });

  it("ripple-deletes the selection on V1 and clears it", () => {
    studioWith();
    const { actions } = studio;
    actions.track.select({ itemIds: ["a"] });
    actions.track.select({ itemIds: ["c"], additive: true });
    actions.track.deleteSelection();
    expect(starts()).toEqual([["b", 0, 30]]);
    expect(studio.state.playback.selection).toEqual([]);
    actions.history.undo();
    expect(v1Order()).toEqual(["a", "b", "c"]);
  });

  it("I and O trim the clip under the playhead relative to that clip", () => {
    studioWith();
    const { actions } = studio;
    actions.playback.seek(58); // 8 frames into b
    actions.track.setInOut({ itemId: "b", edge: "in" });
    expect(item("b")).toMatchObject({ trimIn: 8, trimOut: 0 });
    actions.playback.seek(60); // b now spans 50-72
    actions.track.setInOut({ itemId: "b", edge: "out" });
    expect(item("b")).toMatchObject({ trimIn: 8, trimOut: 12 });
  });
});

describe("locked tracks", () => {
  it("refuse moves, trims, splits, deletes and inspector edits", () => {
    studioWith([clip("o", 40, { track: "V2", startFrame: 10 })]);
    const { actions, state } = studio;
    actions.track.setTrackFlag({ track: "V1", flag: "locked", value: true });
    actions.track.setTrackFlag({ track: "V2", flag: "locked", value: true });
    const before = JSON.stringify(state.tracks.timeline.items);

    actions.track.move({ itemId: "o", startFrame: 90 });
    actions.track.move({ itemId: "a", track: "V1", index: 2 });
    actions.track.trim({ itemId: "a", edge: "out", deltaFrames: -5 });
    actions.playback.seek(20);
    expect(actions.track.split()).toEqual([]);
    actions.track.select({ itemIds: ["a", "o"] });
    actions.track.deleteSelection();
    expect(actions.track.updateItem({ itemId: "o", patch: { opacity: 0.5 } }).ok).toBe(false);

    expect(JSON.stringify(state.tracks.timeline.items)).toBe(before);
    expect(actions.history.undoLabel()).toBe("Lock track");
  });
});

describe("inspector edits", () => {
  it("validate with the shared schema and report errors per field", () => {
    studioWith([clip("o", 40, { track: "V2", startFrame: 10 })]);
    const { actions } = studio;
    const bad = actions.track.updateItem({ itemId: "o", patch: { opacity: 1.5 } });
    expect(bad).toEqual({ ok: false, errors: { opacity: "Opacity must be between 0 and 1" } });
    const tooMuchTrim = actions.track.updateItem({ itemId: "o", patch: { trimOut: 40 } });
    expect(tooMuchTrim.ok).toBe(false);
    expect(!tooMuchTrim.ok && tooMuchTrim.errors.trimOut).toMatch(/at least 1/);
    expect(actions.history.canUndo()).toBe(false);

    expect(actions.track.updateItem({ itemId: "o", patch: { opacity: 0.25, x: 12 } })).toEqual({
      ok: true,
    });
    expect(item("o")).toMatchObject({ opacity: 0.25, x: 12 });
    actions.history.undo();
    expect(item("o")).toMatchObject({ opacity: 1, x: 0 });
  });
});

describe("markers and track flags", () => {
  it("adds markers at the playhead in order, once each, undoably", () => {
    studioWith();
    const { actions, state } = studio;
    actions.playback.seek(40);
    actions.track.addMarker();
    actions.track.addMarker({ frame: 10 });
    actions.track.addMarker({ frame: 10 });
    expect(state.tracks.timeline.markers).toEqual([10, 40]);
    actions.track.removeMarker(40);
    expect(state.tracks.timeline.markers).toEqual([10]);
    actions.history.undo();
    expect(state.tracks.timeline.markers).toEqual([10, 40]);
  });

  it("hide and mute are undoable document changes", () => {
    studioWith();
    const { actions, state } = studio;
    actions.track.setTrackFlag({ track: "A1", flag: "muted", value: true });
    expect(state.tracks.timeline.tracks.find(t => t.id === "A1")?.muted).toBe(true);
    actions.history.undo();
    expect(state.tracks.timeline.tracks.find(t => t.id === "A1")?.muted).toBe(false);
  });
});
