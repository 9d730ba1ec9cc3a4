/**
 * Undo/redo of immutable document snapshots, one entry per user action. Edits share structure, so
 * a snapshot costs little. A gesture (drag, trim handle) records every update with one `coalesceKey`
 * and becomes ONE entry; the key must be unique per gesture (e.g. "trim:<itemId>:<pointerId>:<n>")
 * and undo, redo or `sealHistory` end coalescing. A new action clears redo; the oldest entries drop
 * past the limit (default 300; FEATURES §6 asks for at least 200).
 */

/** Default number of undo steps kept. */
export const HISTORY_LIMIT = 300;

/** One undoable action: the document before and after it, and its label ("Trim clip"). */
export type HistoryEntry<T> = {
  label: string;
  before: T;
  after: T;
  coalesceKey: string | null;
};

/** Immutable history; the newest entry is last in `undoStack` and in `redoStack`. */
export type History<T> = {
  undoStack: readonly HistoryEntry<T>[];
  redoStack: readonly HistoryEntry<T>[];
  limit: number;
  /** True when the next record must start a new entry even with the last entry's key. */
  sealed: boolean;
};

/** Empty history keeping at most `limit` entries (default 300, at least 1). */
export function createHistory<T>({ limit = HISTORY_LIMIT }: { limit?: number } = {}): History<T> {
  return { undoStack: [], redoStack: [], limit: Math.max(1, Math.floor(limit)), sealed: false };
}

/**
 * Records an action that turned `before` into `after`. Same-reference before/after is a no-op.
 * With the last entry's `coalesceKey` (and no undo since) it extends that entry instead.
 */
export function recordHistory<T>(
  history: History<T>,
  {
    label,
    before,
    after,
    coalesceKey = null,
  }: { label: string; before: T; after: T; coalesceKey?: string | null },
): History<T> {
  if (before === after) return history;
  const last = history.undoStack[history.undoStack.length - 1];
  if (
    last &&
    coalesceKey !== null &&
    last.coalesceKey === coalesceKey &&
    !history.sealed &&
    history.redoStack.length === 0
  ) {
    const undoStack = history.undoStack.slice(0, -1);
    // A gesture that ends where it began leaves nothing to undo.
    if (after !== last.before) undoStack.push({ ...last, after });
    return { ...history, undoStack };
  }
  const entry: HistoryEntry<T> = { label, before, after, coalesceKey };
  const undoStack = [...history.undoStack, entry];
  if (undoStack.length > history.limit) undoStack.splice(0, undoStack.length - history.limit);
  return { ...history, undoStack, redoStack: [], sealed: false };
}

/** Ends the current gesture: the next record starts a new entry whatever its key. */
export function sealHistory<T>(history: History<T>): History<T> {
  return history.sealed ? history : { ...history, sealed: true };
}

/** Result of undo/redo: the new history, the snapshot to restore, and the action's label. */
export type HistoryStep<T> = { history: History<T>; snapshot: T; label: string };

/** Steps back: restores the last entry's `before`; null when there is nothing to undo. */
export function undoHistory<T>(history: History<T>): HistoryStep<T> | null {
  const entry = history.undoStack[history.undoStack.length - 1];
  if (!entry) return null;
  return {
    history: {
      ...history,
      undoStack: history.undoStack.slice(0, -1),
      redoStack: [...history.redoStack, entry],
      sealed: true,
    },
    snapshot: entry.before,
    label: entry.label,
  };
}

/** Steps forward: restores the last undone entry's `after`; null when there is nothing to redo. */
export function redoHistory<T>(history: History<T>): HistoryStep<T> | null {
  const entry = history.redoStack[history.redoStack.length - 1];
  if (!entry) return null;
  return {
    history: {
      ...history,
      undoStack: [...history.undoStack, entry],
      redoStack: history.redoStack.slice(0, -1),
      sealed: true,
    },
    snapshot: entry.after,
    label: entry.label,
  };
}

/** Label of the action Undo would revert ("Undo Trim clip"), or null. */
export function nextUndoLabel<T>(history: History<T>): string | null {
  return history.undoStack[history.undoStack.length - 1]?.label ?? null;
}

/** Label of the action Redo would reapply, or null. */
export function nextRedoLabel<T>(history: History<T>): string | null {
  return history.redoStack[history.redoStack.length - 1]?.label ?? null;
}
