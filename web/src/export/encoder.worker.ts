/**
 * The export worker (STYLE §5): one Comlink API object. `probe` picks encoders, `render` runs the
 * export loop (one at a time; `cancel` stops it between frames), `still` draws one frame as PNG.
 * Results are values (`{ ok: false, code, message }`), never thrown errors; the film's bytes are
 * transferred, not copied.
 */
import * as Comlink from "comlink";
import { ALL_FORMATS, BlobSource, Input, VideoSampleSink } from "mediabunny";
import {
  computeLayerRect,
  framesToRender,
  snapLayerRect,
  sourceSampleSeconds,
  type ExportProgress,
  type RenderContainer,
  type RenderQuality,
  type RenderSpec,
} from "@milimo/shared/render";
import { chooseCodecs, makeWebCodecsProbe, type CodecChoice } from "./codec-choice";
import {
  renderTimeline,
  type AudioFeed,
  type ExportFailure,
  type ExportSuccess,
  type ExportTarget,
} from "./render-timeline";

let running: AbortController | null = null;

/** A PNG of one frame, or why not. */
export type StillResult = { ok: true; png: Blob } | ExportFailure;

const api = {
  /** Encoders this browser has for the container at this size, rate and quality; null when none. */
  probe(request: {
    container: RenderContainer;
    width: number;
    height: number;
    fps: number;
    quality: RenderQuality;
  }): Promise<CodecChoice | null> {
    return chooseCodecs({ ...request, probe: makeWebCodecsProbe() });
  },

  /**
   * Renders the film. `audio` and `onProgress` are separate arguments because Comlink proxies only
   * top-level arguments, not values nested in an object.
   */
  async render(
    args: {
      spec: RenderSpec;
      media: Record<string, Blob>;
      choice: CodecChoice;
      target: ExportTarget;
    },
    audio: AudioFeed | null,
    onProgress: (progress: ExportProgress) => void,
  ): Promise<ExportSuccess | ExportFailure> {
    if (running) return { ok: false, code: "INTERNAL", message: "An export is already running." };
    const controller = new AbortController();
    running = controller;
    try {
      const result = await renderTimeline({
        ...args,
        audio,
        onProgress,
        signal: controller.signal,
      });
      return result.ok && result.buffer ? Comlink.transfer(result, [result.buffer]) : result;
    } finally {
      running = null;
    }
  },

  /** Stops the running export at the next frame. */
  cancel(): void {
    running?.abort();
  },

  /** Frame `frame` of the film as a PNG at the spec's size. */
  async still(args: {
    spec: RenderSpec;
    frame: number;
    media: Record<string, Blob>;
  }): Promise<StillResult> {
    const { spec, frame, media } = args;
    const canvas = new OffscreenCanvas(spec.width, spec.height);
    const ctx = canvas.getContext("2d");
    if (!ctx)
      return { ok: false, code: "INTERNAL", message: "This browser cannot draw in a worker." };
    ctx.fillStyle = "#000";
    ctx.fillRect(0, 0, spec.width, spec.height);
    const inputs: Input[] = [];
    try {
      for (const layer of framesToRender(spec, frame)) {
        const blob = media[layer.item.mediaId];
        if (!blob)
          return {
            ok: false,
            code: "MEDIA_MISSING",
            message: `The file of clip ${layer.item.itemId} is missing.`,
          };
        const draw = (source: CanvasImageSource, w: number, h: number) => {
          const rect = snapLayerRect(
            computeLayerRect({
              sourceWidth: w,
              sourceHeight: h,
              width: spec.width,
              height: spec.height,
              x: layer.item.x,
              y: layer.item.y,
              scale: layer.item.scale,
            }),
          );
          ctx.globalAlpha = layer.item.opacity;
          ctx.drawImage(source, rect.left, rect.top, rect.width, rect.height);
          ctx.globalAlpha = 1;
        };
        if (layer.item.kind === "image") {
          const bitmap = await createImageBitmap(blob);
          draw(bitmap, bitmap.width, bitmap.height);
          bitmap.close();
          continue;
        }
        const input = new Input({ source: new BlobSource(blob), formats: ALL_FORMATS });
        inputs.push(input);
        const track = await input.getPrimaryVideoTrack();
        if (!track || !(await track.canDecode())) {
          return {
            ok: false,
            code: "CODEC_UNSUPPORTED",
            message: `This browser cannot decode clip ${layer.item.itemId}.`,
          };
        }
        const sample = await new VideoSampleSink(track).getSample(
          sourceSampleSeconds(layer.sourceFrame, spec.fps),
        );
        if (!sample) continue;
        const frameImage = sample.toVideoFrame();
        draw(frameImage, sample.displayWidth, sample.displayHeight);
        frameImage.close();
        sample.close();
      }
      return { ok: true, png: await canvas.convertToBlob({ type: "image/png" }) };
    } catch (error) {
      return {
        ok: false,
        code: "INTERNAL",
        message: error instanceof Error ? error.message : String(error),
      };
    } finally {
      for (const input of inputs) input.dispose();
    }
  },
};

/** The worker's API as the client sees it. */
export type EncoderWorkerApi = typeof api;

Comlink.expose(api);
