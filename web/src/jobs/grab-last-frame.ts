/**
 * The last frame of a video file as a PNG, decoded by the browser (continuity and "Extend",
 * FEATURES §4). A muted `<video>` seeks to the middle of the last frame — half a frame before the
 * end, because seeking to `duration` itself shows nothing in some browsers — and a canvas copies
 * it. A WebM whose duration the browser reports as Infinity is first seeked far past the end so the
 * real duration appears. Anything the browser cannot decode becomes CODEC_UNSUPPORTED.
 */
import { ErrorCode } from "@milimo/shared/api";
import { StudioError } from "../errors/studio-error";

/** A decoded frame: PNG bytes and the video's size in pixels. */
export interface GrabbedFrame {
  image: Blob;
  width: number;
  height: number;
}

/** Reads the last frame of `video`; `fps` is the rate it was made at. */
export type FrameGrabber = (video: Blob, options: { fps: number }) => Promise<GrabbedFrame>;

/** How long decoding may take before the grab gives up; in ms. */
export const GRAB_TIMEOUT_MS = 15_000;

const HAVE_CURRENT_DATA = 2;

function cannotDecode(detail: string, cause?: unknown): StudioError {
  return new StudioError(
    ErrorCode.CODEC_UNSUPPORTED,
    `The last frame of the video could not be read: ${detail}`,
    { cause },
  );
}

/** Resolves on the element's next `type` event; rejects on its `error` event or `signal`. */
function nextEvent(el: HTMLVideoElement, type: string, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      el.removeEventListener(type, onEvent);
      el.removeEventListener("error", onError);
      signal.removeEventListener("abort", onAbort);
    };
    const onEvent = () => {
      done();
      resolve();
    };
    const onError = () => {
      done();
      reject(cannotDecode("this browser cannot decode it.", el.error));
    };
    const onAbort = () => {
      done();
      reject(cannotDecode("decoding took too long."));
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    el.addEventListener(type, onEvent);
    el.addEventListener("error", onError);
    signal.addEventListener("abort", onAbort);
  });
}

async function seek(el: HTMLVideoElement, seconds: number, signal: AbortSignal): Promise<void> {
  const seeked = nextEvent(el, "seeked", signal);
  el.currentTime = seconds;
  await seeked;
}

/** The browser's `FrameGrabber`; fails with CODEC_UNSUPPORTED after `timeoutMs` (default 15 s). */
export async function grabLastFrame(
  video: Blob,
  { fps, timeoutMs = GRAB_TIMEOUT_MS }: { fps: number; timeoutMs?: number },
): Promise<GrabbedFrame> {
  const signal = AbortSignal.timeout(timeoutMs);
  const url = URL.createObjectURL(video);
  const el = document.createElement("video");
  el.muted = true;
  el.playsInline = true;
  el.preload = "auto";
  try {
    const metadata = nextEvent(el, "loadedmetadata", signal);
    el.src = url;
    await metadata;
    if (!Number.isFinite(el.duration)) await seek(el, 1e7, signal);
    if (!Number.isFinite(el.duration) || el.duration <= 0) {
      throw cannotDecode("its length is unknown.");
    }
    await seek(el, Math.max(0, el.duration - 0.5 / Math.max(1, fps)), signal);
    if (el.readyState < HAVE_CURRENT_DATA) await nextEvent(el, "loadeddata", signal);
    const width = el.videoWidth;
    const height = el.videoHeight;
    if (width === 0 || height === 0) throw cannotDecode("it has no picture.");
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext("2d");
    if (!context) throw cannotDecode("no canvas is available.");
    context.drawImage(el, 0, 0, width, height);
    const image = await new Promise<Blob | null>(resolve => canvas.toBlob(resolve, "image/png"));
    if (!image) throw cannotDecode("the frame could not be encoded as PNG.");
    return { image, width, height };
  } finally {
    el.removeAttribute("src");
    el.load();
    URL.revokeObjectURL(url);
  }
}
