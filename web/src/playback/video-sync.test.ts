import { describe, expect, it } from "vitest";
import { decideVideoSync, makeVideoSync, type SyncableVideo, type VideoTarget } from "./video-sync";

const target = (over: Partial<VideoTarget> = {}): VideoTarget => ({
  seconds: 2,
  playing: true,
  rate: 1,
  fps: 25,
  ...over,
});

class FakeVideo implements SyncableVideo {
  currentTime = 0;
  paused = true;
  playbackRate = 1;
  seeks: number[] = [];
  fastSeeks: number[] = [];
  play() {
    this.paused = false;
    return Promise.resolve();
  }
  pause() {
    this.paused = true;
  }
  fastSeek = (t: number) => {
    this.fastSeeks.push(t);
    this.currentTime = t;
  };
}

describe("decideVideoSync", () => {
  it.each([
    {
      name: "in sync while playing",
      current: 2.1,
      paused: false,
      t: {},
      seekTo: null,
      play: false,
    },
    {
      name: "drift of 0.25 s is tolerated",
      current: 2.25,
      paused: false,
      t: {},
      seekTo: null,
      play: false,
    },
    {
      name: "drift over 0.25 s re-seeks",
      current: 2.3,
      paused: false,
      t: {},
      seekTo: 2,
      play: false,
    },
    {
      name: "a paused video starts playing",
      current: 2,
      paused: true,
      t: {},
      seekTo: null,
      play: true,
    },
    {
      name: "paused: seeks to the exact frame",
      current: 2.03,
      paused: true,
      t: { playing: false },
      seekTo: 2,
      play: false,
    },
    {
      name: "paused: within half a frame stays",
      current: 2.01,
      paused: true,
      t: { playing: false },
      seekTo: null,
      play: false,
    },
    {
      name: "backward shuttle seeks, never plays",
      current: 2.5,
      paused: true,
      t: { rate: -2 },
      seekTo: 2,
      play: false,
    },
  ])("$name", c => {
    const d = decideVideoSync({
      video: { currentTime: c.current, paused: c.paused, playbackRate: 1 },
      target: target(c.t),
    });
    expect(d.seekTo).toBe(c.seekTo);
    expect(d.play).toBe(c.play);
  });

  it("pauses a playing video when playback stops, and matches the speed when fast-forwarding", () => {
    const stop = decideVideoSync({
      video: { currentTime: 2, paused: false, playbackRate: 1 },
      target: target({ playing: false }),
    });
    expect(stop.pause).toBe(true);
    const fast = decideVideoSync({
      video: { currentTime: 2, paused: false, playbackRate: 1 },
      target: target({ rate: 4 }),
    });
    expect(fast.playbackRate).toBe(4);
  });
});

describe("makeVideoSync", () => {
  it("checks every 250 ms and re-seeks (fastSeek) only beyond the drift threshold", () => {
    const video = new FakeVideo();
    let tick: () => void = () => undefined;
    let intervalMs = 0;
    let t = target({ seconds: 0 });
    const [, dispose] = makeVideoSync({
      video,
      target: () => t,
      setInterval: (fn, ms) => {
        tick = fn;
        intervalMs = ms;
        return 1;
      },
      clearInterval: () => undefined,
    });
    expect(intervalMs).toBe(250);
    tick();
    expect(video.paused).toBe(false);
    // The element decodes on its own; a small lag is left alone.
    video.currentTime = 0.9;
    t = target({ seconds: 1 });
    tick();
    expect(video.fastSeeks).toEqual([]);
    // A stall: 0.6 s behind -> one fastSeek to the clock.
    video.currentTime = 1.4;
    t = target({ seconds: 2 });
    tick();
    expect(video.fastSeeks).toEqual([2]);
    dispose();
  });

  it("pauses the video when it has nothing to show", () => {
    const video = new FakeVideo();
    video.paused = false;
    let tick: () => void = () => undefined;
    makeVideoSync({
      video,
      target: () => null,
      setInterval: fn => {
        tick = fn;
        return 1;
      },
      clearInterval: () => undefined,
    });
    tick();
    expect(video.paused).toBe(true);
  });
});
