/**
 * Undo/redo for the document slices (STYLE §4), on the pure history in shared/timeline/history.ts.
 * An entry holds copies of only the document parts an action touched, taken just before the first
 * write to each part (the store's setter tells us which parts), so untouched slices cost nothing.
 * A gesture (`coalesceKey`) copies "before" once and "after" once, at its end, keeping pointer moves
 * cheap. Session and remote slices never reach this module.
 */
import {
  createHistory,
  nextRedoLabel,
  nextUndoLabel,
  recordHistory,
  redoHistory,
  undoHistory,
  type History,
} from "@milimo/shared/timeline";
import { createSignal } from "solid-js";

/** Document parts history snapshots; each is one path in the store. */
export type HistoryPart = "project" | "scenes" | "shots" | "elements" | "tracks";

/** Copies of the touched parts, keyed by part. */
export type PartSnapshot = Partial<Record<HistoryPart, unknown>>;

export interface DocumentHistory {
  /**
   * Runs `change` (which writes document slices) and records ONE undo entry labelled `label`.
   * Calls with the same `coalesceKey` in a row merge into one entry until `endGesture`.
   */
  record(label: string, change: () => void, opts?: { coalesceKey?: string }): void;
  /** Closes a coalesced gesture (call on pointerup). */
  endGesture(): void;
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

type OpenGesture = { key: string; label: string; before: Map<HistoryPart, unknown> };

/** Creates the document history; `limit` entries are kept (default: shared HISTORY_LIMIT). */
export function makeDocumentHistory(
  host: HistoryHost,
  { limit }: { limit?: number } = {},
): DocumentHistory {
  let history: History<PartSnapshot> = createHistory<PartSnapshot>({ limit });
  let gesture: OpenGesture | null = null;
  // A version signal so canUndo/canRedo/labels are reactive for the header buttons.
  const [version, setVersion] = createSignal(0);
  const bump = () => setVersion(v => v + 1);

  function capture(into: Map<HistoryPart, unknown>) {
    return (part: HistoryPart) => {
      if (!into.has(part)) into.set(part, host.copyPart(part));
    };
  }

  function push(label: string, before: Map<HistoryPart, unknown>) {
    if (before.size === 0) return;
    const beforeSnap: PartSnapshot = {};
    const afterSnap: PartSnapshot = {};
    let changed = false;
    for (const [part, value] of before) {
      beforeSnap[part] = value;
      afterSnap[part] = host.copyPart(part);
      // A write of equal values (e.g. a drag released where it began) leaves nothing to undo.
      changed ||= JSON.stringify(value) !== JSON.stringify(afterSnap[part]);
    }
    if (!changed) return;
    history = recordHistory(history, { label, before: beforeSnap, after: afterSnap });
    bump();
  }

  function closeGesture() {
    if (!gesture) return;
    const { label, before } = gesture;
    gesture = null;
    push(label, before);
  }

  function apply(snapshot: PartSnapshot) {
    host.track(
      () => {
        for (const [part, value] of Object.entries(snapshot) as [HistoryPart, unknown][]) {
          // Restore a copy: the store mutates what it is given, and the entry must stay intact.
          host.restorePart(part, structuredClone(value));
        }
      },
      () => undefined,
    );
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
        gesture = { key, label, before };
        bump();
      } else push(label, before);
    },
    endGesture: closeGesture,
    undo() {
      closeGesture();
      const step = undoHistory(history);
      if (!step) return;
      history = step.history;
      apply(step.snapshot);
      bump();
    },
    redo() {
      closeGesture();
      const step = redoHistory(history);
      if (!step) return;
      history = step.history;
      apply(step.snapshot);
      bump();
    },
    canUndo() {
      version();
      return history.undoStack.length > 0 || (gesture !== null && gesture.before.size > 0);
    },
    canRedo() {
      version();
      return history.redoStack.length > 0;
    },
    undoLabel() {
      version();
      return gesture && gesture.before.size > 0 ? gesture.label : nextUndoLabel(history);
    },
    redoLabel() {
      version();
      return nextRedoLabel(history);
    },
    clear() {
      gesture = null;
      history = createHistory<PartSnapshot>({ limit: history.limit });
      bump();
    },
  };
}
