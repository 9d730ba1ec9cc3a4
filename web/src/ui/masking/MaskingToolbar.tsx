/**
 * The masking toolbar: mode toggle, tools (SAM points/box, brush, eraser) and brush size, undo,
 * clear, invert, feather, keyframe stepping, text selection and the mask's actions (save, inpaint,
 * track, re-track). Pure view: every change goes back through a callback.
 */
import { For, Show, createSignal, type JSX } from "solid-js";
import type { Box } from "@milimo/shared/sam";
import { TrackDirection } from "@milimo/shared/api";
import { MaskTool } from "./mask-pointer";
import { TextSelectField, type TextSelect } from "./TextSelectField";

/** Brush size range and default, in image pixels (the brush's diameter). */
export const BRUSH_SIZE_PX = { min: 5, max: 100, initial: 20 } as const;
/** Feather slider range, in image pixels. */
export const MAX_FEATHER_PX = 40;

const TOOLS = [
  {
    tool: MaskTool.sam,
    label: "Points/Box",
    title: "SAM: click to add, Alt/right click to remove, drag for a box",
  },
  { tool: MaskTool.brush, label: "Brush", title: "Paint the mask (Alt/right button erases)" },
  { tool: MaskTool.eraser, label: "Eraser", title: "Erase the mask (Alt/right button paints)" },
] as const;

export interface MaskingToolbarProps {
  active: boolean;
  onToggle: () => void;
  tool: MaskTool;
  onTool: (tool: MaskTool) => void;
  /** Brush diameter in image pixels. */
  brushSize: number;
  onBrushSize: (size: number) => void;
  canUndo: boolean;
  onUndo: () => void;
  hasMask: boolean;
  onClear: () => void;
  invert: boolean;
  onInvert: (invert: boolean) => void;
  featherPx: number;
  onFeather: (px: number) => void;
  /** A save or job start is running. */
  busy: boolean;
  onSave?: (() => void) | undefined;
  onInpaint?: (() => void) | undefined;
  direction: TrackDirection;
  onDirection: (direction: TrackDirection) => void;
  onTrack?: (() => void) | undefined;
  /** Shown only when given. */
  onRetrack?: (() => void) | undefined;
  /** Keyframe stepping, shown only when `onSeekFrame` is given; null = none that way. */
  keyframes: { previous: number | null; next: number | null };
  onSeekFrame?: ((frame: number) => void) | undefined;
  textSelect?: TextSelect | undefined;
  onTextBox: (box: Box) => void;
}

export function MaskingToolbar(props: MaskingToolbarProps): JSX.Element {
  const [textOpen, setTextOpen] = createSignal(false);
  const maskAction = (action: (() => void) | undefined) => !props.hasMask || props.busy || !action;
  return (
    <div class="masking__toolbar" onPointerDown={event => event.stopPropagation()}>
      <button
        type="button"
        data-testid="masking-toggle"
        aria-pressed={props.active}
        title="Masking mode: click to add, Alt/right click to remove, drag for a box"
        onClick={() => props.onToggle()}
      >
        {props.active ? "Done" : "Mask"}
      </button>
      <Show when={props.active}>
        <div class="masking__tools" role="group" aria-label="Masking tool">
          <For each={TOOLS}>
            {entry => (
              <button
                type="button"
                data-testid={`masking-tool-${entry.tool}`}
                aria-pressed={props.tool === entry.tool}
                title={entry.title}
                onClick={() => props.onTool(entry.tool)}
              >
                {entry.label}
              </button>
            )}
          </For>
        </div>
        <Show when={props.tool !== MaskTool.sam}>
          <label class="masking__range" title="Brush size in picture pixels">
            Size
            <input
              type="range"
              data-testid="masking-brush-size"
              min={BRUSH_SIZE_PX.min}
              max={BRUSH_SIZE_PX.max}
              value={props.brushSize}
              onInput={event => props.onBrushSize(Number(event.currentTarget.value))}
            />
            <output data-testid="masking-brush-size-value">{props.brushSize} px</output>
          </label>
        </Show>
        <button
          type="button"
          data-testid="masking-undo"
          title="Undo the last point, box or stroke"
          disabled={!props.canUndo}
          onClick={() => props.onUndo()}
        >
          Undo
        </button>
        <button
          type="button"
          data-testid="masking-clear"
          disabled={!props.hasMask && !props.canUndo}
          onClick={() => props.onClear()}
        >
          Clear
        </button>
        <label class="masking__check">
          <input
            type="checkbox"
            data-testid="masking-invert"
            checked={props.invert}
            onChange={event => props.onInvert(event.currentTarget.checked)}
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
            value={props.featherPx}
            onChange={event => props.onFeather(Number(event.currentTarget.value))}
          />
        </label>
        <Show when={props.onSeekFrame}>
          {seek => (
            <>
              <button
                type="button"
                data-testid="masking-key-previous"
                title="Previous keyframe"
                disabled={props.keyframes.previous === null}
                onClick={() => {
                  const frame = props.keyframes.previous;
                  if (frame !== null) seek()(frame);
                }}
              >
                ◀ Key
              </button>
              <button
                type="button"
                data-testid="masking-key-next"
                title="Next keyframe"
                disabled={props.keyframes.next === null}
                onClick={() => {
                  const frame = props.keyframes.next;
                  if (frame !== null) seek()(frame);
                }}
              >
                Key ▶
              </button>
            </>
          )}
        </Show>
        <button
          type="button"
          data-testid="masking-save"
          disabled={maskAction(props.onSave)}
          onClick={() => props.onSave?.()}
        >
          Save mask
        </button>
        <button
          type="button"
          data-testid="masking-inpaint"
          disabled={maskAction(props.onInpaint)}
          onClick={() => props.onInpaint?.()}
        >
          Inpaint…
        </button>
        <select
          data-testid="masking-track-direction"
          aria-label="Track direction"
          value={props.direction}
          onChange={event => props.onDirection(event.currentTarget.value as TrackDirection)}
        >
          <option value={TrackDirection.both}>Both ways</option>
          <option value={TrackDirection.forward}>Forwards</option>
          <option value={TrackDirection.backward}>Backwards</option>
        </select>
        <button
          type="button"
          data-testid="masking-track"
          disabled={maskAction(props.onTrack)}
          onClick={() => props.onTrack?.()}
        >
          Track
        </button>
        <Show when={props.onRetrack}>
          {retrack => (
            <button
              type="button"
              data-testid="masking-retrack"
              title="Re-propagate the selected object from this frame"
              disabled={!props.hasMask || props.busy}
              onClick={() => retrack()()}
            >
              Re-track from here
            </button>
          )}
        </Show>
        <Show when={props.textSelect}>
          <button
            type="button"
            data-testid="masking-text-open"
            aria-expanded={textOpen()}
            title={
              props.textSelect?.available === false
                ? props.textSelect.reason
                : "Select an object by describing it"
            }
            onClick={() => setTextOpen(open => !open)}
          >
            Text…
          </button>
        </Show>
        <Show when={textOpen() && props.textSelect}>
          {select => (
            <div class="masking__popover">
              <TextSelectField textSelect={select()} onBox={box => props.onTextBox(box)} />
            </div>
          )}
        </Show>
      </Show>
    </div>
  );
}
