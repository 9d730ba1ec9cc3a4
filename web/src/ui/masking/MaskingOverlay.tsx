/**
 * Masking mode over the player's picture (FEATURES §8). SAM tool: click = positive point,
 * Alt/right click = negative point, drag = box; the best mask appears as you click. Brush and
 * eraser refine it (or paint one from nothing). Undo the last edit of any kind, clear, invert,
 * feather; save the mask to the shot, inpaint it, track it, re-track from here. This component is
 * the view: the session (mask-session.ts) owns the mask, the decoder and the actions.
 */
import { For, Show, createSignal, onCleanup, onMount, type JSX } from "solid-js";
import type { Box } from "@milimo/shared/sam";
import { TrackDirection } from "@milimo/shared/api";
import { computeContentRect, toImagePixel, toImagePosition } from "./overlay-geometry";
import { createMaskSession, type MaskSessionInput } from "./mask-session";
import { MaskTool, createMaskPointer } from "./mask-pointer";
import { findAdjacentKeyframes } from "./keyframes";
import { BRUSH_SIZE_PX, MaskingToolbar } from "./MaskingToolbar";
import { InpaintDialog } from "./InpaintDialog";
import type { TextSelect } from "./TextSelectField";
import "./masking.css";

export { captureFrame } from "./capture-frame";
export type { TextSelect } from "./TextSelectField";
export type { SavedMask } from "./save-mask";
export type { TrackedObjectMask } from "./mask-session";

export interface MaskingOverlayProps extends MaskSessionInput {
  /** Prompted keyframes (source frames) for "◀ Key" / "Key ▶". */
  keyframes?: readonly number[] | undefined;
  onSeekFrame?: ((frame: number) => void) | undefined;
  /** "Select by text", or why it is unavailable. */
  textSelect?: TextSelect | undefined;
  /**
   * Bars shown under the status line, in the same bottom area so they never cover it. Only
   * their controls should take the pointer (the area itself lets clicks through to the picture).
   */
  children?: JSX.Element;
}

export function MaskingOverlay(props: MaskingOverlayProps): JSX.Element {
  const [tool, setTool] = createSignal<MaskTool>(MaskTool.sam);
  const [brushSize, setBrushSize] = createSignal<number>(BRUSH_SIZE_PX.initial);
  const [size, setSize] = createSignal({ width: 0, height: 0 });
  const [inpaintOpen, setInpaintOpen] = createSignal(false);
  const [direction, setDirection] = createSignal<TrackDirection>(TrackDirection.both);

  let root: HTMLDivElement | undefined;
  let canvas: HTMLCanvasElement | undefined;
  const session = createMaskSession({ input: props, canvas: () => canvas });
  const active = session.active;

  const rect = () =>
    computeContentRect({
      displayWidth: size().width || 1,
      displayHeight: size().height || 1,
      imageWidth: props.imageWidth || 1,
      imageHeight: props.imageHeight || 1,
    });

  onMount(() => {
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setSize({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    if (root) observer.observe(root);
    onCleanup(() => observer.disconnect());
  });

  const toggle = () => {
    const next = !active();
    session.setActive(next);
    if (!next) setInpaintOpen(false);
  };

  const pointer = createMaskPointer({
    element: () => root,
    enabled: active,
    tool,
    toImage: css =>
      toImagePixel(css, rect(), { width: props.imageWidth, height: props.imageHeight }),
    toImageUnclamped: css => toImagePosition(css, rect()),
    onPoint: point => session.addPoint(point),
    onBox: box => session.addBox(box),
    onStrokeStart: ({ point, value }) =>
      session.startStroke({ point, value, radius: brushSize() / 2 }),
    onStrokeMove: points => session.extendStroke(points),
    onStrokeEnd: () => session.endStroke(),
  });

  const run = (action: Parameters<typeof session.run>[0]) => session.run(action);
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
      data-has-mask={session.hasMask() ? "true" : "false"}
      data-tool={tool()}
      data-mask-score={session.maskScore()?.toFixed(3)}
      data-decodes={session.decodeCount() > 0 ? String(session.decodeCount()) : undefined}
      data-paint-ms={session.paintMs()?.toFixed(2)}
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
        <For each={session.prompt().points}>
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
        <Show when={pointer.dragBox() ?? session.prompt().box}>
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
        canUndo={session.canUndo()}
        onUndo={() => session.undo()}
        hasMask={session.hasMask()}
        onClear={() => session.clear()}
        invert={session.invert()}
        onInvert={value => session.setInvert(value)}
        featherPx={session.featherPx()}
        onFeather={value => session.setFeatherPx(value)}
        busy={session.busy()}
        onSave={props.onSave ? () => void run({ kind: "save" }) : undefined}
        onInpaint={props.onInpaint ? () => setInpaintOpen(open => !open) : undefined}
        direction={direction()}
        onDirection={setDirection}
        onTrack={
          props.onTrack ? () => void run({ kind: "track", direction: direction() }) : undefined
        }
        onRetrack={
          props.onRetrack ? () => void run({ kind: "retrack", direction: direction() }) : undefined
        }
        keyframes={keyframes()}
        onSeekFrame={props.onSeekFrame}
        textSelect={props.textSelect}
        onTextBox={box => {
          setTool(MaskTool.sam);
          session.addBox(box);
        }}
      />
      <Show when={inpaintOpen()}>
        <InpaintDialog
          busy={session.busy()}
          onCancel={() => setInpaintOpen(false)}
          onSubmit={inpaintMask}
        />
      </Show>
      {/* One column along the bottom edge: the status line, then the host's bars under it. */}
      <div class="masking__bottom" onPointerDown={event => event.stopPropagation()}>
        <Show when={active() || session.error()}>
          <div
            class="masking__status"
            classList={{ "masking__status--error": session.error() !== null }}
            data-testid="masking-status"
            role="status"
          >
            {session.statusText()}
          </div>
        </Show>
        {props.children}
      </div>
    </div>
  );
}
