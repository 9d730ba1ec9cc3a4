/**
 * One description of a film to render, shared by the browser exporter (WebCodecs + mediabunny) and
 * the server's `render` job (ffmpeg), so both produce what the player shows. Every frame count is
 * at the spec's own `fps`; a source frame `n` of a media file is the picture shown at `n / fps`
 * seconds into it (sampled at mid-frame, see `sourceSampleSeconds`). Video items are listed V1
 * first in play order, then V2 in stacking order (later on top); only the top V2 item shows.
 */
import { z } from "zod";
import { IdSchema } from "../schema/ids";

/** Output audio sample rate in Hz (both exporters mix and encode at this rate). */
export const RENDER_AUDIO_SAMPLE_RATE = 48_000;
/** Output audio channels (stereo). */
export const RENDER_AUDIO_CHANNELS = 2;
/** Largest output side in pixels (8K UHD width). */
export const MAX_RENDER_DIMENSION = 7680;
/** Smallest output side in pixels. */
export const MIN_RENDER_DIMENSION = 16;

export const RenderContainerSchema = z.enum(["mp4", "webm"], {
  error: "Format must be mp4 or webm",
});
export type RenderContainer = z.infer<typeof RenderContainerSchema>;

/** Video codecs by mediabunny's names: H.264 ("avc"), VP9, VP8. */
export const RenderVideoCodecSchema = z.enum(["avc", "vp9", "vp8"], {
  error: "Video codec must be avc, vp9 or vp8",
});
export type RenderVideoCodec = z.infer<typeof RenderVideoCodecSchema>;

export const RenderAudioCodecSchema = z.enum(["aac", "opus"], {
  error: "Audio codec must be aac or opus",
});
export type RenderAudioCodec = z.infer<typeof RenderAudioCodecSchema>;

export const RenderQualitySchema = z.enum(["low", "medium", "high"], {
  error: "Quality must be low, medium or high",
});
export type RenderQuality = z.infer<typeof RenderQualitySchema>;

/** Which codecs each container may carry. */
export const CONTAINER_CODECS: Readonly<
  Record<
    RenderContainer,
    { video: readonly RenderVideoCodec[]; audio: readonly RenderAudioCodec[] }
  >
> = {
  mp4: { video: ["avc", "vp9"], audio: ["aac", "opus"] },
  webm: { video: ["vp9", "vp8"], audio: ["opus"] },
};

function dimension(label: string) {
  return z
    .number({ error: `${label} must be a number` })
    .int(`${label} must be a whole number`)
    .min(MIN_RENDER_DIMENSION, `${label} must be at least ${MIN_RENDER_DIMENSION} pixels`)
    .max(MAX_RENDER_DIMENSION, `${label} must be at most ${MAX_RENDER_DIMENSION} pixels`)
    .multipleOf(2, `${label} must be even (4:2:0 video)`);
}

const frameCount = (label: string, min: number) =>
  z
    .number({ error: `${label} must be a number` })
    .int(`${label} must be a whole number`)
    .min(min, `${label} must be at least ${min}`);

/** A picture on V1 or V2: `durationFrames` of `mediaId` from `sourceInFrame`, at `startFrame`. */
export const RenderVideoItemSchema = z.object({
  itemId: IdSchema,
  mediaId: IdSchema,
  kind: z.enum(["video", "image"]),
  track: z.enum(["V1", "V2"]),
  startFrame: frameCount("Start", 0),
  sourceInFrame: frameCount("Source in", 0),
  durationFrames: frameCount("Duration", 1),
  opacity: z.number().min(0).max(1),
  /** Offset of the layer in output pixels (V1 is always 0, 0). */
  x: z.number(),
  y: z.number(),
  /** Size relative to fitting the output (1 = contained in the frame). */
  scale: z.number().positive(),
});
export type RenderVideoItem = z.infer<typeof RenderVideoItemSchema>;

/**
 * A sound: `durationFrames` of `mediaId`'s audio from `sourceInFrame`, at `startFrame`. A video
 * clip's own sound has the same placement and trim as its picture; a file without a sound track
 * (a generated clip) is silence, which each exporter finds out when it reads the file.
 */
export const RenderAudioItemSchema = z.object({
  itemId: IdSchema,
  mediaId: IdSchema,
  /** The track it comes from: A1 (also when absent) or a video clip's own sound on V1/V2. */
  track: z.enum(["V1", "V2", "A1"]).optional(),
  startFrame: frameCount("Start", 0),
  sourceInFrame: frameCount("Source in", 0),
  durationFrames: frameCount("Duration", 1),
  /** Linear gain 0..2. */
  gain: z.number().min(0).max(2),
});
export type RenderAudioItem = z.infer<typeof RenderAudioItemSchema>;

export const RenderSpecSchema = z
  .object({
    width: dimension("Width"),
    height: dimension("Height"),
    fps: z
      .number({ error: "Frame rate must be a number" })
      .int("Frame rate must be a whole number")
      .min(1, "Frame rate must be between 1 and 120 fps")
      .max(120, "Frame rate must be between 1 and 120 fps"),
    durationFrames: frameCount("Duration", 1),
    container: RenderContainerSchema,
    videoCodec: RenderVideoCodecSchema,
    audioCodec: RenderAudioCodecSchema,
    quality: RenderQualitySchema.default("high"),
    video: z.array(RenderVideoItemSchema),
    audio: z.array(RenderAudioItemSchema),
  })
  .superRefine((spec, ctx) => {
    const allowed = CONTAINER_CODECS[spec.container];
    if (!allowed.video.includes(spec.videoCodec)) {
      ctx.addIssue({
        code: "custom",
        path: ["videoCodec"],
        message: `${spec.container} cannot carry ${spec.videoCodec} video`,
      });
    }
    if (!allowed.audio.includes(spec.audioCodec)) {
      ctx.addIssue({
        code: "custom",
        path: ["audioCodec"],
        message: `${spec.container} cannot carry ${spec.audioCodec} audio`,
      });
    }
    const items = [...spec.video, ...spec.audio];
    items.forEach((item, i) => {
      if (item.startFrame + item.durationFrames > spec.durationFrames) {
        const list = i < spec.video.length ? "video" : "audio";
        const index = i < spec.video.length ? i : i - spec.video.length;
        ctx.addIssue({
          code: "custom",
          path: [list, index, "durationFrames"],
          message: "An item ends after the end of the film",
        });
      }
    });
  });
export type RenderSpec = z.infer<typeof RenderSpecSchema>;
/** A spec as a client may write it (quality optional). */
export type RenderSpecInput = z.input<typeof RenderSpecSchema>;

/**
 * Time into a source, in seconds, at which its frame `sourceFrame` is sampled: mid-frame, so a file
 * whose timestamps are `n / fps` maps exactly to frame `n` despite float rounding.
 */
export function sourceSampleSeconds(sourceFrame: number, fps: number): number {
  return (sourceFrame + 0.5) / fps;
}

/** Every media id the spec reads, video and audio, in first-use order without repeats. */
export function listSpecMediaIds(spec: Pick<RenderSpec, "video" | "audio">): string[] {
  return [...new Set([...spec.video.map(i => i.mediaId), ...spec.audio.map(i => i.mediaId)])];
}
