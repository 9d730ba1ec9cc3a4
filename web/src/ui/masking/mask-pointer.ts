/**
 * What a pointer does on the masking overlay. With the SAM tool: a click adds a point (Alt or the
 * right button: a negative one) and a drag draws a box. With the brush or the eraser: a press
 * starts a stroke, every move extends it (with the browser's coalesced events, so a fast stroke
 * keeps its shape) and the release commits it; Alt or the right button swaps brush and eraser.
 * The pointer's position over the overlay is kept for the brush's cursor circle.
 */
import { createSignal, type Accessor } from "solid-js";
import type { Box, Point, PromptPoint } from "@milimo/shared/sam";
import { toDragBox } from "./overlay-geometry";

/** A drag shorter than this (image pixels, both axes) is a click. */
const MIN_BOX_SIDE_PX = 6;

export const MaskTool = { sam: "sam", brush: "brush", eraser: "eraser" } as const;
export type MaskTool = (typeof MaskTool)[keyof typeof MaskTool];

export interface MaskPointerHandlers {
  onPointerDown: (event: PointerEvent) => void;
  onPointerMove: (event: PointerEvent) => void;
  onPointerUp: (event: PointerEvent) => void;
  onPointerCancel: (event: PointerEvent) => void;
  onPointerLeave: () => void;
}

export interface MaskPointer {
  handlers: MaskPointerHandlers;
  /** The box being dragged, in image pixels. */
  dragBox: Accessor<Box | null>;
  /** Where the pointer is over the overlay, in CSS pixels from its top-left; null when away. */
  hover: Accessor<Point | null>;
}

/** Reactive: pointer handling for the overlay element `element()`. */
export function createMaskPointer(options: {
  element: () => HTMLElement | undefined;
  enabled: () => boolean;
  tool: () => MaskTool;
  /** Overlay CSS pixels to image pixels: clamped to the picture, null in the letterbox. */
  toImage: (css: Point) => Point | null;
  /** Overlay CSS pixels to image pixels, unclamped (a stroke may run off the picture). */
  toImageUnclamped: (css: Point) => Point;
  onPoint: (point: PromptPoint) => void;
  onBox: (box: Box) => void;
  onStrokeStart: (start: { point: Point; value: 0 | 255 }) => void;
  onStrokeMove: (points: Point[]) => void;
  onStrokeEnd: () => void;
}): MaskPointer {
  const [dragBox, setDragBox] = createSignal<Box | null>(null);
  const [hover, setHover] = createSignal<Point | null>(null);
  let drag: { start: Point } | null = null;
  let stroking = false;

  const toCss = (event: { clientX: number; clientY: number }): Point | null => {
    const bounds = options.element()?.getBoundingClientRect();
    if (!bounds) return null;
    return { x: event.clientX - bounds.left, y: event.clientY - bounds.top };
  };

  const endStroke = () => {
    if (!stroking) return;
    stroking = false;
    options.onStrokeEnd();
  };

  const handlers: MaskPointerHandlers = {
    onPointerDown(event) {
      if (!options.enabled() || (event.button !== 0 && event.button !== 2)) return;
      const css = toCss(event);
      if (!css) return;
      const tool = options.tool();
      if (tool === MaskTool.sam) {
        const start = options.toImage(css);
        if (!start) return;
        drag = { start };
      } else {
        if (!options.toImage(css)) return;
        const swap = event.button === 2 || event.altKey;
        const paints = (tool === MaskTool.brush) !== swap;
        stroking = true;
        options.onStrokeStart({ point: options.toImageUnclamped(css), value: paints ? 255 : 0 });
      }
      event.preventDefault();
      options.element()?.setPointerCapture(event.pointerId);
    },

    onPointerMove(event) {
      const css = toCss(event);
      setHover(options.enabled() ? css : null);
      if (stroking) {
        const events = event.getCoalescedEvents?.() ?? [];
        const points = (events.length > 0 ? events : [event]).flatMap(e => {
          const at = toCss(e);
          return at ? [options.toImageUnclamped(at)] : [];
        });
        if (points.length > 0) options.onStrokeMove(points);
        return;
      }
      if (!drag || !css) return;
      const at = options.toImage(css);
      if (at) setDragBox(toDragBox(drag.start, at, MIN_BOX_SIDE_PX));
    },

    onPointerUp(event) {
      if (stroking) {
        endStroke();
        return;
      }
      const current = drag;
      drag = null;
      setDragBox(null);
      if (!current) return;
      const css = toCss(event);
      const at = (css && options.toImage(css)) ?? current.start;
      const box = toDragBox(current.start, at, MIN_BOX_SIDE_PX);
      if (box) {
        options.onBox(box);
        return;
      }
      const positive = event.button !== 2 && !event.altKey;
      options.onPoint({ ...current.start, positive });
    },

    onPointerCancel() {
      drag = null;
      setDragBox(null);
      endStroke();
    },

    onPointerLeave() {
      setHover(null);
    },
  };

  return { handlers, dragBox, hover };
}
