import { afterEach, describe, expect, it, vi } from "vitest";
import { makeProject, makeShot, makeTimeline, type Shot } from "@milimo/shared/schema";
import { uniqueDbName } from "../store/test-studio-store";
import {
  makeAutosave,
  type AutosaveStatus,
  type AutosaveTimers,
  type DocumentState,
} from "./autosave";
import { createProjectRecord } from "./projects";
import { StudioDB } from "./studio-db";

/** Timers the test fires by hand, so throttle and backoff are observable without waiting. */
function manualTimers(statuses: readonly AutosaveStatus[]) {
  let next = 1;
  const pending = new Map<number, { fn: () => void; ms: number }>();
  const timers: AutosaveTimers = {
    setTimeout(fn, ms) {
      const id = next++;
      pending.set(id, { fn, ms });
      return id;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
  };
  return {
    timers,
    delays: () => [...pending.values()].map(t => t.ms),
    /** Fires every pending timer, expecting each to put its write off (the timer is re-armed). */
    async fireDeferred() {
      const due = [...pending.values()];
      pending.clear();
      for (const t of due) t.fn();
      await Promise.resolve();
      expect(pending.size).toBe(due.length);
    },
    /** Fires every pending timer and waits until the write it starts has finished (or failed). */
    async fire() {
      const due = [...pending.entries()];
      pending.clear();
      const seen = statuses.length;
      for (const [, t] of due) t.fn();
      if (due.length === 0) return;
      await vi.waitFor(() => {
        const after = statuses.slice(seen).map(status => status.state);
        expect(after.some(state => state === "saved" || state === "error")).toBe(true);
      });
    },
  };
}

function quotaError() {
  // What Dexie hands back when a transaction aborts on a full disk.
  return Object.assign(new Error("Transaction aborted"), {
    name: "AbortError",
    inner: new DOMException("The quota has been exceeded.", "QuotaExceededError"),
  });
}

let db: StudioDB;
afterEach(() => db?.close());

async function setup(options: { deferWhile?: () => boolean; clockMs?: { now: number } } = {}) {
  db = new StudioDB(uniqueDbName("autosave"));
  const project = makeProject({ id: "p1", name: "Saved", now: "2025-01-01T00:00:00.000Z" });
  await createProjectRecord(db, project);
  const doc: DocumentState = {
    project,
    scenes: [],
    shots: [],
    elements: [],
    timeline: makeTimeline(),
  };
  const statuses: AutosaveStatus[] = [];
  const clock = manualTimers(statuses);
  const autosave = makeAutosave({
    db,
    read: () => doc,
    onStatus: s => statuses.push(s),
    timers: clock.timers,
    now: () => options.clockMs?.now ?? Date.parse("2025-02-02T00:00:00.000Z"),
    deferWhile: options.deferWhile,
    maxDeferMs: 10_000,
  });
  const edit = (patch: Partial<DocumentState>) => Object.assign(doc, patch);
  return { project, doc, statuses, clock, autosave, edit };
}

const shot = (id: string, prompt: string): Shot => makeShot({ id, projectId: "p1", prompt });

describe("autosave", () => {
  it("never writes before begin(): edits marked during load are ignored", async () => {
    const { autosave, clock, edit, project } = await setup();
    const transaction = vi.spyOn(db, "transaction");
    edit({ project: { ...project, name: "Half loaded" } });
    autosave.markDirty("project");
    await clock.fire();
    await autosave.flush();
    expect(transaction).not.toHaveBeenCalled();
    expect((await db.projects.get("p1"))?.name).toBe("Saved");
  });

  it("writes a burst of edits after ~300 ms in ONE transaction", async () => {
    const { autosave, clock, edit, doc, project } = await setup();
    autosave.begin("p1", structuredClone(doc));
    const transaction = vi.spyOn(db, "transaction");
    edit({ project: { ...project, name: "Renamed" } });
    autosave.markDirty("project");
    edit({ shots: [shot("s1", "rain"), shot("s2", "snow")] });
    autosave.markDirty("shots");
    autosave.markDirty("shots");
    expect(clock.delays()).toEqual([300]);
    await clock.fire();
    expect(transaction).toHaveBeenCalledTimes(1);
    expect((await db.projects.get("p1"))?.name).toBe("Renamed");
    expect((await db.shots.toArray()).map(s => s.prompt).sort()).toEqual(["rain", "snow"]);
    expect(autosave.hasUnsavedChanges()).toBe(false);
  });

  it("writes only changed rows and deletes removed ones", async () => {
    const { autosave, clock, edit, doc } = await setup();
    autosave.begin("p1", structuredClone(doc));
    edit({ shots: [shot("s1", "a"), shot("s2", "b")] });
    autosave.markDirty("shots");
    await clock.fire();
    const bulkPut = vi.spyOn(db.shots, "bulkPut");
    edit({ shots: [shot("s2", "b2")] });
    autosave.markDirty("shots");
    await clock.fire();
    expect(bulkPut).toHaveBeenCalledWith([expect.objectContaining({ id: "s2", prompt: "b2" })]);
    expect((await db.shots.toArray()).map(s => s.id)).toEqual(["s2"]);
  });

  it("on a full disk reports STORAGE_FULL, keeps the edits and saves them on retry with backoff", async () => {
    const { autosave, clock, edit, doc, project, statuses } = await setup();
    autosave.begin("p1", structuredClone(doc));
    const transaction = vi.spyOn(db, "transaction");
    transaction.mockRejectedValueOnce(quotaError()).mockRejectedValueOnce(quotaError());
    edit({ project: { ...project, name: "Precious" } });
    autosave.markDirty("project");

    await clock.fire();
    expect(statuses.at(-1)).toMatchObject({ state: "error", failures: 1 });
    expect(statuses.at(-1)?.error?.code).toBe("STORAGE_FULL");
    expect(clock.delays()).toEqual([1000]);
    // More edits while failing neither get lost nor shorten the backoff.
    edit({ shots: [shot("s1", "later")] });
    autosave.markDirty("shots");
    expect(clock.delays()).toEqual([1000]);

    await clock.fire();
    expect(statuses.at(-1)).toMatchObject({ state: "error", failures: 2 });
    expect(clock.delays()).toEqual([2000]);

    await clock.fire();
    expect(statuses.at(-1)).toMatchObject({ state: "saved", failures: 0, error: null });
    expect((await db.projects.get("p1"))?.name).toBe("Precious");
    expect((await db.shots.get("s1"))?.prompt).toBe("later");
  });

  it("flush() writes at once and rejects with the storage error so Ctrl+S can say why", async () => {
    const { autosave, edit, doc, project } = await setup();
    autosave.begin("p1", structuredClone(doc));
    edit({ project: { ...project, name: "Now" } });
    autosave.markDirty("project");
    const transaction = vi.spyOn(db, "transaction");
    transaction.mockRejectedValueOnce(quotaError());
    await expect(autosave.flush()).rejects.toMatchObject({ code: "STORAGE_FULL" });
    transaction.mockRestore();
    await autosave.flush();
    expect((await db.projects.get("p1"))?.name).toBe("Now");
  });

  it("end() saves what is pending before detaching; a failing end keeps the edits", async () => {
    const { autosave, edit, doc, project } = await setup();
    autosave.begin("p1", structuredClone(doc));
    edit({ project: { ...project, name: "Closing" } });
    autosave.markDirty("project");
    const transaction = vi.spyOn(db, "transaction");
    transaction.mockRejectedValueOnce(quotaError());
    await expect(autosave.end()).rejects.toMatchObject({ code: "STORAGE_FULL" });
    expect(autosave.hasUnsavedChanges()).toBe(true);
    transaction.mockRestore();
    await autosave.end();
    expect((await db.projects.get("p1"))?.name).toBe("Closing");
    autosave.markDirty("project");
    expect(autosave.hasUnsavedChanges()).toBe(false);
  });

  it("holds timed writes while a gesture is open, writes after it ends, and flush() never waits", async () => {
    let dragging = true;
    const { autosave, clock, edit, doc, project } = await setup({ deferWhile: () => dragging });
    autosave.begin("p1", structuredClone(doc));
    const transaction = vi.spyOn(db, "transaction");
    edit({ project: { ...project, name: "Dragging" } });
    autosave.markDirty("tracks");
    // Three throttle periods into the drag: nothing written, the write still waits.
    for (let k = 0; k < 3; k += 1) await clock.fireDeferred();
    expect(clock.delays()).toEqual([300]);
    expect(transaction).not.toHaveBeenCalled();
    expect(autosave.hasUnsavedChanges()).toBe(true);

    // pagehide mid-drag: flush() writes the current state at once.
    await autosave.flush();
    expect(transaction).toHaveBeenCalledTimes(1);
    expect((await db.projects.get("p1"))?.name).toBe("Dragging");

    edit({ project: { ...project, name: "Dropped" } });
    autosave.markDirty("tracks");
    await clock.fireDeferred();
    expect(transaction).toHaveBeenCalledTimes(1);
    dragging = false;
    await clock.fire();
    expect(transaction).toHaveBeenCalledTimes(2);
    expect((await db.projects.get("p1"))?.name).toBe("Dropped");
  });

  it("a gesture that never ends holds writes back for at most maxDeferMs", async () => {
    const time = { now: 0 };
    const { autosave, clock, edit, doc, project } = await setup({
      deferWhile: () => true,
      clockMs: time,
    });
    autosave.begin("p1", structuredClone(doc));
    edit({ project: { ...project, name: "Stuck" } });
    autosave.markDirty("tracks");
    for (; time.now < 9_900; time.now += 300) await clock.fireDeferred();
    expect((await db.projects.get("p1"))?.name).toBe("Saved");
    time.now = 10_000;
    await clock.fire();
    expect((await db.projects.get("p1"))?.name).toBe("Stuck");
  });
});
