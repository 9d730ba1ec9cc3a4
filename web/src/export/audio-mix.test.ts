import { describe, expect, it } from "vitest";
import { makeAudioMixer, type OfflineContextFactory } from "./audio-mix";

const RATE = 48_000;

type FakeBuffer = {
  numberOfChannels: number;
  length: number;
  getChannelData(c: number): Float32Array;
};

/** A mono source buffer whose sample k is `f(k)`. */
function monoBuffer(length: number, f: (k: number) => number): FakeBuffer {
  const data = Float32Array.from({ length }, (_, k) => f(k));
  return { numberOfChannels: 1, length, getChannelData: () => data };
}

/**
 * An OfflineAudioContext that renders buffer sources the way Web Audio does (start(when, offset,
 * duration), a gain per source, mono up-mixed to both channels), sample-exact; decodes by name.
 */
function fakeContexts(decoded: Record<string, FakeBuffer | Error>) {
  const started: { when: number; offset: number; duration: number; gain: number }[] = [];
  const factory: OfflineContextFactory = (channels, length) => {
    const sources: {
      buffer: FakeBuffer | null;
      gain: { gain: { value: number } };
      at?: [number, number, number];
    }[] = [];
    const context = {
      decodeAudioData: (bytes: ArrayBuffer) => {
        const name = new TextDecoder().decode(bytes);
        const result = decoded[name];
        return !result || result instanceof Error
          ? Promise.reject(result ?? new Error("not audio"))
          : Promise.resolve(result);
      },
      createGain: () => {
        const node = { gain: { value: 1 }, connect: (d: unknown) => d };
        return node;
      },
      createBufferSource: () => {
        const source = {
          buffer: null as FakeBuffer | null,
          gain: { gain: { value: 1 } },
          connect(gain: { gain: { value: number } }) {
            source.gain = gain;
            return { connect: () => undefined };
          },
          start(when: number, offset: number, duration: number) {
            source.at = [when, offset, duration];
          },
        } as (typeof sources)[number] & { connect: unknown; start: unknown };
        sources.push(source);
        return source;
      },
      destination: {},
      startRendering: () => {
        const out = Array.from({ length: channels }, () => new Float32Array(length));
        for (const s of sources) {
          if (!s.buffer || !s.at) continue;
          const [when, offset, duration] = s.at;
          started.push({ when, offset, duration, gain: s.gain.gain.value });
          const n = Math.round(duration * RATE);
          for (let k = 0; k < n; k++) {
            const i = Math.round(when * RATE) + k;
            const j = Math.round(offset * RATE) + k;
            if (i >= length || j >= s.buffer.length) break;
            for (const ch of out)
              ch[i] =
                (ch[i] as number) + (s.buffer.getChannelData(0)[j] as number) * s.gain.gain.value;
          }
        }
        return {
          numberOfChannels: channels,
          getChannelData: (c: number) => out[c] as Float32Array,
        };
      },
    };
    return context as unknown as OfflineAudioContext;
  };
  return { factory, started };
}

const blob = (name: string) => new Blob([name]);

// 25 fps: "ramp" at frame 25 (1 s) for 50 frames from source frame 5 (0.2 s), gain 0.5.
const spec = {
  fps: 25,
  audio: [
    {
      itemId: "a",
      mediaId: "ramp",
      startFrame: 25,
      sourceInFrame: 5,
      durationFrames: 50,
      gain: 0.5,
    },
  ],
};

describe("makeAudioMixer", () => {
  it("places each clip part in its window, from its source offset, at its gain", async () => {
    const { factory, started } = fakeContexts({ ramp: monoBuffer(5 * RATE, k => k / RATE) });
    const mixer = makeAudioMixer({
      spec,
      blobs: new Map([["ramp", blob("ramp")]]),
      createContext: factory,
    });
    const [left, right] = await mixer.read(RATE / 2, RATE);
    expect(started).toEqual([{ when: 0.5, offset: 0.2, duration: 0.5, gain: 0.5 }]);
    expect(left?.[RATE / 2 - 1]).toBe(0);
    // One second in the film = 0.2 s in the source, at half gain.
    expect(left?.[RATE / 2]).toBeCloseTo(0.1, 5);
    expect(right?.[RATE - 1]).toBeCloseTo(0.5 * (0.2 + (RATE / 2 - 1) / RATE), 5);
  });

  it("returns silence where nothing sounds, and for files without sound", async () => {
    const { factory, started } = fakeContexts({ ramp: new Error("no audio track") });
    const mixer = makeAudioMixer({
      spec,
      blobs: new Map([["ramp", blob("ramp")]]),
      createContext: factory,
    });
    for (const start of [0, RATE]) {
      const planes = await mixer.read(start, 1000);
      expect(planes).toHaveLength(2);
      expect(planes.every(p => p.length === 1000 && p.every(v => v === 0))).toBe(true);
    }
    expect(started).toEqual([]);
  });

  it("mixes a video clip's own sound with A1; a clip without sound adds nothing", async () => {
    // A V1 camera clip (trimmed 0.4 s) from 0 s, a generated clip without sound after it, and the
    // A1 ramp from 1 s: the camera's constant 0.25 and the ramp add up where they overlap.
    const { factory, started } = fakeContexts({
      camera: monoBuffer(5 * RATE, () => 0.25),
      generated: new Error("no audio track"),
      ramp: monoBuffer(5 * RATE, k => k / RATE),
    });
    const film = {
      fps: 25,
      audio: [
        {
          itemId: "cam",
          mediaId: "camera",
          track: "V1" as const,
          startFrame: 0,
          sourceInFrame: 10,
          durationFrames: 40,
          gain: 1,
        },
        {
          itemId: "gen",
          mediaId: "generated",
          track: "V1" as const,
          startFrame: 40,
          sourceInFrame: 0,
          durationFrames: 40,
          gain: 1,
        },
        ...spec.audio,
      ],
    };
    const mixer = makeAudioMixer({
      spec: film,
      blobs: new Map(["camera", "generated", "ramp"].map(n => [n, blob(n)])),
      createContext: factory,
    });
    expect(await mixer.hasSound()).toBe(true);
    const [left] = await mixer.read(0, 2 * RATE);
    expect(started).toEqual([
      { when: 0, offset: 0.4, duration: 1.6, gain: 1 },
      { when: 1, offset: 0.2, duration: 1, gain: 0.5 },
    ]);
    expect(left?.[RATE / 2]).toBeCloseTo(0.25, 5);
    expect(left?.[RATE]).toBeCloseTo(0.25 + 0.5 * 0.2, 5);
    // After the camera clip ends (1.6 s), only the ramp.
    expect(left?.[1.8 * RATE]).toBeCloseTo(0.5 * (0.2 + 0.8), 5);
  });

  it("knows a film whose every source lacks a sound track is silent", async () => {
    const { factory } = fakeContexts({ generated: new Error("no audio track") });
    const mixer = makeAudioMixer({
      spec: {
        fps: 25,
        audio: [
          {
            itemId: "gen",
            mediaId: "generated",
            track: "V1",
            startFrame: 0,
            sourceInFrame: 0,
            durationFrames: 50,
            gain: 1,
          },
        ],
      },
      blobs: new Map([["generated", blob("generated")]]),
      createContext: factory,
    });
    expect(await mixer.hasSound()).toBe(false);
  });

  it("decodes each source once across windows", async () => {
    let decodes = 0;
    const { factory } = fakeContexts({ ramp: monoBuffer(5 * RATE, () => 1) });
    const counting: OfflineContextFactory = (...args) => {
      const context = factory(...args);
      const decode = context.decodeAudioData.bind(context);
      return Object.assign(context, {
        decodeAudioData: (b: ArrayBuffer) => (decodes++, decode(b)),
      });
    };
    const mixer = makeAudioMixer({
      spec,
      blobs: new Map([["ramp", blob("ramp")]]),
      createContext: counting,
    });
    for (let start = 0; start < 4 * RATE; start += RATE) await mixer.read(start, RATE);
    expect(decodes).toBe(1);
  });
});
