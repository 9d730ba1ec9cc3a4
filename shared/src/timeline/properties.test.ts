/**
 * Property tests over random edit sequences: the invariants a user relies on whatever they do.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeTimeline, type Timeline, type TimelineItem } from "../schema/timeline";
import { computeTimelineDuration } from "./duration";
import { createHistory, recordHistory, redoHistory, undoHistory } from "./history";
import { itemDurationFrames } from "./item";
import { itemRange, itemsAtFrame } from "./layout-free";
import { computeV1Layout } from "./layout-v1";
import { deleteItems, insertItem, moveItem, reorderV1Item } from "./move";
import { splitItemAt } from "./split";
import { trimTimelineItem } from "./trim";
import { clip } from "./test-timeline";

const RUNS = { numRuns: 200 };

const itemArb = (id: string, track: "V1" | "V2" | "A1"): fc.Arbitrary<TimelineItem> =>
  fc
    .record({
      sourceFrames: fc.integer({ min: 1, max: 200 }),
      trimIn: fc.nat(60),
      trimOut: fc.nat(60),
      startFrame: fc.nat(300),
    })
    .filter(r => r.trimIn + r.trimOut < r.sourceFrames)
    .map(r => clip(id, r.sourceFrames, { ...r, track, mediaId: `media-${id}` }));

type Op =
  | { kind: "insert"; item: TimelineItem; index: number }
  | { kind: "trim"; pick: number; edge: "in" | "out"; delta: number }
  | { kind: "split"; pick: number; at: number; newId: string }
  | { kind: "reorder"; pick: number; index: number }
  | { kind: "move"; pick: number; startFrame: number; track: "V1" | "V2" }
  | { kind: "delete"; pick: number };

const opArb = (onlyV1: boolean): fc.Arbitrary<Op> =>
  fc.oneof(
    fc.record({
      kind: fc.constant("insert" as const),
      item: fc
        .tuple(fc.uuid(), onlyV1 ? fc.constant("V1" as const) : fc.constantFrom("V1", "V2", "A1"))
        .chain(([id, track]) => itemArb(id, track)),
      index: fc.nat(20),
    }),
    fc.record({
      kind: fc.constant("trim" as const),
      pick: fc.nat(),
      edge: fc.constantFrom("in" as const, "out" as const),
      delta: fc.integer({ min: -80, max: 80 }),
    }),
    fc.record({
      kind: fc.constant("split" as const),
      pick: fc.nat(),
      at: fc.nat(400),
      newId: fc.uuid(),
    }),
    fc.record({ kind: fc.constant("reorder" as const), pick: fc.nat(), index: fc.nat(20) }),
    fc.record({
      kind: fc.constant("move" as const),
      pick: fc.nat(),
      startFrame: fc.nat(400),
      track: onlyV1 ? fc.constant("V1" as const) : fc.constantFrom("V1" as const, "V2" as const),
    }),
    fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
  );

function applyOp(t: Timeline, op: Op): Timeline {
  if (op.kind === "insert") return insertItem({ timeline: t, item: op.item, index: op.index });
  const itemId = t.items[op.pick % Math.max(1, t.items.length)]?.id ?? "none";
  switch (op.kind) {
    case "trim":
      return trimTimelineItem({ timeline: t, itemId, edge: op.edge, deltaFrames: op.delta });
    case "split":
      return splitItemAt({ timeline: t, itemId, frame: op.at, newId: op.newId });
    case "reorder":
      return reorderV1Item({ timeline: t, itemId, toIndex: op.index });
    case "move":
      return moveItem({ timeline: t, itemId, track: op.track, startFrame: op.startFrame });
    case "delete":
      return deleteItems({ timeline: t, itemIds: [itemId] });
  }
}

const opsArb = (onlyV1: boolean) => fc.array(opArb(onlyV1), { minLength: 1, maxLength: 25 });

function deepFreeze(t: Timeline): Timeline {
  t.items.forEach(i => Object.freeze(i));
  Object.freeze(t.items);
  Object.freeze(t.markers);
  return Object.freeze(t);
}

describe("timeline invariants", () => {
  it("keeps V1 contiguous from 0 after any edit sequence, without mutating inputs", () => {
    fc.assert(
      fc.property(opsArb(false), ops => {
        let t = deepFreeze(makeTimeline());
        for (const op of ops) {
          t = deepFreeze(applyOp(t, op));
          const { placements } = computeV1Layout(t.items);
          let cursor = 0;
          for (const p of placements) {
            expect(p.startFrame).toBe(cursor);
            expect(p.endFrame - p.startFrame).toBeGreaterThanOrEqual(1);
            cursor = p.endFrame;
          }
          for (const item of t.items) {
            expect(item.trimIn).toBeGreaterThanOrEqual(0);
            expect(item.trimOut).toBeGreaterThanOrEqual(0);
            expect(item.trimIn + item.trimOut).toBeLessThan(item.sourceFrames);
            expect(item.startFrame).toBeGreaterThanOrEqual(0);
          }
          expect(new Set(t.items.map(i => i.id)).size).toBe(t.items.length);
        }
      }),
      RUNS,
    );
  });

  it("with only V1, total duration is the sum of trimmed durations", () => {
    fc.assert(
      fc.property(opsArb(true), ops => {
        const t = ops.reduce(applyOp, makeTimeline());
        const sum = t.items.reduce((s, i) => s + itemDurationFrames(i), 0);
        expect(computeTimelineDuration({ timeline: t })).toBe(sum);
      }),
      RUNS,
    );
  });

  it("split keeps the duration and the source frame shown at every timeline frame", () => {
    fc.assert(
      fc.property(opsArb(false), fc.nat(), fc.nat(), (ops, pick, offset) => {
        const t = ops.reduce(applyOp, makeTimeline());
        const target = t.items[pick % Math.max(1, t.items.length)];
        const range = target && itemRange({ timeline: t, item: target });
        fc.pre(range !== undefined && range !== null && range.endFrame - range.startFrame > 1);
        // A frame strictly inside the clip, so the split happens.
        const frame = range.startFrame + 1 + (offset % (range.endFrame - range.startFrame - 1));
        const next = splitItemAt({ timeline: t, itemId: target!.id, frame, newId: "the-new-half" });
        expect(next.items).toHaveLength(t.items.length + 1);
        const duration = computeTimelineDuration({ timeline: t });
        expect(computeTimelineDuration({ timeline: next })).toBe(duration);
        const layouts = new Map([t, next].map(x => [x, computeV1Layout(x.items)]));
        const shown = (x: Timeline, f: number) => {
          const at = itemsAtFrame({ timeline: x, frame: f, layout: layouts.get(x) });
          return [at.V1, at.V2, at.A1].map(p => (p ? [p.item.mediaId, p.sourceFrame] : null));
        };
        const frames = Array.from({ length: duration + 1 }, (_, f) => f);
        expect(frames.map(f => shown(next, f))).toEqual(frames.map(f => shown(t, f)));
      }),
      RUNS,
    );
  });

  it("undo then redo restores the same state after any sequence", () => {
    fc.assert(
      fc.property(opsArb(false), fc.nat(30), (ops, undos) => {
        let h = createHistory<Timeline>();
        let t = makeTimeline();
        const states: Timeline[] = [t];
        for (const op of ops) {
          const next = applyOp(t, op);
          h = recordHistory(h, { label: op.kind, before: t, after: next });
          if (next !== t) states.push(next);
          t = next;
        }
        const n = Math.min(undos, h.undoStack.length);
        let doc = t;
        for (let k = 0; k < n; k += 1) {
          const step = undoHistory(h)!;
          h = step.history;
          doc = step.snapshot;
        }
        expect(doc).toBe(states[states.length - 1 - n]);
        for (let k = 0; k < n; k += 1) {
          const step = redoHistory(h)!;
          h = step.history;
          doc = step.snapshot;
        }
        expect(doc).toBe(t);
      }),
      RUNS,
    );
  });
});
