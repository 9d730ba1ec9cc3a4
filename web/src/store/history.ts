/**
 * Undo/redo for the document slices (STYLE §4), on the pure history in shared/timeline/history.ts.
 * An entry holds copies of only the document parts an action touched, taken just before the first
 * write to each part and again at its end (the store's setter tells us which parts). Undo and redo
 * never put a copy back wholesale: they apply only what the action changed (the difference between
 * its two copies) on top of the document as it is now. Jobs write results (shot status, media, the
 * clip's media and length) outside history at any time; replacing whole parts would wipe them.
 * A gesture (`coalesceKey`) copies "before" once and "after" once, keeping pointer moves cheap; a
 * job write during a gesture closes a stretch of it, so the result never becomes part of the edit.
 * Session and remote slices never reach this module.
 */
import {
  createHistory,
  nextRedoLabel,
  nextUndoLabel,
  recordHistory,
  redoHistory,
  undoHistory,
  type History,
  type HistoryEntry,
} from "@milimo/shared/timeline";
import { createSignal } from "solid-js";

/** Document parts history snapshots; each is one path in the store. */
export type HistoryPart = "project" | "scenes" | "shots" | "elements" | "tracks";

/** Copies of the touched parts, keyed by part. */
export type PartSnapshot = Partial<Record<HistoryPart, unknown>>;

/**
 * What an entry stores: one snapshot per stretch of the action, `before[i]`/`after[i]` being the
 * touched parts when stretch i began and ended (one stretch unless a job wrote mid-gesture).
 */
export type Stretches = readonly PartSnapshot[];

export interface DocumentHistory {
  /**
   * Runs `change` (which writes document slices) and records ONE undo entry labelled `label`.
   * Calls with the same `coalesceKey` in a row merge into one entry until `endGesture`.
   */
  record(label: string, change: () => void, opts?: { coalesceKey?: string }): void;
  /** Closes a coalesced gesture (call on pointerup). */
  endGesture(): void;
  /**
   * Tells history that `parts` are about to be written by something that is not a user action
   * (a job result); an open gesture ends its current stretch so that write is never undone.
   */
  noteExternalWrite(parts: readonly HistoryPart[]): void;
  undo(): void;
  redo(): void;
  canUndo(): boolean;
  canRedo(): boolean;
  /** Label of the action Undo would revert, or null. */
  undoLabel(): string | null;
  /** Label of the action Redo would reapply, or null. */
  redoLabel(): string | null;
  /** Forgets every entry (after opening or closing a project). */
  clear(): void;
}

/** What history needs from the store: read a part as a plain copy, and write one back. */
export interface HistoryHost {
  copyPart(part: HistoryPart): unknown;
  restorePart(part: HistoryPart, value: unknown): void;
  /** Runs `fn` while the store reports touched parts to `onTouch`. */
  track(fn: () => void, onTouch: (part: HistoryPart) => void): void;
}

type OpenGesture = {
  key: string;
  label: string;
  /** Stretches already closed by job writes. */
  closed: { before: PartSnapshot; after: PartSnapshot }[];
  /** "Before" copies of the current stretch. */
  before: Map<HistoryPart, unknown>;
};

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Structural equality of plain data; a missing key equals an undefined one. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  if (!isObj(a) || !isObj(b)) return false;
  for (const key of Object.keys(a)) if (!sameValue(a[key], b[key])) return false;
  for (const key of Object.keys(b)) if (!(key in a) && b[key] !== undefined) return false;
  return true;
}

/** A list whose items are objects with unique string ids (clips, scenes, tracks). */
function isKeyedList(value: unknown[]): value is ({ id: string } & Obj)[] {
  const ids = new Set<string>();
  for (const item of value) {
    if (!isObj(item) || typeof item.id !== "string" || ids.has(item.id)) return false;
    ids.add(item.id);
  }
  return true;
}

function rebaseKeyedList(
  current: ({ id: string } & Obj)[],
  from: ({ id: string } & Obj)[],
  to: ({ id: string } & Obj)[],
): unknown[] {
  const byId = (list: ({ id: string } & Obj)[]) => new Map(list.map(item => [item.id, item]));
  const [now, was, target] = [byId(current), byId(from), byId(to)];
  const sameOrder = from.length === to.length && from.every((item, i) => item.id === to[i]?.id);
  let order: string[];
  if (sameOrder) {
    order = current.map(item => item.id);
  } else {
    order = to.map(item => item.id);
    // Items the change never saw (a clip a job appended) stay before the item they preceded.
    current.forEach((item, i) => {
      if (was.has(item.id) || target.has(item.id)) return;
      let at = order.length;
      for (const next of current.slice(i + 1)) {
        const k = order.indexOf(next.id);
        if (k !== -1) {
          at = k;
          break;
        }
      }
      order.splice(at, 0, item.id);
    });
  }
  const out: unknown[] = [];
  for (const id of order) {
    const value =
      !was.has(id) && !target.has(id)
        ? now.get(id)
        : rebaseValue(now.get(id), was.get(id), target.get(id));
    if (value !== undefined) out.push(value);
  }
  return out;
}

/**
 * `current` with the change `from` -> `to` applied: parts where `from` and `to` agree keep their
 * current value; objects merge key by key and lists of objects with ids merge by id, so what
 * changed since (elsewhere) survives; anything else that changed takes `to`. Undefined = absent.
 */
export function rebaseValue(current: unknown, from: unknown, to: unknown): unknown {
  if (sameValue(from, to)) return current;
  if (to === undefined) return undefined;
  if (isObj(current) && isObj(from) && isObj(to)) {
    const out: Obj = { ...current };
    for (const key of new Set([...Object.keys(from), ...Object.keys(to)])) {
      const value = rebaseValue(current[key], from[key], to[key]);
      if (value === undefined) delete out[key];
      else out[key] = value;
    }
    return out;
  }
  if (
    Array.isArray(current) &&
    Array.isArray(from) &&
    Array.isArray(to) &&
    isKeyedList(current) &&
    isKeyedList(from) &&
    isKeyedList(to)
  ) {
    return rebaseKeyedList(current, from, to);
  }
  return to;
}

/** Creates the document history; `limit` entries are kept (default: shared HISTORY_LIMIT). */
export function makeDocumentHistory(
  host: HistoryHost,
  { limit }: { limit?: number } = {},
): DocumentHistory {
  let history: History<Stretches> = createHistory<Stretches>({ limit });
  let gesture: OpenGesture | null = null;
  // A version signal so canUndo/canRedo/labels are reactive for the header buttons.
  const [version, setVersion] = createSignal(0);
  const bump = () => setVersion(v => v + 1);

  function capture(into: Map<HistoryPart, unknown>) {
    return (part: HistoryPart) => {
      if (!into.has(part)) into.set(part, host.copyPart(part));
    };
  }

  /** Closes a stretch: its "before" copies and "after" copies of the same parts, now. */
  function closeStretch(before: Map<HistoryPart, unknown>) {
    const stretch = { before: {} as PartSnapshot, after: {} as PartSnapshot };
    for (const [part, value] of before) {
      stretch.before[part] = value;
      stretch.after[part] = host.copyPart(part);
    }
    return stretch;
  }

  function push(label: string, stretches: { before: PartSnapshot; after: PartSnapshot }[]) {
    // A write of equal values (e.g. a drag released where it began) leaves nothing to undo.
    const changed = stretches.filter(({ before, after }) =>
      Object.keys(before).some(part => {
        const key = part as HistoryPart;
        return !sameValue(before[key], after[key]);
      }),
    );
    if (changed.length === 0) return;
    history = recordHistory(history, {
      label,
      before: changed.map(s => s.before),
      after: changed.map(s => s.after),
    });
    bump();
  }

  function closeGesture() {
    if (!gesture) return;
    const { label, closed, before } = gesture;
    gesture = null;
    push(label, before.size > 0 ? [...closed, closeStretch(before)] : closed);
  }

  /**
   * Applies the stretches' changes `from` -> `to`, in the given order, on top of the document as it
   * is now; returns copies of the touched parts before and after, which become the entry that
   * reverses this step (so a redo brings back what was there at undo time, job results included).
   */
  function apply(steps: { from: PartSnapshot; to: PartSnapshot }[]) {
    const parts = new Set<HistoryPart>();
    for (const { from, to } of steps) {
      for (const part of Object.keys({ ...from, ...to })) parts.add(part as HistoryPart);
    }
    const pre: PartSnapshot = {};
    const post: PartSnapshot = {};
    host.track(
      () => {
        for (const part of parts) {
          const now = host.copyPart(part);
          pre[part] = now;
          let value = now;
          for (const { from, to } of steps) {
            if (part in from || part in to) value = rebaseValue(value, from[part], to[part]);
          }
          // Restore a copy: the store mutates what it is given, and entries must stay intact.
          host.restorePart(part, structuredClone(value));
          post[part] = host.copyPart(part);
        }
      },
      () => undefined,
    );
    return { pre, post };
  }

  /** Replaces the newest entry of `stack` (the one just moved there) with `entry`. */
  function replaceNewest(stack: "undoStack" | "redoStack", entry: HistoryEntry<Stretches>) {
    history = { ...history, [stack]: [...history[stack].slice(0, -1), entry] };
  }

  return {
    record(label, change, opts = {}) {
      const key = opts.coalesceKey;
      if (key !== undefined && gesture?.key === key) {
        host.track(change, capture(gesture.before));
        return;
      }
      closeGesture();
      const before = new Map<HistoryPart, unknown>();
      host.track(change, capture(before));
      if (key !== undefined) {
        gesture = { key, label, closed: [], before };
        bump();
      } else push(label, [closeStretch(before)]);
    },
    endGesture: closeGesture,
    noteExternalWrite(parts) {
      if (!gesture || !parts.some(part => gesture?.before.has(part))) return;
      gesture.closed.push(closeStretch(gesture.before));
      // The next write of the gesture copies "before" again, after this external write.
      gesture.before = new Map();
    },
    undo() {
      closeGesture();
      const entry = history.undoStack[history.undoStack.length - 1];
      const step = undoHistory(history);
      if (!step || !entry) return;
      history = step.history;
      const steps = entry.after.map((after, i) => ({ from: after, to: entry.before[i] ?? {} }));
      const { pre, post } = apply(steps.reverse());
      replaceNewest("redoStack", { ...entry, before: [post], after: [pre] });
      bump();
    },
    redo() {
      closeGesture();
      const entry = history.redoStack[history.redoStack.length - 1];
      const step = redoHistory(history);
      if (!step || !entry) return;
      history = step.history;
      const { pre, post } = apply(
        entry.before.map((before, i) => ({ from: before, to: entry.after[i] ?? {} })),
      );
      replaceNewest("undoStack", { ...entry, before: [pre], after: [post] });
      bump();
    },
    canUndo() {
      version();
      return history.undoStack.length > 0 || gestureHasWrites();
    },
    canRedo() {
      version();
      return history.redoStack.length > 0;
    },
    undoLabel() {
      version();
      return gesture && gestureHasWrites() ? gesture.label : nextUndoLabel(history);
    },
    redoLabel() {
      version();
      return nextRedoLabel(history);
    },
    clear() {
      gesture = null;
      history = createHistory<Stretches>({ limit: history.limit });
      bump();
    },
  };

  function gestureHasWrites(): boolean {
    return gesture !== null && (gesture.before.size > 0 || gesture.closed.length > 0);
  }
}
