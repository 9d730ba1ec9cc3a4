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
/** A1 clips: "a" frames 25-75 (source trimmed 10 at the head), "b" frames 100-150. */
const a1Clips = [
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
];
const timeline: Timeline = makeTimeline({ items: a1Clips });

/**
 * V1: "x" (40 frames after a 10-frame trim out), then the camera clip "cam" with 20 frames cut
 * from its head, rippled to start at frame 40; V2: "o" from frame 10; plus the A1 clips.
 */
const cameraCut: Timeline = makeTimeline({
  items: [
    makeTimelineItem({ id: "x", mediaId: "mx", sourceFrames: 50, trimOut: 10 }),
    makeTimelineItem({ id: "cam", mediaId: "mcam", sourceFrames: 100, trimIn: 20 }),
    makeTimelineItem({ id: "o", track: "V2", mediaId: "mo", sourceFrames: 30, startFrame: 10 }),
    ...a1Clips,
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
        track: "A1",
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
        track: "A1",
        gain: 1,
        delaySeconds: 0.1,
        offsetSeconds: 0,
        durationSeconds: 2,
      },
    ]);
  });

  it("plays video clips' own sound where their pictures play, V1 rippled and trimmed", () => {
    const plans = planAudioClips({ timeline: cameraCut, positionFrames: 30, fps: FPS, rate: 1 });
    const brief = plans.map(p => [p.itemId, p.track, p.delaySeconds, p.offsetSeconds]);
    expect(brief).toEqual([
      // x: 30 frames in = 1.2 s of its source.
      ["x", "V1", 0, 1.2],
      // cam starts at frame 40 (0.4 s ahead) from its 20th source frame (0.8 s).
      ["cam", "V1", 0.4, 0.8],
      // o: 20 frames into it.
      ["o", "V2", 0, 0.8],
      ["a", "A1", 0, 0.6],
    ]);
    expect(plans.find(p => p.itemId === "cam")?.durationSeconds).toBeCloseTo(80 / FPS);
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
      track: "A1" as const,
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
  return { ctx, started, stopped: () => stopped, masterGain: () => gains[0] };
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

    // Before a user gesture everything is silent; pausing stops every source.
    graph.sync({ ...input, positionFrames: 32, muted: true });
    expect(fake.masterGain()?.gain.value).toBe(0);
    expect(graph.voices().map(v => v.gain)).toEqual([0]);
    graph.sync({ ...input, positionFrames: 32, playing: false });
    expect(fake.stopped()).toBe(2);
    dispose();
  });
});

describe("makeAudioGraph with video clips' own sound", () => {
  const setup = (loadMedia: (mediaId: string) => Promise<ArrayBuffer | null>) => {
    (globalThis as { AudioBuffer?: unknown }).AudioBuffer = FakeBuffer;
    const fake = fakeContext();
    const [graph, dispose] = makeAudioGraph({
      createContext: () => fake.ctx as unknown as AudioContext,
      loadMedia,
    });
    const sync = async (timeline: Timeline, positionFrames = 30) => {
      const input = { timeline, positionFrames, fps: FPS, playing: true, rate: 1, muted: false };
      graph.sync(input);
      await new Promise(r => setTimeout(r, 0));
      graph.sync(input);
    };
    return { fake, graph, dispose, sync };
  };
  type TrackFlags = Partial<Record<string, { hidden?: boolean; muted?: boolean }>>;
  const withTracks = (flags: TrackFlags) => ({
    ...cameraCut,
    tracks: cameraCut.tracks.map(t => ({ ...t, ...flags[t.id] })),
  });
  const gains = (graph: ReturnType<typeof setup>["graph"]) =>
    Object.fromEntries(graph.voices().map(v => [v.itemId, v.gain]));

  it("schedules a V1 clip's sound at its rippled start, from its trimmed head", async () => {
    const { fake, graph, dispose, sync } = setup(() => Promise.resolve(new ArrayBuffer(8)));
    await sync(cameraCut);
    const cam = fake.started[graph.voices().findIndex(v => v.itemId === "cam")];
    expect(cam).toMatchObject({ when: 0.4, offset: 0.8 });
    expect(cam?.duration).toBeCloseTo(80 / FPS);
    expect(graph.voices().find(v => v.itemId === "cam")).toMatchObject({
      track: "V1",
      mediaId: "mcam",
      startsInSeconds: 0.4,
    });
    dispose();
  });

  it.each([
    { name: "nothing off", flags: {}, silent: [] },
    { name: "V1 muted", flags: { V1: { muted: true } }, silent: ["x", "cam"] },
    { name: "V2 muted", flags: { V2: { muted: true } }, silent: ["o"] },
    { name: "A1 muted", flags: { A1: { muted: true } }, silent: ["a"] },
    // Hiding a video track takes its picture away, not its sound.
    { name: "V1 hidden", flags: { V1: { hidden: true } }, silent: [] },
  ])("mutes per track: $name", async ({ flags, silent }) => {
    const { graph, dispose, sync } = setup(() => Promise.resolve(new ArrayBuffer(8)));
    await sync(withTracks(flags));
    const expected = { x: 1, cam: 1, o: 1, a: 0.5 };
    for (const id of silent) expected[id as keyof typeof expected] = 0;
    expect(gains(graph)).toEqual(expected);
    dispose();
  });

  it("leaves clips silent when their file has no sound track, and plays the others", async () => {
    // mx: no bytes for the decoder (an image); mo: a video without sound (decoding fails).
    const { fake, graph, dispose, sync } = setup(mediaId =>
      Promise.resolve(mediaId === "mx" ? null : new ArrayBuffer(mediaId === "mo" ? 4 : 8)),
    );
    fake.ctx.decodeAudioData = (bytes: ArrayBuffer) =>
      bytes.byteLength === 8
        ? Promise.resolve(new FakeBuffer(8))
        : Promise.reject(new Error("no audio"));
    await sync(cameraCut);
    expect(graph.voices().map(v => v.itemId)).toEqual(["cam", "a"]);
    dispose();
  });
});
