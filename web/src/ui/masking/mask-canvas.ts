/**
 * Draws masks on the overlay canvas through the decoder worker, latest-wins: styling (invert,
 * feather, tint) and the bitmap are made in the worker, and while one render is in flight only the
 * newest request waits. So painting at pointer rate costs the main thread one mask copy and a
 * postMessage per render, never a queue of stale frames; a result older than the last `clear` or
 * `show` call is dropped.
 */
import type { Mask } from "@milimo/shared/sam";
import type { MaskStyle } from "../../sam/decode-protocol";
import type { DecoderClient } from "../../sam/decoder-client";

/** One tracked object's mask in its colour. */
export interface MaskLayer {
  mask: Mask;
  rgba?: readonly [number, number, number, number] | undefined;
}

export interface MaskCanvas {
  /**
   * Renders `source()` in `style` now, or once the render in flight is done (the newest request
   * replaces a waiting one; `source` is read when the render starts, so it may be a live buffer).
   */
  show(source: () => Mask | null, style: MaskStyle): void;
  /** Draws a bitmap the worker already made (a decode's own overlay). */
  showBitmap(bitmap: ImageBitmap | undefined, width: number, height: number): void;
  /** Draws every layer, in order, over one another. */
  showLayers(layers: readonly MaskLayer[]): void;
  clear(): void;
}

/** A mask canvas over `canvas()`; `onError` hears render failures in words. */
export function makeMaskCanvas({
  decoder,
  canvas,
  onError,
}: {
  decoder: Pick<DecoderClient, "renderMask">;
  canvas: () => HTMLCanvasElement | undefined;
  onError: (message: string) => void;
}): MaskCanvas {
  // Bumped by every call: a result is drawn only when no newer call came in the meantime.
  let generation = 0;
  let rendering = false;
  let waiting: { source: () => Mask | null; style: MaskStyle; generation: number } | null = null;

  const draw = (images: readonly ImageBitmap[], width: number, height: number) => {
    const target = canvas();
    const context = target?.getContext("2d");
    if (!target || !context) {
      for (const image of images) image.close();
      return;
    }
    if (target.width !== width || target.height !== height) {
      target.width = width;
      target.height = height;
    }
    context.clearRect(0, 0, width, height);
    for (const image of images) {
      context.drawImage(image, 0, 0);
      image.close();
    }
  };

  const pump = async () => {
    if (rendering) return;
    rendering = true;
    try {
      while (waiting) {
        const job = waiting;
        waiting = null;
        const mask = job.source();
        if (!mask) {
          if (job.generation === generation) draw([], canvas()?.width ?? 0, canvas()?.height ?? 0);
          continue;
        }
        const rendered = await decoder.renderMask({
          mask: mask.data.slice(),
          width: mask.width,
          height: mask.height,
          style: job.style,
        });
        if (!rendered.ok) {
          if (job.generation === generation) onError(rendered.message);
          continue;
        }
        if (job.generation === generation && !waiting) {
          draw(rendered.bitmap ? [rendered.bitmap] : [], mask.width, mask.height);
        } else {
          rendered.bitmap?.close();
        }
      }
    } finally {
      rendering = false;
    }
  };

  return {
    show(source, style) {
      waiting = { source, style, generation: ++generation };
      void pump();
    },
    showBitmap(bitmap, width, height) {
      generation++;
      waiting = null;
      draw(bitmap ? [bitmap] : [], width, height);
    },
    showLayers(layers) {
      const mine = ++generation;
      waiting = null;
      if (layers.length === 0) {
        draw([], canvas()?.width ?? 0, canvas()?.height ?? 0);
        return;
      }
      void Promise.all(
        layers.map(({ mask, rgba }) =>
          decoder.renderMask({
            mask: mask.data.slice(),
            width: mask.width,
            height: mask.height,
            style: rgba ? { rgba } : {},
          }),
        ),
      ).then(results => {
        const bitmaps = results.flatMap(r => (r.ok && r.bitmap ? [r.bitmap] : []));
        const first = layers[0]!.mask;
        if (mine === generation) draw(bitmaps, first.width, first.height);
        else for (const bitmap of bitmaps) bitmap.close();
      });
    },
    clear() {
      generation++;
      waiting = null;
      draw([], canvas()?.width ?? 0, canvas()?.height ?? 0);
    },
  };
}
