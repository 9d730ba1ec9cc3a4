/**
 * Detector outputs to the boxes `POST /api/sam/ground` answers, as pure functions. Like Hugging
 * Face's OWL-ViT post-processing, each predicted box takes the phrase with its highest logit and
 * scores sigmoid(logit); boxes under the threshold go. Boxes (cx, cy, w, h relative to the padded
 * square) become image pixels by undoing the pad and resize; then boxes of one phrase are merged,
 * either by non-max suppression (real detectors) or by joining touching grid cells.
 */
import type { Box } from "@milimo/shared/sam";
import type { GroundedBox } from "@milimo/shared/api";

/** A box of one phrase before merging; `query` indexes the phrases. */
export interface Detection {
  box: Box;
  score: number;
  query: number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * A detector box [cx, cy, w, h] (0..1 of the model's square) in image pixels, x1/y1 exclusive,
 * clipped to the picture; null when nothing of it is on the picture. "pad": the square's side is the
 * picture's longest side (padding right and below); "stretch": the square is the whole picture.
 */
export function toImageBox(args: {
  box: readonly [number, number, number, number];
  width: number;
  height: number;
  fit: "pad" | "stretch";
}): Box | null {
  const { width, height } = args;
  const [cx, cy, w, h] = args.box;
  const sx = args.fit === "pad" ? Math.max(width, height) : width;
  const sy = args.fit === "pad" ? Math.max(width, height) : height;
  const clamp = (v: number, max: number) => Math.min(Math.max(Math.round(v), 0), max);
  const box = {
    x0: clamp((cx - w / 2) * sx, width),
    y0: clamp((cy - h / 2) * sy, height),
    x1: clamp((cx + w / 2) * sx, width),
    y1: clamp((cy + h / 2) * sy, height),
  };
  return box.x1 > box.x0 && box.y1 > box.y0 ? box : null;
}

/**
 * Per box, the phrase with the highest logit and its sigmoid score; boxes scoring under
 * `threshold` are left out. `logits` is [numBoxes × numQueries] row-major, `boxes` [numBoxes × 4].
 */
export function pickDetections(args: {
  logits: ArrayLike<number>;
  boxes: ArrayLike<number>;
  numQueries: number;
  threshold: number;
  width: number;
  height: number;
  fit: "pad" | "stretch";
}): Detection[] {
  const { logits, boxes, numQueries } = args;
  const numBoxes = Math.floor(boxes.length / 4);
  const out: Detection[] = [];
  for (let n = 0; n < numBoxes; n++) {
    let query = 0;
    let best = -Infinity;
    for (let q = 0; q < numQueries; q++) {
      const logit = logits[n * numQueries + q]!;
      if (logit > best) {
        best = logit;
        query = q;
      }
    }
    const score = sigmoid(best);
    if (!(score >= args.threshold)) continue;
    const box = toImageBox({
      box: [boxes[n * 4]!, boxes[n * 4 + 1]!, boxes[n * 4 + 2]!, boxes[n * 4 + 3]!],
      width: args.width,
      height: args.height,
      fit: args.fit,
    });
    if (box) out.push({ box, score, query });
  }
  return out;
}

const area = (b: Box) => Math.max(0, b.x1 - b.x0) * Math.max(0, b.y1 - b.y0);

/** Intersection over union of two boxes (0 when they do not overlap). */
export function boxIou(a: Box, b: Box): number {
  const inter = area({
    x0: Math.max(a.x0, b.x0),
    y0: Math.max(a.y0, b.y0),
    x1: Math.min(a.x1, b.x1),
    y1: Math.min(a.y1, b.y1),
  });
  const union = area(a) + area(b) - inter;
  return union > 0 ? inter / union : 0;
}

const byScore = (a: Detection, b: Detection) => b.score - a.score;

/** Greedy non-max suppression per phrase: a box overlapping a better one by more than `iou` goes. */
export function suppressOverlaps(detections: readonly Detection[], iou: number): Detection[] {
  const kept: Detection[] = [];
  for (const d of [...detections].sort(byScore)) {
    if (kept.every(k => k.query !== d.query || boxIou(k.box, d.box) <= iou)) kept.push(d);
  }
  return kept;
}

/**
 * Joins boxes of the same phrase that overlap or lie within `gap` pixels of each other (default 1,
 * so rounding never splits neighbouring grid cells) into their union, scored by the best member.
 */
export function joinTouching(detections: readonly Detection[], gap = 1): Detection[] {
  const parent = detections.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const near = (a: Box, b: Box) =>
    a.x0 <= b.x1 + gap && b.x0 <= a.x1 + gap && a.y0 <= b.y1 + gap && b.y0 <= a.y1 + gap;
  for (let i = 0; i < detections.length; i++) {
    for (let j = i + 1; j < detections.length; j++) {
      const a = detections[i]!;
      const b = detections[j]!;
      if (a.query === b.query && near(a.box, b.box)) parent[root(j)] = root(i);
    }
  }
  const groups = new Map<number, Detection>();
  detections.forEach((d, i) => {
    const r = root(i);
    const g = groups.get(r);
    groups.set(
      r,
      g
        ? {
            query: d.query,
            score: Math.max(g.score, d.score),
            box: {
              x0: Math.min(g.box.x0, d.box.x0),
              y0: Math.min(g.box.y0, d.box.y0),
              x1: Math.max(g.box.x1, d.box.x1),
              y1: Math.max(g.box.y1, d.box.y1),
            },
          }
        : d,
    );
  });
  return [...groups.values()].sort(byScore);
}

/** The answer's boxes, best first: picked, merged per `merge`, labelled with their phrase. */
export function groundedBoxes(args: {
  logits: ArrayLike<number>;
  boxes: ArrayLike<number>;
  labels: readonly string[];
  width: number;
  height: number;
  config: {
    fit: "pad" | "stretch";
    scoreThreshold: number;
    merge: "nms" | "touching";
    nmsIou: number;
    maxBoxes: number;
  };
}): GroundedBox[] {
  const { config } = args;
  const picked = pickDetections({
    logits: args.logits,
    boxes: args.boxes,
    numQueries: args.labels.length,
    threshold: config.scoreThreshold,
    width: args.width,
    height: args.height,
    fit: config.fit,
  });
  const merged =
    config.merge === "touching" ? joinTouching(picked) : suppressOverlaps(picked, config.nmsIou);
  return merged
    .sort(byScore)
    .slice(0, config.maxBoxes)
    .map(d => ({ box: d.box, score: d.score, label: args.labels[d.query] ?? "" }));
}
