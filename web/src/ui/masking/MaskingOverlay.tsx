/**
 * Masking mode over the player's picture (FEATURES §8). SAM tool: click = positive point,
 * Alt/right click = negative point, drag = box; the best mask appears as you click. Brush and
 * eraser refine it (or paint one from nothing). Undo the last edit of any kind, clear, invert,
 * feather; save the mask to the shot, inpaint it, track it, re-track from here. The mask is always
 * SAM's decode of the prompt with every stroke painted over it in order (mask-edits.ts). Heavy work
 * runs in the decoder worker: a click costs a postMessage and one drawImage, a pointer move while
 * painting paints one segment into the mask and asks the worker for the overlay (latest-wins).
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
import {
  encodeMaskRle,
  maskToLowResLogits,
  paintStroke,
  type Box,
  type Mask,
  type MaskRle,
  type Point,
} from "@milimo/shared/sam";
import { TrackDirection } from "@milimo/shared/api";
import type { DecodeResult, MaskStyle } from "../../sam/decode-protocol";
import { describeDecoderBackend, type DecoderClient } from "../../sam/decoder-client";
import {
  computeContentRect,
  toImagePixel,
  toImagePosition,
  type ContentRect,
} from "./overlay-geometry";
import {
  canUndo,
  clearEdits,
  composeMask,
  currentState,
  hasPrompt,
  makeMaskHistory,
  pushEdit,
  samePrompt,
  toPrompt,
  toStrokes,
  undoEdit,
  type BrushStroke,
  type MaskEdit,
  type MaskEditorState,
  type MaskHistory,
} from "./mask-edits";
import { makeMaskCanvas, type MaskLayer } from "./mask-canvas";
import { MaskTool, createMaskPointer } from "./mask-pointer";
import { findAdjacentKeyframes } from "./keyframes";
import { BRUSH_SIZE_PX, MaskingToolbar } from "./MaskingToolbar";
import { InpaintDialog } from "./InpaintDialog";
import type { TextSelect } from "./TextSelectField";
import "./masking.css";

export { captureFrame } from "./capture-frame";
export type { TextSelect } from "./TextSelectField";

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

/** One tracked object's mask at this frame, in its colour (RGBA, alpha 0..255). */
export interface TrackedObjectMask {
  objectId: string;
  rgba: readonly [number, number, number, number];
  mask: Mask;
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
  /** Every tracked object's mask at this frame, drawn in its colour while not editing. */
  trackedMasks?: readonly TrackedObjectMask[] | undefined;
  /** @deprecated One tracked mask (drawn blue); use `trackedMasks`. */
  trackedMask?: Mask | null | undefined;
  /** Editing on this frame starts from this mask (the selected object's) instead of empty. */
  initialMask?: Mask | null | undefined;
  /**
   * "Re-track from here": re-propagates the selected object from this frame in the chosen direction
   * (up to the neighbouring keyframes).
   */
  onRetrack?:
    ((request: SavedMask & { direction: TrackDirection }) => Promise<void> | void) | undefined;
  /** Prompted keyframes (source frames) for "◀ Key" / "Key ▶". */
  keyframes?: readonly number[] | undefined;
  onSeekFrame?: ((frame: number) => void) | undefined;
  /** "Select by text", or why it is unavailable. */
  textSelect?: TextSelect | undefined;
  /** Where segmentation runs / what went wrong, for the studio's status line. */
  onStatus?: (text: string) => void;
  /** Masking mode turned on or off (the player pauses while masking). */
  onActiveChange?: (active: boolean) => void;
}

/** What the studio is asked to do with the saved mask. */
type MaskAction =
  { kind: "save" } | { kind: "track" } | { kind: "retrack" } | { kind: "inpaint"; prompt: string };

/** The status line once each action has been handed over. */
const ACTION_DONE: Record<MaskAction["kind"], string> = {
  save: "Mask saved to the shot",
  track: "Tracking started",
  retrack: "Re-tracking from this frame",
  inpaint: "Inpainting started",
};

/** The deprecated single tracked mask's colour: the overlay's default 40 % blue. */
const LEGACY_TRACKED_RGBA = [91, 140, 255, 102] as const;

export function MaskingOverlay(props: MaskingOverlayProps): JSX.Element {
  const [active, setActive] = createSignal(false);
  const [status, setStatus] = createSignal("");
  const [error, setError] = createSignal<string | null>(null);
  const [backend, setBackend] = createSignal<string | null>(null);
  const [history, setHistory] = createSignal<MaskHistory>(makeMaskHistory({ fromStart: false }));
  const [invert, setInvert] = createSignal(false);
  const [featherPx, setFeatherPx] = createSignal(0);
  const [hasMask, setHasMask] = createSignal(false);
  const [tool, setTool] = createSignal<MaskTool>(MaskTool.sam);
  const [brushSize, setBrushSize] = createSignal<number>(BRUSH_SIZE_PX.initial);
  const [size, setSize] = createSignal({ width: 0, height: 0 });
  const [inpaintOpen, setInpaintOpen] = createSignal(false);
  const [direction, setDirection] = createSignal<TrackDirection>(TrackDirection.both);
  const [busy, setBusy] = createSignal(false);

  let root: HTMLDivElement | undefined;
  let canvas: HTMLCanvasElement | undefined;
  // Plain variables, not signals: the worker's answers never re-render anything but the canvas.
  let frameKey: Promise<string | null> | null = null;
  /** The mask editing started from on this frame, and its SAM logits (made on first use). */
  let start: Mask | null = null;
  let startLogits: Float32Array | undefined;
  /** SAM's answer for the current prompt (or an older one while a decode runs). */
  let decoded: { mask: Mask; lowRes: Float32Array; state: MaskEditorState } | null = null;
  /** Bumped when the prompt changes: a decode answer for an older prompt is dropped. */
  let promptGeneration = 0;
  /** The edited mask shown: decode + strokes (+ the stroke being drawn). */
  let working: Mask | null = null;
  /** True while `working.data` is the decoder's own buffer, which strokes must not write. */
  let workingShared = false;
  let live: { stroke: BrushStroke & { points: Point[] }; last: Point } | null = null;

  const state = () => currentState(history());
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
  const fail = (message: string) => {
    setError(message);
    report(message);
  };

  const maskCanvas = makeMaskCanvas({
    decoder: { renderMask: request => props.decoder.renderMask(request) },
    canvas: () => canvas,
    onError: message => setError(message),
  });

  onMount(() => {
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setSize({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    if (root) observer.observe(root);
    onCleanup(() => observer.disconnect());
  });

  /** Starts the decoder and prepares this frame's embedding (once per frame). */
  const prepare = (): Promise<string | null> => {
    frameKey ??= (async () => {
      const started = await props.decoder.start();
      if (!started.ok) {
        fail(started.message);
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
        fail(prepared.message);
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

  const maskSize = () =>
    decoded?.mask ??
    (state().fromStart ? start : null) ?? { width: props.imageWidth, height: props.imageHeight };

  const showWorking = () => {
    if (!untrack(active)) return;
    if (working) maskCanvas.show(() => working, style());
    else maskCanvas.clear();
  };

  /** Rebuilds the edited mask from the decode (or start) and the strokes, and shows it. */
  const recompose = () => {
    const current = state();
    const strokes = toStrokes(current);
    if (live) strokes.push(live.stroke);
    const base = decoded?.mask ?? (current.fromStart ? start : null);
    const { width, height } = maskSize();
    if (!base && strokes.length === 0) {
      working = null;
    } else {
      working = { data: composeMask({ base, width, height, strokes }), width, height };
    }
    workingShared = false;
    setHasMask(working?.data.includes(255) ?? false);
    showWorking();
  };

  const applyDecode = (result: DecodeResult, generation: number, state: MaskEditorState) => {
    if (generation !== promptGeneration) return;
    if (!result.ok) {
      if (result.code !== "SUPERSEDED") fail(result.message);
      return;
    }
    setError(null);
    const mask = { data: result.mask, width: result.width, height: result.height };
    decoded = { mask, lowRes: result.lowRes, state };
    if (root) {
      root.dataset.maskScore = result.score.toFixed(3);
      // How many decodes reached the mask, so a test can wait for a re-decode.
      root.dataset.decodes = String(Number(root.dataset.decodes ?? 0) + 1);
    }
    if (
      toStrokes(currentState(history())).length === 0 &&
      !live &&
      result.rendered &&
      untrack(active)
    ) {
      // Nothing to paint over it: show the worker's own overlay, no copy, one drawImage.
      working = mask;
      workingShared = true;
      setHasMask(result.mask.includes(255));
      maskCanvas.showBitmap(result.rendered.bitmap, result.width, result.height);
      return;
    }
    result.rendered?.bitmap?.close();
    recompose();
  };

  /** Decodes the current prompt; `feedBack` passes the last decode's logits as SAM's mask_input. */
  const decodePrompt = async (feedBack: boolean) => {
    const generation = ++promptGeneration;
    const current = state();
    if (!hasPrompt(current)) {
      decoded = null;
      recompose();
      return;
    }
    const key = await prepare();
    if (!key || generation !== promptGeneration) return;
    let maskInput: Float32Array | undefined;
    if (feedBack && decoded) maskInput = decoded.lowRes;
    else if (current.fromStart && start) {
      startLogits ??= maskToLowResLogits(start);
      maskInput = startLogits;
    }
    const { points, box } = toPrompt(current);
    const result = await props.decoder.decode({
      key,
      points,
      ...(box ? { box } : {}),
      ...(maskInput ? { maskInput } : {}),
      style: style(),
    });
    applyDecode(result, generation, current);
  };

  /** Moves to `next` and updates the mask: a re-decode when the prompt changed, else a repaint. */
  const changeHistory = (next: MaskHistory, { feedBack }: { feedBack: boolean }) => {
    const before = state();
    setHistory(next);
    const after = state();
    if (samePrompt(before, after) && before.fromStart === after.fromStart) {
      recompose();
      return;
    }
    // Only logits of the prompt being extended help SAM; after an undo they describe a mask
    // that was taken back.
    void decodePrompt(feedBack && decoded !== null && samePrompt(decoded.state, before));
  };

  const addEdit = (edit: MaskEdit) =>
    changeHistory(pushEdit(history(), edit), { feedBack: edit.kind !== "stroke" });
  // Without the undone click's logits: they describe the mask being taken back.
  const undo = () => changeHistory(undoEdit(history()), { feedBack: false });
  const clear = () => changeHistory(clearEdits(history()), { feedBack: false });

  /** Editing starts over on this frame, from `initialMask` when given. */
  const startOver = () => {
    promptGeneration++;
    decoded = null;
    live = null;
    start = props.initialMask ?? null;
    startLogits = undefined;
    setHistory(makeMaskHistory({ fromStart: start !== null }));
    recompose();
  };

  const pristine = () => history().length === 1 && state().edits.length === 0;

  // A new frame or media: editing starts over; the next click prepares the frame. The memo
  // compares by value: the props are recomputed whenever the clip changes (a mask saved on it,
  // tracked masks attached), and that must not wipe the edits in progress.
  const frameIdentity = createMemo(() => `${props.mediaId}\u0000${props.frame}`);
  createEffect(
    on(
      frameIdentity,
      () => {
        frameKey = null;
        startOver();
        if (untrack(active)) void prepare();
      },
      { defer: true },
    ),
  );

  // A starting mask that arrives later (e.g. a track job just finished) is taken while untouched.
  createEffect(
    on(
      () => props.initialMask,
      () => {
        if (untrack(pristine)) startOver();
      },
      { defer: true },
    ),
  );

  const trackedLayers = (): MaskLayer[] => {
    if (props.trackedMasks) return props.trackedMasks.map(({ mask, rgba }) => ({ mask, rgba }));
    return props.trackedMask ? [{ mask: props.trackedMask, rgba: LEGACY_TRACKED_RGBA }] : [];
  };

  // Editing shows the edited mask; otherwise every tracked object's mask of this frame.
  createEffect(() => {
    if (active()) {
      showWorking();
      return;
    }
    maskCanvas.showLayers(trackedLayers());
  });

  const toggle = () => {
    const next = !active();
    if (next && pristine()) startOver();
    setActive(next);
    props.onActiveChange?.(next);
    if (next) void prepare();
    else setInpaintOpen(false);
  };

  const restyle = () => {
    if (working) maskCanvas.show(() => working, style());
  };

  const brushRadius = () => brushSize() / 2;

  const pointer = createMaskPointer({
    element: () => root,
    enabled: active,
    tool,
    toImage: css =>
      toImagePixel(css, rect(), { width: props.imageWidth, height: props.imageHeight }),
    toImageUnclamped: css => toImagePosition(css, rect()),
    onPoint: point => addEdit({ kind: "point", point }),
    onBox: box => addEdit({ kind: "box", box }),
    onStrokeStart: ({ point, value }) => {
      live = { stroke: { points: [point], radius: brushRadius(), value }, last: point };
      if (!working || workingShared) {
        // The stroke paints into a buffer of our own, never the decoder's answer.
        recompose();
      }
      paintLive([point]);
    },
    onStrokeMove: points => paintLive(points),
    onStrokeEnd: () => {
      const stroke = live?.stroke;
      live = null;
      if (!stroke) return;
      setHistory(pushEdit(history(), { kind: "stroke", stroke }));
      setHasMask(working?.data.includes(255) ?? false);
    },
  });

  /** Paints the live stroke's new segment into the working mask and asks for a redraw. */
  const paintLive = (points: Point[]) => {
    if (!live || !working) return;
    const startedMs = performance.now();
    const path = [live.last, ...points];
    paintStroke({
      mask: working.data,
      width: working.width,
      height: working.height,
      points: path,
      radius: live.stroke.radius,
      value: live.stroke.value,
    });
    for (const point of points) live.stroke.points.push(point);
    live.last = points[points.length - 1] ?? live.last;
    showWorking();
    // Main-thread cost of the last paint step, for tests and the curious (see the module header).
    if (root) root.dataset.paintMs = (performance.now() - startedMs).toFixed(2);
  };

  const savedMask = async (): Promise<SavedMask | null> => {
    const mask = working;
    if (!mask) return null;
    // The mask as shown: invert and feather applied in the worker, then encoded there.
    const styled = await props.decoder.renderMask({
      mask: mask.data.slice(),
      width: mask.width,
      height: mask.height,
      style: style(),
    });
    if (!styled.ok) {
      fail(styled.message);
      return null;
    }
    styled.bitmap?.close();
    const encoded = await props.decoder.encodeMaskPng({
      mask: styled.mask.slice(),
      width: mask.width,
      height: mask.height,
    });
    if (!encoded.ok) {
      fail(encoded.message);
      return null;
    }
    return {
      mediaId: props.mediaId,
      frame: props.frame,
      width: mask.width,
      height: mask.height,
      png: encoded.png,
      rle: encodeMaskRle({ data: styled.mask, width: mask.width, height: mask.height }),
    };
  };

  /** Hands the saved mask to the studio for one action; failures are shown in words. */
  const run = async (action: MaskAction) => {
    if (busy()) return;
    setBusy(true);
    try {
      const mask = await savedMask();
      if (!mask) return;
      await deliver(action, mask);
      report(ACTION_DONE[action.kind]);
    } catch (err) {
      fail(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const deliver = (action: MaskAction, mask: SavedMask) => {
    switch (action.kind) {
      case "save":
        return props.onSave?.(mask);
      case "track":
        return props.onTrack?.({ ...mask, direction: direction() });
      case "retrack":
        return props.onRetrack?.({ ...mask, direction: direction() });
      case "inpaint":
        return props.onInpaint?.({ ...mask, prompt: action.prompt });
    }
  };

  const saveMask = () => void run({ kind: "save" });
  const trackMask = () => void run({ kind: "track" });
  const retrackMask = () => void run({ kind: "retrack" });
  const inpaintMask = (prompt: string) =>
    void run({ kind: "inpaint", prompt }).then(() => setInpaintOpen(false));

  const boxStyle = (box: Box): JSX.CSSProperties => {
    const r = rect();
    return {
      left: `${r.left + box.x0 * r.scale}px`,
      top: `${r.top + box.y0 * r.scale}px`,
      width: `${(box.x1 - box.x0) * r.scale}px`,
      height: `${(box.y1 - box.y0) * r.scale}px`,
    };
  };

  const painting = () => active() && tool() !== MaskTool.sam;
  const keyframes = () =>
    findAdjacentKeyframes({ keyframes: props.keyframes ?? [], frame: props.frame });

  return (
    <div
      ref={el => (root = el)}
      class="masking"
      classList={{ "masking--active": active(), "masking--painting": painting() }}
      data-testid="masking-overlay"
      data-has-mask={hasMask() ? "true" : "false"}
      data-tool={tool()}
      onPointerDown={event => pointer.handlers.onPointerDown(event)}
      onPointerMove={event => pointer.handlers.onPointerMove(event)}
      onPointerUp={event => pointer.handlers.onPointerUp(event)}
      onPointerCancel={event => pointer.handlers.onPointerCancel(event)}
      onPointerLeave={() => pointer.handlers.onPointerLeave()}
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
        <For each={toPrompt(state()).points}>
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
        <Show when={pointer.dragBox() ?? toPrompt(state()).box}>
          {box => <div class="masking__box" style={boxStyle(box())} />}
        </Show>
      </Show>
      <Show when={painting() && pointer.hover()}>
        {at => (
          <div
            class="masking__cursor"
            classList={{ "masking__cursor--eraser": tool() === MaskTool.eraser }}
            data-testid="masking-cursor"
            style={{
              left: `${at().x}px`,
              top: `${at().y}px`,
              width: `${brushSize() * rect().scale}px`,
              height: `${brushSize() * rect().scale}px`,
            }}
          />
        )}
      </Show>
      <MaskingToolbar
        active={active()}
        onToggle={toggle}
        tool={tool()}
        onTool={setTool}
        brushSize={brushSize()}
        onBrushSize={setBrushSize}
        canUndo={canUndo(history())}
        onUndo={undo}
        hasMask={hasMask()}
        onClear={clear}
        invert={invert()}
        onInvert={value => {
          setInvert(value);
          restyle();
        }}
        featherPx={featherPx()}
        onFeather={value => {
          setFeatherPx(value);
          restyle();
        }}
        busy={busy()}
        onSave={props.onSave ? saveMask : undefined}
        onInpaint={props.onInpaint ? () => setInpaintOpen(open => !open) : undefined}
        direction={direction()}
        onDirection={setDirection}
        onTrack={props.onTrack ? trackMask : undefined}
        onRetrack={props.onRetrack ? retrackMask : undefined}
        keyframes={keyframes()}
        onSeekFrame={props.onSeekFrame}
        textSelect={props.textSelect}
        onTextBox={box => {
          setTool(MaskTool.sam);
          addEdit({ kind: "box", box });
        }}
      />
      <Show when={inpaintOpen()}>
        <InpaintDialog
          busy={busy()}
          onCancel={() => setInpaintOpen(false)}
          onSubmit={inpaintMask}
        />
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
