/**
 * One masking session over the frame under the playhead, without any view. The mask shown is
 * always SAM's decode of the prompt with every stroke painted over it in order (mask-edits.ts): a
 * prompt change re-decodes (answers for an older prompt are dropped, SUPERSEDED is not an error),
 * a stroke change only repaints. The frame's embedding is prepared once per frame on first use; a
 * failed preparation is retried by the next click. Heavy work runs in the decoder worker: a click
 * costs a postMessage and one drawImage, a pointer move while painting paints one segment into the
 * mask and asks the worker for the overlay (latest-wins, mask-canvas.ts).
 */
import { createEffect, createMemo, createSignal, on, untrack, type Accessor } from "solid-js";
import {
  maskToLowResLogits,
  paintStroke,
  type Box,
  type Mask,
  type Point,
  type PromptPoint,
} from "@milimo/shared/sam";
import type { TrackDirection } from "@milimo/shared/api";
import type { DecodeResult, MaskStyle } from "../../sam/decode-protocol";
import { describeDecoderBackend, type DecoderClient } from "../../sam/decoder-client";
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
  type MaskPrompt,
} from "./mask-edits";
import { makeMaskCanvas } from "./mask-canvas";
import { encodeSavedMask, type SavedMask } from "./save-mask";

/** One tracked object's mask at this frame, in its colour (RGBA, alpha 0..255). */
export interface TrackedObjectMask {
  objectId: string;
  rgba: readonly [number, number, number, number];
  mask: Mask;
}

/** What the session reads (lazily, so a component's props keep it reactive) and reports to. */
export interface MaskSessionInput {
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
  /**
   * "Re-track from here": re-propagates the selected object from this frame in the chosen direction
   * (up to the neighbouring keyframes).
   */
  onRetrack?:
    ((request: SavedMask & { direction: TrackDirection }) => Promise<void> | void) | undefined;
  /** Every tracked object's mask at this frame, drawn in its colour while not editing. */
  trackedMasks?: readonly TrackedObjectMask[] | undefined;
  /** Editing on this frame starts from this mask (the selected object's) instead of empty. */
  initialMask?: Mask | null | undefined;
  /** Where segmentation runs / what went wrong, for the studio's status line. */
  onStatus?: (text: string) => void;
  /** Masking mode turned on or off (the player pauses while masking). */
  onActiveChange?: (active: boolean) => void;
}

/** What the studio is asked to do with the saved mask. */
export type MaskAction =
  | { kind: "save" }
  | { kind: "track"; direction: TrackDirection }
  | { kind: "retrack"; direction: TrackDirection }
  | { kind: "inpaint"; prompt: string };

/** The status line once each action has been handed over. */
const ACTION_DONE: Record<MaskAction["kind"], string> = {
  save: "Mask saved to the shot",
  track: "Tracking started",
  retrack: "Re-tracking from this frame",
  inpaint: "Inpainting started",
};

export interface MaskSession {
  /** Masking mode is on: clicks edit the mask and the edited mask is shown. */
  active: Accessor<boolean>;
  /** Turns masking mode on (preparing the frame) or off; an untouched edit starts over. */
  setActive: (active: boolean) => void;
  history: Accessor<MaskHistory>;
  /** SAM's prompt now: the points (in order) and the last box. */
  prompt: Accessor<MaskPrompt>;
  canUndo: Accessor<boolean>;
  /** Some pixel of the edited mask is inside. */
  hasMask: Accessor<boolean>;
  /** The edited mask shown (decode + strokes + the stroke being drawn); not reactive. */
  mask: () => Mask | null;
  invert: Accessor<boolean>;
  setInvert: (invert: boolean) => void;
  /** Edge softening in image pixels; default 0. */
  featherPx: Accessor<number>;
  setFeatherPx: (px: number) => void;
  addPoint: (point: PromptPoint) => void;
  addBox: (box: Box) => void;
  /** Takes back the last edit of any kind. */
  undo: () => void;
  clear: () => void;
  /** Starts a brush (255) or eraser (0) stroke at `point`; `radius` in image pixels. */
  startStroke: (start: { point: Point; radius: number; value: 0 | 255 }) => void;
  extendStroke: (points: Point[]) => void;
  /** Commits the stroke being drawn as one undoable edit. */
  endStroke: () => void;
  /** Saves the mask as shown and hands it over for `action`; failures land in the status line. */
  run: (action: MaskAction) => Promise<void>;
  /** A save or job start is running. */
  busy: Accessor<boolean>;
  /** The last failure in words; cleared by the next success. */
  error: Accessor<string | null>;
  /** The status line: the error, else the last report, else where segmentation runs. */
  statusText: Accessor<string>;
  /** How many decodes reached the mask, so a test can wait for a re-decode. */
  decodeCount: Accessor<number>;
  /** The last decode's predicted IoU. */
  maskScore: Accessor<number | null>;
  /** Main-thread cost of the last paint step in ms, for tests and the curious. */
  paintMs: Accessor<number | null>;
}

/** Reactive: the masking session of `input` (read lazily), drawing on `canvas()`. */
export function createMaskSession({
  input,
  canvas,
}: {
  input: MaskSessionInput;
  canvas: () => HTMLCanvasElement | undefined;
}): MaskSession {
  const [active, setActiveSignal] = createSignal(false);
  const [status, setStatus] = createSignal("");
  const [error, setError] = createSignal<string | null>(null);
  const [backend, setBackend] = createSignal<string | null>(null);
  const [history, setHistory] = createSignal<MaskHistory>(makeMaskHistory({ fromStart: false }));
  const [invert, setInvertSignal] = createSignal(false);
  const [featherPx, setFeatherSignal] = createSignal(0);
  const [hasMask, setHasMask] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [decodeCount, setDecodeCount] = createSignal(0);
  const [maskScore, setMaskScore] = createSignal<number | null>(null);
  const [paintMs, setPaintMs] = createSignal<number | null>(null);

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

  const report = (text: string) => {
    setStatus(text);
    input.onStatus?.(text);
  };
  const fail = (message: string) => {
    setError(message);
    report(message);
  };

  const maskCanvas = makeMaskCanvas({
    decoder: { renderMask: request => input.decoder.renderMask(request) },
    canvas,
    onError: message => setError(message),
  });

  /** Starts the decoder and prepares this frame's embedding (once per frame). */
  const prepare = (): Promise<string | null> => {
    frameKey ??= (async () => {
      const started = await input.decoder.start();
      if (!started.ok) {
        fail(started.message);
        return null;
      }
      const sentence = describeDecoderBackend(started.backend);
      setBackend(sentence);
      report(`${sentence} · preparing frame ${input.frame}…`);
      const prepared = await input.decoder.prepareFrame({
        mediaId: input.mediaId,
        frame: input.frame,
        readImage: input.readFrame,
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
    (state().fromStart ? start : null) ?? { width: input.imageWidth, height: input.imageHeight };

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

  const applyDecode = (result: DecodeResult, generation: number, decodedState: MaskEditorState) => {
    if (generation !== promptGeneration) return;
    if (!result.ok) {
      if (result.code !== "SUPERSEDED") fail(result.message);
      return;
    }
    setError(null);
    const mask = { data: result.mask, width: result.width, height: result.height };
    decoded = { mask, lowRes: result.lowRes, state: decodedState };
    setMaskScore(result.score);
    setDecodeCount(count => count + 1);
    if (toStrokes(state()).length === 0 && !live && result.rendered && untrack(active)) {
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
    const result = await input.decoder.decode({
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

  /** Editing starts over on this frame, from `initialMask` when given. */
  const startOver = () => {
    promptGeneration++;
    decoded = null;
    live = null;
    start = input.initialMask ?? null;
    startLogits = undefined;
    setHistory(makeMaskHistory({ fromStart: start !== null }));
    recompose();
  };

  const pristine = () => history().length === 1 && state().edits.length === 0;

  // A new frame or media: editing starts over; the next click prepares the frame. The memo
  // compares by value: the props are recomputed whenever the clip changes (a mask saved on it,
  // tracked masks attached), and that must not wipe the edits in progress.
  const frameIdentity = createMemo(() => `${input.mediaId}\u0000${input.frame}`);
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
      () => input.initialMask,
      () => {
        if (untrack(pristine)) startOver();
      },
      { defer: true },
    ),
  );

  // Editing shows the edited mask; otherwise every tracked object's mask of this frame.
  createEffect(() => {
    if (active()) {
      showWorking();
      return;
    }
    maskCanvas.showLayers((input.trackedMasks ?? []).map(({ mask, rgba }) => ({ mask, rgba })));
  });

  const restyle = () => {
    if (working) maskCanvas.show(() => working, style());
  };

  /** Paints the live stroke's new segment into the working mask and asks for a redraw. */
  const paintLive = (points: Point[]) => {
    if (!live || !working) return;
    const startedMs = performance.now();
    paintStroke({
      mask: working.data,
      width: working.width,
      height: working.height,
      points: [live.last, ...points],
      radius: live.stroke.radius,
      value: live.stroke.value,
    });
    for (const point of points) live.stroke.points.push(point);
    live.last = points[points.length - 1] ?? live.last;
    showWorking();
    setPaintMs(performance.now() - startedMs);
  };

  const savedMask = async (): Promise<SavedMask | null> => {
    if (!working) return null;
    const result = await encodeSavedMask({
      decoder: input.decoder,
      mask: working,
      style: style(),
      mediaId: input.mediaId,
      frame: input.frame,
    });
    if (!result.ok) {
      fail(result.message);
      return null;
    }
    return result.saved;
  };

  const deliver = (action: MaskAction, mask: SavedMask) => {
    switch (action.kind) {
      case "save":
        return input.onSave?.(mask);
      case "track":
        return input.onTrack?.({ ...mask, direction: action.direction });
      case "retrack":
        return input.onRetrack?.({ ...mask, direction: action.direction });
      case "inpaint":
        return input.onInpaint?.({ ...mask, prompt: action.prompt });
    }
  };

  return {
    active,
    setActive: next => {
      if (next && pristine()) startOver();
      setActiveSignal(next);
      input.onActiveChange?.(next);
      if (next) void prepare();
    },
    history,
    prompt: () => toPrompt(state()),
    canUndo: () => canUndo(history()),
    hasMask,
    mask: () => working,
    invert,
    setInvert: value => {
      setInvertSignal(value);
      restyle();
    },
    featherPx,
    setFeatherPx: value => {
      setFeatherSignal(value);
      restyle();
    },
    addPoint: point => addEdit({ kind: "point", point }),
    addBox: box => addEdit({ kind: "box", box }),
    // Without the undone click's logits: they describe the mask being taken back.
    undo: () => changeHistory(undoEdit(history()), { feedBack: false }),
    clear: () => changeHistory(clearEdits(history()), { feedBack: false }),
    startStroke: ({ point, radius, value }) => {
      live = { stroke: { points: [point], radius, value }, last: point };
      // The stroke paints into a buffer of our own, never the decoder's answer.
      if (!working || workingShared) recompose();
      paintLive([point]);
    },
    extendStroke: paintLive,
    endStroke: () => {
      const stroke = live?.stroke;
      live = null;
      if (!stroke) return;
      setHistory(pushEdit(history(), { kind: "stroke", stroke }));
      setHasMask(working?.data.includes(255) ?? false);
    },
    run: async action => {
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
    },
    busy,
    error,
    statusText: () => error() ?? (status() || backend() || "Loading segmentation…"),
    decodeCount,
    maskScore,
    paintMs,
  };
}
