/**
 * The browser export loop (runs in the encoder worker). Frame by frame it asks `framesToRender`
 * what shows, decodes those source frames with mediabunny, composites V1 and the V2 overlay in
 * I420, and feeds a WebCodecs `VideoEncoder`; the sound mix (rendered on the main thread, where
 * OfflineAudioContext exists) arrives in windows and goes to an `AudioEncoder`, kept a little ahead
 * of the picture so the muxer can interleave. Back-pressure: the loop waits while the encoder queue
 * or the muxer's pending writes are high, so memory stays flat however long the film is.
 * Failures come back as `{ ok: false, code, message }` (Comlink keeps only an Error's message).
 */
import {
  ALL_FORMATS,
  BlobSource,
  Input,
  VideoSampleSink,
  type StreamTargetChunk,
  type VideoSample,
} from "mediabunny";
import {
  RENDER_AUDIO_CHANNELS,
  RENDER_AUDIO_SAMPLE_RATE,
  computeExportProgress,
  computeLayerRect,
  computeVisibleSegments,
  countFilmSamples,
  snapLayerRect,
  sourceSampleSeconds,
  type ExportProgress,
  type RenderSpec,
  type RenderVideoItem,
  type VisibleSegment,
} from "@milimo/shared/render";
import { makeAudioEncoderConfig, makeVideoEncoderConfig, type CodecChoice } from "./codec-choice";
import {
  drawI420,
  fillI420Black,
  i420Layout,
  makeI420,
  nv12ToI420,
  rgbaToI420,
  type I420,
} from "./i420-compose";
import { makeMuxer, type Muxer, type MuxTarget } from "./mux";

/** Encoder queue depth above which the producer waits (frames). */
export const MAX_ENCODE_QUEUE = 6;
/** Muxer writes in flight above which the producer waits. */
export const MAX_MUX_PENDING = 32;
/** Sound mixed and encoded per request, in samples (5 s at 48 kHz). */
export const AUDIO_WINDOW_SAMPLES = 5 * RENDER_AUDIO_SAMPLE_RATE;
/** How far the sound is kept ahead of the picture, in seconds. */
export const AUDIO_LEAD_SECONDS = 1;
/** Minimum time between progress reports, in ms. */
export const PROGRESS_INTERVAL_MS = 200;

/** Export failures a user can act on (codes from shared/api/errors). */
export type ExportErrorCode =
  "MEDIA_MISSING" | "CODEC_UNSUPPORTED" | "STORAGE_FULL" | "EXPORT_CANCELLED" | "INTERNAL";

export type ExportFailure = { ok: false; code: ExportErrorCode; message: string };

/** The finished film: its bytes when written to memory (null when streamed to a file). */
export type ExportSuccess = {
  ok: true;
  buffer: ArrayBuffer | null;
  bytes: number;
  mimeType: string;
  frames: number;
};

/** The film's sound mix, one window at a time: planar Float32 channels of `sampleCount` samples. */
export type AudioFeed = { read(startSample: number, sampleCount: number): Promise<Float32Array[]> };

/** Where the worker writes: memory, or a file the user picked (File System Access). */
export type ExportTarget = { kind: "buffer" } | { kind: "file"; handle: FileSystemFileHandle };

class ExportError extends Error {
  constructor(
    readonly code: ExportErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const COLOR_SPACE: VideoColorSpaceInit = {
  primaries: "bt709",
  transfer: "bt709",
  matrix: "bt709",
  fullRange: false,
};

/** A decoded source picture as I420 plus its display size (for the layer rect). */
type SourcePicture = { image: I420; displayWidth: number; displayHeight: number };

/** Copies any VideoFrame into tight I420 (`scratch` is reused when the size matches). */
async function frameToI420(
  frame: VideoFrame,
  scratch: { buffer: Uint8Array | null },
): Promise<I420> {
  const width = frame.visibleRect?.width ?? frame.codedWidth;
  const height = frame.visibleRect?.height ?? frame.codedHeight;
  const take = (size: number) => {
    if (!scratch.buffer || scratch.buffer.byteLength < size) scratch.buffer = new Uint8Array(size);
    return scratch.buffer.subarray(0, size);
  };
  const luma = width * height;
  const cw = (width + 1) >> 1;
  const ch = (height + 1) >> 1;
  switch (frame.format) {
    case "I420": {
      const data = take(luma + 2 * cw * ch);
      await frame.copyTo(data, { layout: i420Layout(width, height) });
      return { width, height, data };
    }
    case "I420A": {
      const data = take(2 * luma + 2 * cw * ch);
      await frame.copyTo(data, {
        layout: [...i420Layout(width, height), { offset: luma + 2 * cw * ch, stride: width }],
      });
      return { width, height, data: data.subarray(0, luma + 2 * cw * ch) };
    }
    case "NV12": {
      const nv12 = new Uint8Array(luma + 2 * cw * ch);
      await frame.copyTo(nv12, {
        layout: [
          { offset: 0, stride: width },
          { offset: luma, stride: 2 * cw },
        ],
      });
      return nv12ToI420({
        nv12,
        width,
        height,
        out: { width, height, data: take(luma + 2 * cw * ch) },
      });
    }
    case "RGBA":
    case "RGBX":
    case "BGRA":
    case "BGRX": {
      const rgba = new Uint8Array(luma * 4);
      await frame.copyTo(rgba, { layout: [{ offset: 0, stride: width * 4 }] });
      const order = frame.format.startsWith("B") ? "bgra" : "rgba";
      return rgbaToI420({ rgba, width, height, order });
    }
    default: {
      // 4:2:2, 4:4:4 and high bit depth: let the browser convert through a canvas.
      const canvas = new OffscreenCanvas(width, height);
      const ctx = canvas.getContext("2d");
      if (!ctx)
        throw new ExportError("INTERNAL", "This browser cannot draw video frames in a worker.");
      ctx.drawImage(frame, 0, 0, width, height);
      return rgbaToI420({ rgba: ctx.getImageData(0, 0, width, height).data, width, height });
    }
  }
}

/** Reads one track's pictures frame by frame, one decoder per visible segment at a time. */
class LayerReader {
  private index = 0;
  private iterator: AsyncGenerator<VideoSample | null, void, unknown> | null = null;
  private scratch = { buffer: null as Uint8Array | null };

  constructor(
    private readonly segments: readonly VisibleSegment[],
    private readonly fps: number,
    private readonly sinks: ReadonlyMap<string, VideoSampleSink>,
    private readonly images: ReadonlyMap<string, SourcePicture>,
  ) {}

  /** The segment covering `frame`, advancing past finished ones (frames only move forward). */
  private async segmentAt(frame: number): Promise<VisibleSegment | null> {
    while (this.index < this.segments.length) {
      const segment = this.segments[this.index] as VisibleSegment;
      if (frame < segment.startFrame) return null;
      if (frame < segment.endFrame) return segment;
      await this.closeIterator();
      this.index++;
    }
    return null;
  }

  private async closeIterator(): Promise<void> {
    const it = this.iterator;
    this.iterator = null;
    await it?.return(undefined);
  }

  /** The item and its decoded sample at `frame` (caller closes the sample), or null. */
  async sampleAt(frame: number): Promise<{
    item: RenderVideoItem;
    sample: VideoSample | null;
    picture: SourcePicture | null;
  } | null> {
    const segment = await this.segmentAt(frame);
    if (!segment) return null;
    const { item } = segment;
    if (item.kind === "image") {
      return { item, sample: null, picture: this.images.get(item.mediaId) ?? null };
    }
    if (!this.iterator) {
      const sink = this.sinks.get(item.mediaId);
      if (!sink) return { item, sample: null, picture: null };
      const { fps } = this;
      const first = segment.sourceInFrame;
      const count = segment.endFrame - segment.startFrame;
      this.iterator = sink.samplesAtTimestamps(
        (function* () {
          for (let k = 0; k < count; k++) yield sourceSampleSeconds(first + k, fps);
        })(),
      );
    }
    const next = await this.iterator.next();
    return { item, sample: next.done ? null : next.value, picture: null };
  }

  /** The sample as an I420 picture (copied; the sample stays open). */
  async toPicture(sample: VideoSample): Promise<SourcePicture> {
    const frame = sample.toVideoFrame();
    try {
      const image = await frameToI420(frame, this.scratch);
      return { image, displayWidth: sample.displayWidth, displayHeight: sample.displayHeight };
    } finally {
      frame.close();
    }
  }

  async dispose(): Promise<void> {
    await this.closeIterator().catch(() => undefined);
  }
}

async function decodeImage(blob: Blob): Promise<SourcePicture> {
  const bitmap = await createImageBitmap(blob);
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new ExportError("INTERNAL", "This browser cannot draw images in a worker.");
    ctx.drawImage(bitmap, 0, 0);
    const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    // Even sizes keep the 4:2:0 chroma planes whole.
    const image = rgbaToI420({ rgba: data, width: bitmap.width, height: bitmap.height });
    return { image, displayWidth: bitmap.width, displayHeight: bitmap.height };
  } finally {
    bitmap.close();
  }
}

/** Opens every picture source of the spec: a sample sink per video, an I420 per image. */
async function openSources(spec: RenderSpec, media: Readonly<Record<string, Blob>>) {
  const sinks = new Map<string, VideoSampleSink>();
  const images = new Map<string, SourcePicture>();
  const inputs: Input[] = [];
  for (const item of spec.video) {
    if (sinks.has(item.mediaId) || images.has(item.mediaId)) continue;
    const blob = media[item.mediaId];
    if (!blob)
      throw new ExportError("MEDIA_MISSING", `The file of clip ${item.itemId} is missing.`);
    if (item.kind === "image") {
      images.set(item.mediaId, await decodeImage(blob));
      continue;
    }
    const input = new Input({ source: new BlobSource(blob), formats: ALL_FORMATS });
    inputs.push(input);
    const track = await input.getPrimaryVideoTrack().catch(() => null);
    if (!track) {
      throw new ExportError(
        "CODEC_UNSUPPORTED",
        `The file of clip ${item.itemId} has no readable video.`,
      );
    }
    if (!(await track.canDecode())) {
      throw new ExportError(
        "CODEC_UNSUPPORTED",
        `This browser cannot decode the video of clip ${item.itemId} (${track.codec ?? "unknown codec"}).`,
      );
    }
    sinks.set(item.mediaId, new VideoSampleSink(track));
  }
  return { sinks, images, dispose: () => inputs.forEach(i => i.dispose()) };
}

function waitForEvent(target: EventTarget, type: string, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const done = () => {
      target.removeEventListener(type, done);
      signal.removeEventListener("abort", done);
      resolve();
    };
    target.addEventListener(type, done, { once: true });
    signal.addEventListener("abort", done, { once: true });
  });
}

function toFailure(error: unknown): ExportFailure {
  if (error instanceof ExportError) return { ok: false, code: error.code, message: error.message };
  const name = (error as { name?: unknown } | null)?.name;
  const message = error instanceof Error ? error.message : String(error);
  if (name === "QuotaExceededError") {
    return {
      ok: false,
      code: "STORAGE_FULL",
      message: "The disk is full: the film could not be written.",
    };
  }
  if (name === "NotSupportedError") return { ok: false, code: "CODEC_UNSUPPORTED", message };
  return { ok: false, code: "INTERNAL", message };
}

async function openTarget(target: ExportTarget): Promise<{
  mux: MuxTarget;
  abandon: () => Promise<void>;
}> {
  if (target.kind === "buffer")
    return { mux: { kind: "buffer" }, abandon: () => Promise.resolve() };
  const file = await target.handle.createWritable();
  let abandoned = false;
  const writable = new WritableStream<StreamTargetChunk>({
    write: chunk =>
      file.write({
        type: "write",
        data: chunk.data,
        position: chunk.position,
      }),
    // A cancelled export must not commit a half-written file.
    close: () => (abandoned ? undefined : file.close()),
    abort: () => file.abort(),
  });
  return {
    mux: { kind: "stream", writable },
    abandon: async () => {
      abandoned = true;
      await file.abort().catch(() => undefined);
      const removable = target.handle as FileSystemFileHandle & { remove?: () => Promise<void> };
      await removable.remove?.().catch(() => undefined);
    },
  };
}

/** Renders the spec to a file; never throws (failures are values). */
export async function renderTimeline({
  spec,
  media,
  choice,
  audio,
  target,
  onProgress,
  signal,
  now = () => performance.now(),
}: {
  spec: RenderSpec;
  /** Blobs of every video/image media id in the spec. */
  media: Readonly<Record<string, Blob>>;
  choice: CodecChoice;
  /** The sound mix (A1 and the video clips' own sound); null for a silent film. */
  audio: AudioFeed | null;
  target: ExportTarget;
  onProgress: (progress: ExportProgress) => void;
  signal: AbortSignal;
  now?: () => number;
}): Promise<ExportSuccess | ExportFailure> {
  const { width: W, height: H, fps, durationFrames: N } = spec;
  const started = now();
  const withSound = audio !== null && spec.audio.length > 0 && choice.audioSupported;
  let sources: Awaited<ReturnType<typeof openSources>> | null = null;
  let mux: Muxer | null = null;
  let videoEncoder: VideoEncoder | null = null;
  let audioEncoder: AudioEncoder | null = null;
  let readers: LayerReader[] = [];
  let abandon: () => Promise<void> = () => Promise.resolve();
  let encoderError: Error | null = null;
  const cancelled = () => new ExportError("EXPORT_CANCELLED", "The export was cancelled.");
  const check = () => {
    if (signal.aborted) throw cancelled();
    if (encoderError !== null) throw encoderError;
  };

  try {
    sources = await openSources(spec, media);
    check();
    const opened = await openTarget(target);
    abandon = opened.abandon;
    mux = await makeMuxer({
      container: choice.container,
      target: opened.mux,
      video: { codec: choice.videoCodec, fps },
      audio: withSound ? { codec: choice.audioCodec } : null,
    });
    const muxer = mux;
    const videoConfig = makeVideoEncoderConfig({
      codec: choice.videoCodecString,
      width: W,
      height: H,
      fps,
      quality: spec.quality,
    });
    if (!(await VideoEncoder.isConfigSupported(videoConfig)).supported) {
      throw new ExportError(
        "CODEC_UNSUPPORTED",
        `This browser cannot encode ${choice.label} at ${W}×${H}.`,
      );
    }
    const video = new VideoEncoder({
      output: (chunk, meta) => muxer.addVideo(chunk, meta),
      error: e => (encoderError ??= e),
    });
    videoEncoder = video;
    video.configure(videoConfig);
    let sound: AudioEncoder | null = null;
    if (withSound) {
      sound = new AudioEncoder({
        output: (chunk, meta) => muxer.addAudio(chunk, meta),
        error: e => (encoderError ??= e),
      });
      sound.configure(makeAudioEncoderConfig(choice.audioCodecString, spec.quality));
      audioEncoder = sound;
    }

    const segments = computeVisibleSegments(spec);
    readers = [
      new LayerReader(segments.V1, fps, sources.sinks, sources.images),
      new LayerReader(segments.V2, fps, sources.sinks, sources.images),
    ];
    const canvas = makeI420(W, H);
    const totalSamples = countFilmSamples(spec, RENDER_AUDIO_SAMPLE_RATE);
    let samplesDone = 0;
    let lastReport = -Infinity;

    const encodeAudioUntil = async (seconds: number) => {
      if (!sound || !audio) return;
      const until = Math.min(totalSamples, Math.round(seconds * RENDER_AUDIO_SAMPLE_RATE));
      while (samplesDone < until) {
        const count = Math.min(AUDIO_WINDOW_SAMPLES, totalSamples - samplesDone);
        const planes = await audio.read(samplesDone, count);
        check();
        const data = new Float32Array(count * RENDER_AUDIO_CHANNELS);
        for (let c = 0; c < RENDER_AUDIO_CHANNELS; c++) {
          data.set(
            (planes[c] ?? planes[0] ?? new Float32Array(count)).subarray(0, count),
            c * count,
          );
        }
        const chunk = new AudioData({
          format: "f32-planar",
          sampleRate: RENDER_AUDIO_SAMPLE_RATE,
          numberOfFrames: count,
          numberOfChannels: RENDER_AUDIO_CHANNELS,
          timestamp: Math.round((samplesDone * 1e6) / RENDER_AUDIO_SAMPLE_RATE),
          data,
        });
        sound.encode(chunk);
        chunk.close();
        samplesDone += count;
      }
    };

    for (let f = 0; f < N; f++) {
      check();
      while (video.encodeQueueSize >= MAX_ENCODE_QUEUE || muxer.pending() >= MAX_MUX_PENDING) {
        if (video.encodeQueueSize >= MAX_ENCODE_QUEUE) await waitForEvent(video, "dequeue", signal);
        else await muxer.drain();
        check();
      }
      await encodeAudioUntil((f + 1) / fps + AUDIO_LEAD_SECONDS);

      const timestamp = Math.round((f * 1e6) / fps);
      const duration = Math.round(((f + 1) * 1e6) / fps) - timestamp;
      const layers = [];
      for (const reader of readers) {
        const layer = await reader.sampleAt(f);
        if (layer) layers.push({ reader, ...layer });
      }
      let frame: VideoFrame;
      const only = layers.length === 1 ? layers[0] : undefined;
      if (
        only?.sample &&
        only.item.track === "V1" &&
        only.sample.displayWidth === W &&
        only.sample.displayHeight === H &&
        only.sample.rotation === 0
      ) {
        // The common case (one clip at the film's size): hand the decoded frame straight over.
        const decoded = only.sample.toVideoFrame();
        frame = new VideoFrame(decoded, { timestamp, duration });
        decoded.close();
      } else {
        fillI420Black(canvas);
        for (const layer of layers) {
          const picture =
            layer.picture ?? (layer.sample ? await layer.reader.toPicture(layer.sample) : null);
          if (!picture) continue;
          const rect = snapLayerRect(
            computeLayerRect({
              sourceWidth: picture.displayWidth,
              sourceHeight: picture.displayHeight,
              width: W,
              height: H,
              x: layer.item.x,
              y: layer.item.y,
              scale: layer.item.scale,
            }),
          );
          drawI420({ src: picture.image, dst: canvas, rect, opacity: layer.item.opacity });
        }
        frame = new VideoFrame(canvas.data, {
          format: "I420",
          codedWidth: W,
          codedHeight: H,
          timestamp,
          duration,
          colorSpace: COLOR_SPACE,
        });
      }
      for (const layer of layers) layer.sample?.close();
      video.encode(frame, { keyFrame: f % (fps * 2) === 0 });
      frame.close();

      const t = now();
      if (t - lastReport >= PROGRESS_INTERVAL_MS || f === N - 1) {
        lastReport = t;
        onProgress(
          computeExportProgress({ framesDone: f + 1, totalFrames: N, elapsedMs: t - started }),
        );
      }
    }
    await encodeAudioUntil(totalSamples / RENDER_AUDIO_SAMPLE_RATE);
    await video.flush();
    await sound?.flush();
    check();
    const buffer = await muxer.finalize();
    const mimeType = await muxer.mimeType();
    return { ok: true, buffer, bytes: buffer?.byteLength ?? 0, mimeType, frames: N };
  } catch (error) {
    await mux?.cancel().catch(() => undefined);
    await abandon();
    return toFailure(signal.aborted ? cancelled() : error);
  } finally {
    for (const encoder of [videoEncoder, audioEncoder]) {
      if (encoder && encoder.state !== "closed") encoder.close();
    }
    for (const reader of readers) await reader.dispose();
    sources?.dispose();
  }
}
