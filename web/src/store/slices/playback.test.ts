import { afterEach, describe, expect, it } from "vitest";
import { makeTimeline, makeTimelineItem } from "@milimo/shared/schema";
import { makeTestStudio, type TestStudio } from "../test-studio-store";
import { nextShuttleRate } from "./playback";

let studio: TestStudio;
afterEach(() => studio?.dispose());

function studioWithLength(frames: number): TestStudio {
  studio = makeTestStudio();
  studio.actions.track.load(
    makeTimeline({ items: [makeTimelineItem({ id: "a", sourceFrames: frames })] }),
  );
  return studio;
}

describe("J/K/L shuttle", () => {
  it.each([
    { rate: 1, playing: false, direction: 1 as const, next: 1 },
    { rate: 1, playing: true, direction: 1 as const, next: 2 },
    { rate: 2, playing: true, direction: 1 as const, next: 4 },
    { rate: 8, playing: true, direction: 1 as const, next: 8 },
    { rate: 4, playing: true, direction: -1 as const, next: -1 },
    { rate: -1, playing: true, direction: -1 as const, next: -2 },
    { rate: -2, playing: false, direction: -1 as const, next: -1 },
  ])("rate $rate (playing $playing), press $direction -> $next", c => {
    expect(nextShuttleRate(c)).toBe(c.next);
  });

  it("L twice plays at double speed, K pauses at normal speed", () => {
    studioWithLength(100);
    const { actions, state } = studio;
    actions.playback.shuttle(1);
    actions.playback.shuttle(1);
    expect(state.playback).toMatchObject({ playing: true, rate: 2 });
    actions.playback.pause();
    expect(state.playback).toMatchObject({ playing: false, rate: 1 });
  });
});

describe("transport", () => {
  it("steps pause playback and stay within 0..end", () => {
    studioWithLength(100);
    const { actions, state } = studio;
    actions.playback.play();
    actions.playback.step(-1);
    expect(state.playback).toMatchObject({ frame: 0, playing: false });
    actions.playback.step(10);
    actions.playback.step(1);
    expect(state.playback.frame).toBe(11);
    actions.playback.step(500);
    expect(state.playback.frame).toBe(100);
  });

  it("play at the end starts again from frame 0", () => {
    studioWithLength(100);
    const { actions, state } = studio;
    actions.playback.seek(100);
    actions.playback.togglePlay();
    expect(state.playback).toMatchObject({ frame: 0, playing: true });
    actions.playback.togglePlay();
    expect(state.playback.playing).toBe(false);
  });

  it("is session state: nothing to undo", () => {
    studioWithLength(100);
    const { actions } = studio;
    actions.playback.seek(40);
    actions.playback.setZoom(1000);
    actions.track.select({ itemIds: ["a"] });
    expect(studio.state.playback.pxPerSecond).toBe(300);
    expect(actions.history.canUndo()).toBe(false);
  });

  it("zooms by wheel notches of x1.1 within 5..300 px/s", () => {
    studioWithLength(100);
    const { actions, state } = studio;
    actions.playback.zoomBy(1);
    expect(state.playback.pxPerSecond).toBeCloseTo(22);
    actions.playback.zoomBy(-100);
    expect(state.playback.pxPerSecond).toBe(5);
  });
});
