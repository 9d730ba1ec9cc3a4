/**
 * Masking mode over the player's picture (FEATURES §8). Click = positive point, Alt/right click =
 * negative point, drag = box; the best mask appears as you click. Undo the last prompt, clear,
 * invert, feather, save the mask to the shot, inpaint it with a prompt, or track it through the
 * clip. All mask work runs in the decoder worker: a click costs the main thread a postMessage and
 * one drawImage of the bitmap the worker made. The frame's embedding is fetched once and cached,
 * so a frame segmented before works offline.
 */
import {
  For,
  Show,
  createEffect,
  createMemo,
  createSignal,
  on,
  onCleanup,
  onMount,
  untrack,
  type JSX,
} from "solid-js";
import { encodeMaskRle, type Box, type MaskRle, type PromptPoint } from "@milimo/shared/sam";
import { TrackDirection } from "@milimo/shared/api";
import type { DecodeResult, MaskStyle } from "../../sam/decode-protocol";
import { describeDecoderBackend, type DecoderClient } from "../../sam/decoder-client";
import { computeContentRect, toDragBox, toImagePixel, type ContentRect } from "./overlay-geometry";
import "./masking.css";

/** A drag shorter than this (image pixels, both axes) is a click. */
const MIN_BOX_SIDE_PX = 6;
/** Feather slider range, in image pixels. */
const MAX_FEATHER_PX = 40;

/** The mask as saved: binary 0/255 unless feathered, at the picture's size. */
export interface SavedMask {
  mediaId: string;
  frame: number;
  width: number;
  height: number;
  /** Greyscale PNG, 255 = inside. */
  png: Blob;
  rle: MaskRle;
}

export interface MaskingOverlayProps {
  mediaId: string;
  /** Frame of the media under the playhead. */
  frame: number;
  /** The picture's intrinsic size in pixels (video.videoWidth / image.naturalWidth). */
  imageWidth: number;
  imageHeight: number;
  decoder: DecoderClient;
  /** The current frame as an image (PNG), for the server to encode once. */
  readFrame: () => Promise<Blob>;
  /** Saves the mask to the shot. */
  onSave?: (mask: SavedMask) => Promise<void> | void;
  /** Starts an inpaint job for the mask and prompt. */
  onInpaint?: (request: SavedMask & { prompt: string }) => Promise<void> | void;
  /** Starts a track job from this frame's mask. */
  onTrack?: (request: SavedMask & { direction: TrackDirection }) => Promise<void> | void;
  /** A tracked mask for this frame, shown while not editing (e.g. during playback). */
  trackedMask?: { data: Uint8Array; width: number; height: number } | null;
  /** Where segmentation runs / what went wrong, for the studio's status line. */
  onStatus?: (text: string) => void;
  /** Masking mode turned on or off (the player pauses while masking). */
  onActiveChange?: (active: boolean) => void;
}

interface Prompt {
  points: PromptPoint[];
  box: Box | null;
}

const EMPTY_PROMPT: Prompt = { points: [], box: null };

/** The current frame of a <video> or <img> as a PNG at its intrinsic size. */
export async function captureFrame(element: HTMLVideoElement | HTMLImageElement): Promise<Blob> {
  const width = element instanceof HTMLVideoElement ? element.videoWidth : element.naturalWidth;
  const height = element instanceof HTMLVideoElement ? element.videoHeight : element.naturalHeight;
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext("2d");
  if (!context) throw new Error("This browser cannot copy the frame.");
  context.drawImage(element, 0, 0, width, height);
  return canvas.convertToBlob({ type: "image/png" });
}

export function MaskingOverlay(props: MaskingOverlayProps): JSX.Element {
  const [active, setActive] = createSignal(false);
  const [status, setStatus] = createSignal("");
  const [error, setError] = createSignal<string | null>(null);
  const [backend, setBackend] = createSignal<string | null>(null);
  const [history, setHistory] = createSignal<Prompt[]>([EMPTY_PROMPT]);
  const [invert, setInvert] = createSignal(false);
  const [featherPx, setFeatherPx] = createSignal(0);
  const [hasMask, setHasMask] = createSignal(false);
  const [drag, setDrag] = createSignal<{ start: { x: number; y: number }; box: Box | null } | null>(
    null,
  );
  const [size, setSize] = createSignal({ width: 0, height: 0 });
  const [inpaintOpen, setInpaintOpen] = createSignal(false);
  const [inpaintPrompt, setInpaintPrompt] = createSignal("");
  const [direction, setDirection] = createSignal<TrackDirection>(TrackDirection.both);
  const [busy, setBusy] = createSignal(false);

  let root: HTMLDivElement | undefined;
  let canvas: HTMLCanvasElement | undefined;
  // Plain variables, not signals: the worker's answers never re-render anything but the canvas.
  let frameKey: Promise<string | null> | null = null;
  let rawMask: { data: Uint8Array; width: number; height: number } | null = null;
  let styledMask: Uint8Array | null = null;
  let lowRes: Float32Array | undefined;

  const prompt = () => history()[history().length - 1] ?? EMPTY_PROMPT;
  const style = (): MaskStyle => ({ invert: invert(), featherPx: featherPx() });
  const rect = (): ContentRect =>
    computeContentRect({
      displayWidth: size().width || 1,
      displayHeight: size().height || 1,
      imageWidth: props.imageWidth || 1,
      imageHeight: props.imageHeight || 1,
    });

  const report = (text: string) => {
    setStatus(text);
    props.onStatus?.(text);
  };

  onMount(() => {
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setSize({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    if (root) observer.observe(root);
    onCleanup(() => observer.disconnect());
  });

  const drawBitmap = (bitmap: ImageBitmap | undefined, width: number, height: number) => {
    const context = canvas?.getContext("2d");
    if (!canvas || !context) {
      bitmap?.close();
      return;
    }
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    context.clearRect(0, 0, width, height);
    if (bitmap) {
      context.drawImage(bitmap, 0, 0);
      bitmap.close();
    }
  };

  const clearCanvas = () => canvas?.getContext("2d")?.clearRect(0, 0, canvas.width, canvas.height);

  /** Starts the decoder and prepares this frame's embedding (once per frame). */
  const prepare = (): Promise<string | null> => {
    frameKey ??= (async () => {
      const started = await props.decoder.start();
      if (!started.ok) {
        setError(started.message);
        report(started.message);
        return null;
      }
      const sentence = describeDecoderBackend(started.backend);
      setBackend(sentence);
      report(`${sentence} · preparing frame ${props.frame}…`);
      const prepared = await props.decoder.prepareFrame({
        mediaId: props.mediaId,
        frame: props.frame,
        readImage: props.readFrame,
      });
      if (!prepared.ok) {
        setError(prepared.message);
        report(prepared.message);
        return null;
      }
      setError(null);
      report(`${sentence}${prepared.fromCache ? " · frame from cache" : ""}`);
      return prepared.key;
    })();
    const pending = frameKey;
    // A failed preparation may be retried by the next click (e.g. once back online).
    void pending.then(key => {
      if (key === null && frameKey === pending) frameKey = null;
    });
    return pending;
  };

  const applyResult = (result: DecodeResult) => {
    if (!result.ok) {
      if (result.code !== "SUPERSEDED") {
        setError(result.message);
        report(result.message);
      }
      return;
    }
    setError(null);
    rawMask = { data: result.mask, width: result.width, height: result.height };
    styledMask = result.rendered?.mask ?? result.mask;
    lowRes = result.lowRes;
    drawBitmap(result.rendered?.bitmap, result.width, result.height);
    setHasMask(true);
    if (root) root.dataset.maskScore = result.score.toFixed(3);
  };

  const decodePrompt = async (next: Prompt, feedBack: boolean) => {
    if (next.points.length === 0 && !next.box) {
      rawMask = null;
      styledMask = null;
      lowRes = undefined;
      clearCanvas();
      setHasMask(false);
      return;
    }
    const key = await prepare();
    if (!key) return;
    applyResult(
      await props.decoder.decode({
        key,
        points: next.points,
        ...(next.box ? { box: next.box } : {}),
        ...(feedBack && lowRes ? { maskInput: lowRes } : {}),
        style: style(),
      }),
    );
  };

  const pushPrompt = (next: Prompt) => {
    setHistory(h => [...h, next]);
    void decodePrompt(next, true);
  };

  const undo = () => {
    if (history().length <= 1) return;
    setHistory(h => h.slice(0, -1));
    // Without the undone click's logits: they describe the mask being taken back.
    lowRes = undefined;
    void decodePrompt(prompt(), false);
  };

  const clear = () => {
    setHistory([EMPTY_PROMPT]);
    void decodePrompt(EMPTY_PROMPT, false);
  };

  const restyle = async () => {
    if (!rawMask) return;
    const { data, width, height } = rawMask;
    const rendered = await props.decoder.renderMask({
      mask: data.slice(),
      width,
      height,
      style: style(),
    });
    if (!rendered.ok) {
      setError(rendered.message);
      return;
    }
    styledMask = rendered.mask;
    drawBitmap(rendered.bitmap, width, height);
  };

  // A new frame or media: drop the prompt and the mask; the next click prepares the frame. The
  // memo compares by value: the props are recomputed whenever the clip changes (a mask saved on it,
  // tracked masks attached), and that must not wipe the points being edited.
  const frameIdentity = createMemo(() => `${props.mediaId}\u0000${props.frame}`);
  createEffect(
    on(
      frameIdentity,
      () => {
        frameKey = null;
        rawMask = null;
        styledMask = null;
        lowRes = undefined;
        setHistory([EMPTY_PROMPT]);
        setHasMask(false);
        clearCanvas();
        if (untrack(active)) void prepare();
      },
      { defer: true },
    ),
  );

  // While not editing, show the tracked mask of this frame, if any.
  createEffect(() => {
    const tracked = props.trackedMask;
    if (active()) return;
    if (!tracked) {
      clearCanvas();
      return;
    }
    void props.decoder
      .renderMask({
        mask: tracked.data.slice(),
        width: tracked.width,
        height: tracked.height,
        style: {},
      })
      .then(rendered => {
        if (rendered.ok && !untrack(active))
          drawBitmap(rendered.bitmap, tracked.width, tracked.height);
      });
  });

  const toggle = () => {
    const next = !active();
    setActive(next);
    props.onActiveChange?.(next);
    if (next) void prepare();
    else setInpaintOpen(false);
  };

  const pointerToImage = (event: PointerEvent | MouseEvent) => {
    const bounds = root?.getBoundingClientRect();
    if (!bounds) return null;
    return toImagePixel({ x: event.clientX - bounds.left, y: event.clientY - bounds.top }, rect(), {
      width: props.imageWidth,
      height: props.imageHeight,
    });
  };

  const onPointerDown = (event: PointerEvent) => {
    if (!active() || (event.button !== 0 && event.button !== 2)) return;
    const start = pointerToImage(event);
    if (!start) return;
    event.preventDefault();
    root?.setPointerCapture(event.pointerId);
    setDrag({ start, box: null });
  };

  const onPointerMove = (event: PointerEvent) => {
    const current = drag();
    if (!current) return;
    const at = pointerToImage(event);
    if (!at) return;
    setDrag({ start: current.start, box: toDragBox(current.start, at, MIN_BOX_SIDE_PX) });
  };

  const onPointerUp = (event: PointerEvent) => {
    const current = drag();
    setDrag(null);
    if (!current) return;
    const at = pointerToImage(event) ?? current.start;
    const box = toDragBox(current.start, at, MIN_BOX_SIDE_PX);
    const base = prompt();
    if (box) {
      pushPrompt({ points: base.points, box });
      return;
    }
    const positive = event.button !== 2 && !event.altKey;
    pushPrompt({ points: [...base.points, { ...current.start, positive }], box: base.box });
  };

  const savedMask = async (): Promise<SavedMask | null> => {
    const mask = styledMask;
    const raw = rawMask;
    if (!mask || !raw) return null;
    const encoded = await props.decoder.encodeMaskPng({
      mask: mask.slice(),
      width: raw.width,
      height: raw.height,
    });
    if (!encoded.ok) {
      setError(encoded.message);
      return null;
    }
    return {
      mediaId: props.mediaId,
      frame: props.frame,
      width: raw.width,
      height: raw.height,
      png: encoded.png,
      rle: encodeMaskRle({ data: mask, width: raw.width, height: raw.height }),
    };
  };

  const run = async (label: string, action: (mask: SavedMask) => Promise<void> | void) => {
    if (busy()) return;
    setBusy(true);
    try {
      const mask = await savedMask();
      if (!mask) return;
      await action(mask);
      report(label);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      setError(message);
      report(message);
    } finally {
      setBusy(false);
    }
  };

  const boxStyle = (box: Box): JSX.CSSProperties => {
    const r = rect();
    return {
      left: `${r.left + box.x0 * r.scale}px`,
      top: `${r.top + box.y0 * r.scale}px`,
      width: `${(box.x1 - box.x0) * r.scale}px`,
      height: `${(box.y1 - box.y0) * r.scale}px`,
    };
  };

  return (
    <div
      ref={el => (root = el)}
      class="masking"
      classList={{ "masking--active": active() }}
      data-testid="masking-overlay"
      data-has-mask={hasMask() ? "true" : "false"}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onContextMenu={event => {
        if (active()) event.preventDefault();
      }}
    >
      <canvas
        ref={el => (canvas = el)}
        class="masking__canvas"
        data-testid="masking-canvas"
        style={{
          left: `${rect().left}px`,
          top: `${rect().top}px`,
          width: `${rect().width}px`,
          height: `${rect().height}px`,
        }}
      />
      <Show when={active()}>
        <For each={prompt().points}>
          {point => (
            <span
              class="masking__point"
              classList={{ "masking__point--negative": !point.positive }}
              style={{
                left: `${rect().left + point.x * rect().scale}px`,
                top: `${rect().top + point.y * rect().scale}px`,
              }}
            />
          )}
        </For>
        <Show when={drag()?.box ?? prompt().box}>
          {box => <div class="masking__box" style={boxStyle(box())} />}
        </Show>
      </Show>
      <div class="masking__toolbar" onPointerDown={event => event.stopPropagation()}>
        <button
          type="button"
          data-testid="masking-toggle"
          aria-pressed={active()}
          title="Masking mode: click to add, Alt/right click to remove, drag for a box"
          onClick={toggle}
        >
          {active() ? "Done" : "Mask"}
        </button>
        <Show when={active()}>
          <button
            type="button"
            data-testid="masking-undo"
            disabled={history().length <= 1}
            onClick={undo}
          >
            Undo point
          </button>
          <button type="button" data-testid="masking-clear" disabled={!hasMask()} onClick={clear}>
            Clear
          </button>
          <label class="masking__check">
            <input
              type="checkbox"
              data-testid="masking-invert"
              checked={invert()}
              onChange={event => {
                setInvert(event.currentTarget.checked);
                void restyle();
              }}
            />
            Invert
          </label>
          <label class="masking__range">
            Feather
            <input
              type="range"
              data-testid="masking-feather"
              min="0"
              max={MAX_FEATHER_PX}
              value={featherPx()}
              onChange={event => {
                setFeatherPx(Number(event.currentTarget.value));
                void restyle();
              }}
            />
          </label>
          <button
            type="button"
            data-testid="masking-save"
            disabled={!hasMask() || busy() || !props.onSave}
            onClick={() => void run("Mask saved to the shot", mask => props.onSave?.(mask))}
          >
            Save mask
          </button>
          <button
            type="button"
            data-testid="masking-inpaint"
            disabled={!hasMask() || busy() || !props.onInpaint}
            onClick={() => setInpaintOpen(open => !open)}
          >
            Inpaint…
          </button>
          <select
            data-testid="masking-track-direction"
            aria-label="Track direction"
            value={direction()}
            onChange={event => setDirection(event.currentTarget.value as TrackDirection)}
          >
            <option value={TrackDirection.both}>Both ways</option>
            <option value={TrackDirection.forward}>Forwards</option>
            <option value={TrackDirection.backward}>Backwards</option>
          </select>
          <button
            type="button"
            data-testid="masking-track"
            disabled={!hasMask() || busy() || !props.onTrack}
            onClick={() =>
              void run("Tracking started", mask =>
                props.onTrack?.({ ...mask, direction: direction() }),
              )
            }
          >
            Track
          </button>
        </Show>
      </div>
      <Show when={inpaintOpen()}>
        <form
          class="masking__dialog"
          role="dialog"
          aria-label="Inpaint the mask"
          data-testid="masking-inpaint-dialog"
          onPointerDown={event => event.stopPropagation()}
          onSubmit={event => {
            event.preventDefault();
            const text = inpaintPrompt().trim();
            if (!text) return;
            void run("Inpainting started", mask =>
              props.onInpaint?.({ ...mask, prompt: text }),
            ).then(() => setInpaintOpen(false));
          }}
        >
          <label>
            What should fill the mask?
            <textarea
              data-testid="masking-inpaint-prompt"
              rows={3}
              value={inpaintPrompt()}
              onInput={event => setInpaintPrompt(event.currentTarget.value)}
            />
          </label>
          <div class="masking__dialog-actions">
            <button type="button" onClick={() => setInpaintOpen(false)}>
              Cancel
            </button>
            <button
              type="submit"
              data-testid="masking-inpaint-run"
              disabled={busy() || inpaintPrompt().trim() === ""}
            >
              Inpaint
            </button>
          </div>
        </form>
      </Show>
      <Show when={active() || error()}>
        <div
          class="masking__status"
          classList={{ "masking__status--error": error() !== null }}
          data-testid="masking-status"
          role="status"
        >
          {error() ?? (status() || backend() || "Loading segmentation…")}
        </div>
      </Show>
    </div>
  );
}
