// Prompt encoding for the SAM ONNX decoder (point_coords [1, N, 2], point_labels [1, N]), as in
// segment_anything's onnx_model_example: clicks are labelled 1/0, a box becomes two corner
// points labelled 2 and 3, and without a box a padding point (0, 0) labelled -1 is appended.

/** point_labels values the SAM decoder understands. */
export const SamPointLabel = {
  negative: 0,
  positive: 1,
  boxTopLeft: 2,
  boxBottomRight: 3,
  padding: -1,
} as const;

export interface Point {
  x: number;
  y: number;
}

export interface PromptPoint extends Point {
  /** true: include this spot (click); false: exclude it (Alt/right click). */
  positive: boolean;
}

/** A box by two corners in pixels; either corner order is accepted. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A point in original image pixels to encoder-input pixels: (x·scale, y·scale). */
export function toModelPoint<P extends Point>(point: P, scale: number): P {
  return { ...point, x: point.x * scale, y: point.y * scale };
}

/** An encoder-input point back to original image pixels: (x/scale, y/scale). */
export function toImagePoint<P extends Point>(point: P, scale: number): P {
  return { ...point, x: point.x / scale, y: point.y / scale };
}

/** Points and an optional box from original image pixels to encoder-input pixels. */
export function toModelCoords<P extends Point>({
  points,
  box,
  scale,
}: {
  points: readonly P[];
  box?: Box | undefined;
  scale: number;
}): { points: P[]; box?: Box } {
  const scaled = points.map(point => toModelPoint(point, scale));
  if (!box) return { points: scaled };
  return {
    points: scaled,
    box: { x0: box.x0 * scale, y0: box.y0 * scale, x1: box.x1 * scale, y1: box.y1 * scale },
  };
}

export interface DecoderPrompt {
  /** x0, y0, x1, y1, … for point_coords, shape [1, count, 2]. */
  coords: Float32Array;
  /** One label per point for point_labels, shape [1, count]. */
  labels: Float32Array;
  count: number;
}

/**
 * Decoder inputs for clicks and an optional box, already in encoder-input pixels (see
 * toModelCoords). With no box, SAM's padding point (0, 0, label -1) is appended; with no points
 * and no box the result is that padding point alone.
 */
export function buildDecoderPrompt({
  points,
  box,
}: {
  points: readonly PromptPoint[];
  box?: Box | undefined;
}): DecoderPrompt {
  const all: { x: number; y: number; label: number }[] = points.map(point => ({
    x: point.x,
    y: point.y,
    label: point.positive ? SamPointLabel.positive : SamPointLabel.negative,
  }));
  if (box) {
    all.push({
      x: Math.min(box.x0, box.x1),
      y: Math.min(box.y0, box.y1),
      label: SamPointLabel.boxTopLeft,
    });
    all.push({
      x: Math.max(box.x0, box.x1),
      y: Math.max(box.y0, box.y1),
      label: SamPointLabel.boxBottomRight,
    });
  } else {
    all.push({ x: 0, y: 0, label: SamPointLabel.padding });
  }
  const coords = new Float32Array(all.length * 2);
  const labels = new Float32Array(all.length);
  all.forEach((point, i) => {
    coords[i * 2] = point.x;
    coords[i * 2 + 1] = point.y;
    labels[i] = point.label;
  });
  return { coords, labels, count: all.length };
}
