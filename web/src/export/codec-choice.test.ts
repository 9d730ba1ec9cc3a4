import { describe, expect, it } from "vitest";
import { avcCodecString, chooseCodecs, type EncoderProbe } from "./codec-choice";

/** A browser that has exactly these encoders (codec-string prefixes). */
function browserWith(video: string[], audio: string[]): EncoderProbe & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    video: config => {
      asked.push(config.codec);
      return Promise.resolve(video.some(v => config.codec.startsWith(v)));
    },
    audio: config => {
      asked.push(config.codec);
      return Promise.resolve(audio.some(a => config.codec.startsWith(a)));
    },
  };
}

const request = { width: 1280, height: 720, fps: 25, quality: "high" as const };

describe("chooseCodecs", () => {
  it.each([
    [
      "a browser with everything",
      "mp4",
      ["avc1", "vp09", "vp8"],
      ["mp4a", "opus"],
      "MP4 · H.264 + AAC",
      null,
    ],
    [
      "Debian's Chromium (no AAC encoder)",
      "mp4",
      ["avc1", "vp09", "vp8"],
      ["opus"],
      "MP4 · H.264 + Opus",
      /no AAC encoder, so the sound is Opus/,
    ],
    [
      "no H.264 encoder",
      "mp4",
      ["vp09"],
      ["mp4a"],
      "MP4 · VP9 + AAC",
      /no H\.264 encoder, so the picture is VP9/,
    ],
    ["WebM", "webm", ["avc1", "vp09", "vp8"], ["mp4a", "opus"], "WEBM · VP9 + Opus", null],
    ["WebM without VP9", "webm", ["vp8"], ["opus"], "WEBM · VP8 + Opus", /no VP9 encoder/],
    ["no audio encoder at all", "webm", ["vp09"], [], "WEBM · VP9 + Opus", /will be silent/],
  ] as const)("%s: %s", async (_name, container, video, audio, label, note) => {
    const choice = await chooseCodecs({
      ...request,
      container,
      probe: browserWith([...video], [...audio]),
    });
    expect(choice?.label).toBe(label);
    if (note) expect(choice?.note).toMatch(note);
    else expect(choice?.note).toBeNull();
    expect(choice?.audioSupported).toBe(audio.length > 0);
  });

  it("is null when the container has no video encoder", async () => {
    expect(
      await chooseCodecs({ ...request, container: "webm", probe: browserWith(["avc1"], ["opus"]) }),
    ).toBeNull();
  });

  it("falls back to a lower H.264 profile a software encoder takes", async () => {
    const probe = browserWith(["avc1.4200"], ["opus"]);
    const choice = await chooseCodecs({ ...request, container: "mp4", probe });
    expect(choice?.videoCodecString).toBe("avc1.42001f");
    expect(probe.asked.slice(0, 3)).toEqual(["avc1.64001f", "avc1.4d001f", "avc1.42001f"]);
  });

  it("treats a probe that throws as unsupported", async () => {
    const probe: EncoderProbe = {
      video: config =>
        config.codec.startsWith("avc1") ? Promise.reject(new Error("boom")) : Promise.resolve(true),
      audio: () => Promise.resolve(true),
    };
    expect((await chooseCodecs({ ...request, container: "mp4", probe }))?.videoCodec).toBe("vp9");
  });
});

describe("avcCodecString", () => {
  it.each([
    [768, 512, 25, "avc1.64001f"],
    [1280, 720, 30, "avc1.64001f"],
    [1920, 1080, 30, "avc1.640028"],
    [1920, 1080, 60, "avc1.64002a"],
    [3840, 2160, 30, "avc1.640033"],
    [3840, 2160, 60, "avc1.640034"],
  ])("%i×%i at %i fps -> %s", (width, height, fps, codec) => {
    expect(avcCodecString({ width, height, fps })).toBe(codec);
  });
});
