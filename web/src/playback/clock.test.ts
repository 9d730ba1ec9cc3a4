import { describe, expect, it } from "vitest";
import { makePlaybackClock, type ClockInput } from "./clock";

/** A clock over a plain object "store" and a manual rAF queue. */
function harness(input: Partial<ClockInput> = {}) {
  const store: ClockInput = { playing: true, rate: 1, frame: 0, fps: 25, endFrame: 100, ...input };
  const frames: ((t: number) => void)[] = [];
  const writes: number[] = [];
  let ended = 0;
  let nowMs = 1000;
  const [clock, dispose] = makePlaybackClock({
    read: () => store,
    setFrame: f => {
      writes.push(f);
      store.frame = f;
    },
    onEnd: () => {
      ended += 1;
      store.playing = false;
    },
    requestFrame: cb => frames.push(cb),
    cancelFrame: () => undefined,
    now: () => nowMs,
  });
  /** Runs the pending animation frame at `t` ms. */
  const frameAt = (t: number) => {
    nowMs = t;
    const cb = frames.shift();
    cb?.(t);
    return cb !== undefined;
  };
  return { store, clock, writes, frameAt, ended: () => ended, dispose };
}

describe("playback clock", () => {
  it("advances one frame per 40 ms at 25 fps, anchored to wall time", () => {
    const h = harness();
    h.clock.start();
    h.frameAt(1016);
    expect(h.store.frame).toBe(0);
    h.frameAt(1040);
    expect(h.store.frame).toBe(1);
    // A long stall skips frames instead of slowing playback down.
    h.frameAt(2000);
    expect(h.store.frame).toBe(25);
    expect(h.clock.positionFrames()).toBeCloseTo(25);
  });

  it("stops at the end of the timeline and reports it once", () => {
    const h = harness({ frame: 90 });
    h.clock.start();
    h.frameAt(1200);
    h.frameAt(1500);
    expect(h.store.frame).toBe(100);
    expect(h.ended()).toBe(1);
    expect(h.clock.isRunning()).toBe(false);
    expect(h.frameAt(1600)).toBe(false);
  });

  it("plays backwards at negative rates and stops at frame 0", () => {
    const h = harness({ frame: 50, rate: -2 });
    h.clock.start();
    h.frameAt(1200); // 0.2 s x 25 fps x 2 = 10 frames back
    expect(h.store.frame).toBe(40);
    h.frameAt(3000);
    expect(h.store.frame).toBe(0);
    expect(h.ended()).toBe(1);
  });

  it("continues from a frame someone else wrote (scrub while playing)", () => {
    const h = harness();
    h.clock.start();
    h.frameAt(1400);
    expect(h.store.frame).toBe(10);
    h.store.frame = 60;
    h.frameAt(1440);
    expect(h.store.frame).toBe(60);
    h.frameAt(1480);
    expect(h.store.frame).toBe(61);
  });

  it("keeps position when the speed changes mid-play", () => {
    const h = harness();
    h.clock.start();
    h.frameAt(1400); // frame 10
    h.store.rate = 2;
    h.frameAt(1400);
    h.frameAt(1600); // +0.2 s x 50 frames/s
    expect(h.store.frame).toBe(20);
  });

  it("stops itself when paused and writes nothing more", () => {
    const h = harness();
    h.clock.start();
    h.frameAt(1100);
    h.store.playing = false;
    const count = h.writes.length;
    h.frameAt(2000);
    expect(h.writes.length).toBe(count);
    expect(h.clock.isRunning()).toBe(false);
  });
});
