/**
 * Which encoders an export uses, decided by asking the browser (`isConfigSupported`), never by
 * guessing from the user agent: MP4 is H.264 (VP9 when H.264 has no encoder) with AAC, or Opus
 * where AAC has none (Debian's Chromium ships no AAC encoder); WebM is VP9 or VP8 with Opus. The
 * choice carries a sentence for the dialog, so the user knows what they get.
 */
import {
  RENDER_AUDIO_CHANNELS,
  RENDER_AUDIO_SAMPLE_RATE,
  RENDER_QUALITY,
  computeVideoBitrate,
  type RenderAudioCodec,
  type RenderContainer,
  type RenderQuality,
  type RenderVideoCodec,
} from "@milimo/shared/render";

/** An encoder set the browser accepted, with WebCodecs codec strings and words for the user. */
export type CodecChoice = {
  container: RenderContainer;
  videoCodec: RenderVideoCodec;
  audioCodec: RenderAudioCodec;
  videoCodecString: string;
  audioCodecString: string;
  /** Whether an audio encoder was found; false only matters when the film has sound. */
  audioSupported: boolean;
  /** e.g. "MP4 · H.264 + Opus". */
  label: string;
  /** Why the choice differs from the usual one, or null. */
  note: string | null;
};

/** What the browser is asked: the same calls as `VideoEncoder/AudioEncoder.isConfigSupported`. */
export type EncoderProbe = {
  video(config: VideoEncoderConfig): Promise<boolean>;
  audio(config: AudioEncoderConfig): Promise<boolean>;
};

const CODEC_NAMES: Record<RenderVideoCodec | RenderAudioCodec, string> = {
  avc: "H.264",
  vp9: "VP9",
  vp8: "VP8",
  aac: "AAC",
  opus: "Opus",
};

/**
 * H.264 codec string (High profile) whose level covers `width`×`height` at `fps`; levels by
 * macroblocks per second (ITU-T H.264 Table A-1).
 */
export function avcCodecString({
  width,
  height,
  fps,
}: {
  width: number;
  height: number;
  fps: number;
}): string {
  const mbps = Math.ceil(width / 16) * Math.ceil(height / 16) * fps;
  const levels: [number, string][] = [
    [108_000, "1f"], // 3.1
    [245_760, "28"], // 4.0
    [522_240, "2a"], // 4.2
    [983_040, "33"], // 5.1
    [2_073_600, "34"], // 5.2
  ];
  const level = levels.find(([max]) => mbps <= max)?.[1] ?? "3c";
  return `avc1.6400${level}`;
}

function videoCandidates(
  container: RenderContainer,
  size: { width: number; height: number; fps: number },
): { codec: RenderVideoCodec; strings: string[] }[] {
  const avc = avcCodecString(size);
  // Profiles from High down to Constrained Baseline: software encoders (OpenH264) take only some.
  const avcStrings = [
    avc,
    avc.replace("avc1.6400", "avc1.4d00"),
    avc.replace("avc1.6400", "avc1.4200"),
  ];
  const vp9 = ["vp09.00.41.08", "vp09.00.10.08"];
  return container === "mp4"
    ? [
        { codec: "avc", strings: avcStrings },
        { codec: "vp9", strings: vp9 },
      ]
    : [
        { codec: "vp9", strings: vp9 },
        { codec: "vp8", strings: ["vp8"] },
      ];
}

function audioCandidates(
  container: RenderContainer,
): { codec: RenderAudioCodec; string: string }[] {
  return container === "mp4"
    ? [
        { codec: "aac", string: "mp4a.40.2" },
        { codec: "opus", string: "opus" },
      ]
    : [{ codec: "opus", string: "opus" }];
}

/** Encoder settings for a codec string (shared by the probe and the real encoder). */
export function makeVideoEncoderConfig({
  codec,
  width,
  height,
  fps,
  quality,
}: {
  codec: string;
  width: number;
  height: number;
  fps: number;
  quality: RenderQuality;
}): VideoEncoderConfig {
  return {
    codec,
    width,
    height,
    framerate: fps,
    bitrate: computeVideoBitrate({ width, height, fps, quality }),
    bitrateMode: "variable",
    // "realtime" lets software encoders skip their slowest searches: 30–40% faster at a similar size.
    latencyMode: "realtime",
    ...(codec.startsWith("avc1") ? { avc: { format: "avc" as const } } : {}),
  };
}

/** Audio encoder settings: 48 kHz stereo at the quality's bitrate. */
export function makeAudioEncoderConfig(codec: string, quality: RenderQuality): AudioEncoderConfig {
  return {
    codec,
    sampleRate: RENDER_AUDIO_SAMPLE_RATE,
    numberOfChannels: RENDER_AUDIO_CHANNELS,
    bitrate: RENDER_QUALITY[quality].audioBitrate,
  };
}

/** Picks encoders for a container, or null when no video encoder of that container exists. */
export async function chooseCodecs({
  container,
  width,
  height,
  fps,
  quality,
  probe,
}: {
  container: RenderContainer;
  width: number;
  height: number;
  fps: number;
  quality: RenderQuality;
  probe: EncoderProbe;
}): Promise<CodecChoice | null> {
  let video: { codec: RenderVideoCodec; string: string } | null = null;
  const videos = videoCandidates(container, { width, height, fps });
  for (const candidate of videos) {
    for (const string of candidate.strings) {
      const config = makeVideoEncoderConfig({ codec: string, width, height, fps, quality });
      if (await probe.video(config).catch(() => false)) {
        video = { codec: candidate.codec, string };
        break;
      }
    }
    if (video) break;
  }
  if (!video) return null;
  const audios = audioCandidates(container);
  let audio: { codec: RenderAudioCodec; string: string } | null = null;
  for (const candidate of audios) {
    if (await probe.audio(makeAudioEncoderConfig(candidate.string, quality)).catch(() => false)) {
      audio = candidate;
      break;
    }
  }
  const notes: string[] = [];
  const usual = { video: videos[0]?.codec, audio: audios[0]?.codec };
  if (video.codec !== usual.video) {
    notes.push(
      `This browser has no ${CODEC_NAMES[usual.video ?? "avc"]} encoder, so the picture is ${CODEC_NAMES[video.codec]}.`,
    );
  }
  if (!audio) {
    notes.push("This browser has no audio encoder for this format: the film will be silent.");
  } else if (audio.codec !== usual.audio) {
    notes.push(
      `This browser has no ${CODEC_NAMES[usual.audio ?? "aac"]} encoder, so the sound is ${CODEC_NAMES[audio.codec]} (plays in Chrome, Firefox, Edge and VLC; older Safari may play it silent).`,
    );
  }
  const chosenAudio = audio ?? audios[0] ?? { codec: "opus" as const, string: "opus" };
  return {
    container,
    videoCodec: video.codec,
    audioCodec: chosenAudio.codec,
    videoCodecString: video.string,
    audioCodecString: chosenAudio.string,
    audioSupported: audio !== null,
    label: `${container.toUpperCase()} · ${CODEC_NAMES[video.codec]} + ${CODEC_NAMES[chosenAudio.codec]}`,
    note: notes.length > 0 ? notes.join(" ") : null,
  };
}

/** The probe over the real WebCodecs API (worker or window); false where WebCodecs is missing. */
export function makeWebCodecsProbe(): EncoderProbe {
  return {
    async video(config) {
      if (typeof VideoEncoder === "undefined") return false;
      return (await VideoEncoder.isConfigSupported(config)).supported === true;
    },
    async audio(config) {
      if (typeof AudioEncoder === "undefined") return false;
      return (await AudioEncoder.isConfigSupported(config)).supported === true;
    },
  };
}
