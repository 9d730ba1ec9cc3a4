import { describe, expect, it } from "vitest";
import { makeTimeline, makeTimelineItem, type Timeline } from "@milimo/shared/schema";
import {
  expectedSourceSeconds,
  makeAudioGraph,
  needsAudioRestart,
  planAudioClips,
  sourcePositionSeconds,
} from "./audio-graph";

const FPS = 25;
/** A1 clips: "a" frames 25-75 (source trimmed 10 at the head), "b" frames 100-150; a V1 clip. */
const timeline: Timeline = makeTimeline({
  items: [
    makeTimelineItem({ id: "v", sourceFrames: 300, mediaId: "video" }),
    makeTimelineItem({
      id: "a",
      track: "A1",
      mediaId: "ma",
      sourceFrames: 60,
      trimIn: 10,
      startFrame: 25,
      gain: 0.5,
    }),
    makeTimelineItem({ id: "b", track: "A1", mediaId: "mb", sourceFrames: 50, startFrame: 100 }),
  ],
});

describe("planAudioClips", () => {
  it("plays the clip under the playhead from the right place in its source", () => {
    const plans = planAudioClips({ timeline, positionFrames: 50, fps: FPS, rate: 1 });
    expect(plans).toEqual([
      // 25 frames into the clip + 10 trimmed = 35 source frames = 1.4 s; 25 frames left = 1 s.
      {
        itemId: "a",
        mediaId: "ma",
        gain: 0.5,
        delaySeconds: 0,
        offsetSeconds: 1.4,
        durationSeconds: 1,
      },
    ]);
  });

  it("schedules a clip starting within the lookahead with a delay, scaled by speed", () => {
    const plans = planAudioClips({ timeline, positionFrames: 95, fps: FPS, rate: 2 });
    expect(plans).toEqual([
      {
        itemId: "b",
        mediaId: "mb",
        gain: 1,
        delaySeconds: 0.1,
        offsetSeconds: 0,
        durationSeconds: 2,
      },
    ]);
  });

  it.each([
    { name: "between clips, beyond the lookahead", position: 80, rate: 1 },
    { name: "backward shuttle", position: 50, rate: -1 },
    { name: "after the last clip", position: 150, rate: 1 },
  ])("is silent $name", ({ position, rate }) => {
    expect(planAudioClips({ timeline, positionFrames: position, fps: FPS, rate })).toEqual([]);
  });
});

describe("drift", () => {
  it("restarts only beyond 0.3 s", () => {
    expect(needsAudioRestart({ actualSeconds: 1.0, expectedSeconds: 1.29 })).toBe(false);
    expect(needsAudioRestart({ actualSeconds: 1.0, expectedSeconds: 0.71 })).toBe(false);
    expect(needsAudioRestart({ actualSeconds: 1.0, expectedSeconds: 1.31 })).toBe(true);
  });

  it("measures a source's position in its buffer, before and after it starts", () => {
    const voice = { startContextTime: 10, offsetSeconds: 2, rate: 1 };
    expect(sourcePositionSeconds({ ...voice, contextTime: 11.5 })).toBe(3.5);
    expect(sourcePositionSeconds({ ...voice, contextTime: 9.5 })).toBe(1.5);
    const plan = {
      itemId: "b",
      mediaId: "mb",
      gain: 1,
      delaySeconds: 0.5,
      offsetSeconds: 2,
      durationSeconds: 1,
    };
    expect(expectedSourceSeconds(plan, 1)).toBe(1.5);
  });
});

/** Minimal Web Audio fake: records starts and stops. */
function fakeContext() {
  const started: { when: number; offset: number; duration: number; buffer: unknown }[] = [];
  let stopped = 0;
  const gains: { gain: { value: number } }[] = [];
  const ctx = {
    currentTime: 0,
    state: "running",
    destination: {},
    createGain() {
      const g = { gain: { value: 1 }, connect: () => undefined, disconnect: () => undefined };
      gains.push(g);
      return g;
    },
    createBufferSource() {
      return {
        buffer: null as unknown,
        playbackRate: { value: 1 },
        onended: null,
        connect: () => undefined,
        disconnect: () => undefined,
        start(when: number, offset: number, duration: number) {
          started.push({ when, offset, duration, buffer: this.buffer });
        },
        stop: () => {
          stopped += 1;
        },
      };
    },
    decodeAudioData: (bytes: ArrayBuffer) => Promise.resolve(new FakeBuffer(bytes.byteLength)),
    resume: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  return { ctx, started, stopped: () => stopped, trackGain: () => gains[0] };
}

class FakeBuffer {
  constructor(readonly length: number) {}
}

describe("makeAudioGraph", () => {
  it("starts one source per audible clip, keeps it while in sync, restarts it after a seek", async () => {
    (globalThis as { AudioBuffer?: unknown }).AudioBuffer = FakeBuffer;
    const fake = fakeContext();
    const [graph, dispose] = makeAudioGraph({
      createContext: () => fake.ctx as unknown as AudioContext,
      loadMedia: () => Promise.resolve(new ArrayBuffer(8)),
    });
    const input = { timeline, fps: FPS, playing: true, rate: 1, muted: false };
    graph.sync({ ...input, positionFrames: 50 });
    expect(fake.started).toHaveLength(0); // decoding
    await new Promise(r => setTimeout(r, 0));
    graph.sync({ ...input, positionFrames: 50 });
    expect(fake.started).toHaveLength(1);
    expect(fake.started[0]).toMatchObject({ when: 0, offset: 1.4, duration: 1 });
    expect(fake.started[0]?.buffer).toBeInstanceOf(FakeBuffer);

    // 0.25 s later, the clock moved 0.25 s: in sync, nothing restarts.
    fake.ctx.currentTime = 0.25;
    graph.sync({ ...input, positionFrames: 50 + 0.25 * FPS });
    expect(fake.started).toHaveLength(1);

    // The user scrubbed 1 s back while playing: drift 1 s > 0.3 s -> restart at the new place.
    graph.sync({ ...input, positionFrames: 31.25 });
    expect(fake.started).toHaveLength(2);
    expect(fake.started[1]?.offset).toBeCloseTo((31.25 - 25 + 10) / FPS);
    expect(fake.stopped()).toBe(1);

    // Muting the track silences the shared track gain; pausing stops every source.
    graph.sync({ ...input, positionFrames: 32, muted: true });
    expect(fake.trackGain()?.gain.value).toBe(0);
    graph.sync({ ...input, positionFrames: 32, playing: false });
    expect(fake.stopped()).toBe(2);
    dispose();
  });
});
