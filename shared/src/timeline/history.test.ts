import { describe, expect, it } from "vitest";
import {
  createHistory,
  nextRedoLabel,
  nextUndoLabel,
  recordHistory,
  redoHistory,
  sealHistory,
  undoHistory,
  type History,
} from "./history";

type Doc = { n: number };
const doc = (n: number): Doc => ({ n });

/** Records a chain of actions 0 -> 1 -> … -> count, each with its own label. */
function chain(count: number, limit?: number): { h: History<Doc>; docs: Doc[] } {
  const docs = Array.from({ length: count + 1 }, (_, k) => doc(k));
  let h = createHistory<Doc>({ limit });
  for (let k = 1; k <= count; k += 1) {
    h = recordHistory(h, { label: `step ${k}`, before: docs[k - 1]!, after: docs[k]! });
  }
  return { h, docs };
}

describe("history", () => {
  it("undoes and redoes one action at a time with its label", () => {
    const { h, docs } = chain(2);
    expect(nextUndoLabel(h)).toBe("step 2");
    const u1 = undoHistory(h)!;
    expect([u1.snapshot, u1.label]).toEqual([docs[1], "step 2"]);
    const u2 = undoHistory(u1.history)!;
    expect(u2.snapshot).toBe(docs[0]);
    expect(undoHistory(u2.history)).toBeNull();
    expect(nextRedoLabel(u2.history)).toBe("step 1");
    const r1 = redoHistory(u2.history)!;
    expect(r1.snapshot).toBe(docs[1]);
    expect(redoHistory(redoHistory(r1.history)!.history)).toBeNull();
  });

  it("clears redo when a new action is recorded", () => {
    const { h, docs } = chain(2);
    const undone = undoHistory(h)!.history;
    const next = recordHistory(undone, { label: "other", before: docs[1]!, after: doc(9) });
    expect(next.redoStack).toHaveLength(0);
    expect(nextUndoLabel(next)).toBe("other");
  });

  it("records nothing when the document did not change", () => {
    const { h, docs } = chain(1);
    expect(recordHistory(h, { label: "noop", before: docs[1]!, after: docs[1]! })).toBe(h);
  });

  it.each([
    [5, 3, 3],
    [300, undefined, 300],
    [350, undefined, 300],
    [10, 0, 1],
  ])("keeps at most the limit: %i actions with limit %s keep %i", (count, limit, kept) => {
    const { h, docs } = chain(count, limit);
    expect(h.undoStack).toHaveLength(kept);
    // The oldest entries go first: the earliest undoable state is count - kept.
    let step = undoHistory(h);
    let last = step?.snapshot;
    while (step) {
      last = step.snapshot;
      step = undoHistory(step.history);
    }
    expect(last).toBe(docs[count - kept]);
  });

  it("coalesces a drag into one entry that undoes to before the drag", () => {
    const start = doc(0);
    let h = createHistory<Doc>();
    let current = start;
    for (let k = 1; k <= 60; k += 1) {
      const next = doc(k);
      h = recordHistory(h, {
        label: "Move clip",
        before: current,
        after: next,
        coalesceKey: "drag:1",
      });
      current = next;
    }
    expect(h.undoStack).toHaveLength(1);
    const u = undoHistory(h)!;
    expect(u.snapshot).toBe(start);
    expect(redoHistory(u.history)!.snapshot).toBe(current);
  });

  it.each([
    ["a different key", (h: History<Doc>) => h, "drag:2", 2],
    ["no key", (h: History<Doc>) => h, null, 2],
    ["a seal", (h: History<Doc>) => sealHistory(h), "drag:1", 2],
    [
      "an undo and redo",
      (h: History<Doc>) => redoHistory(undoHistory(h)!.history)!.history,
      "drag:1",
      2,
    ],
  ])("starts a new entry after %s", (_name, between, key, entries) => {
    let h = recordHistory(createHistory<Doc>(), {
      label: "Move",
      before: doc(0),
      after: doc(1),
      coalesceKey: "drag:1",
    });
    h = between(h);
    h = recordHistory(h, { label: "Move", before: doc(1), after: doc(2), coalesceKey: key });
    expect(h.undoStack).toHaveLength(entries);
  });

  it("drops a gesture that ends where it began", () => {
    const start = doc(0);
    let h = recordHistory(createHistory<Doc>(), {
      label: "Move",
      before: start,
      after: doc(1),
      coalesceKey: "g",
    });
    h = recordHistory(h, { label: "Move", before: doc(1), after: start, coalesceKey: "g" });
    expect(h.undoStack).toHaveLength(0);
  });
});
