import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openJobStore, type JobStore } from "./job-store";

const dirs: string[] = [];
const stores: JobStore[] = [];
afterEach(() => {
  stores.splice(0).forEach(s => s.close());
  dirs.splice(0).forEach(d => rmSync(d, { recursive: true, force: true }));
});

function open(path?: string) {
  const dir = mkdtempSync(join(tmpdir(), "milimo-store-"));
  dirs.push(dir);
  const store = openJobStore(path ?? join(dir, "jobs.sqlite"));
  stores.push(store);
  return { store, path: join(dir, "jobs.sqlite") };
}

const insert = (store: JobStore, id: string) =>
  store.insertJob({
    id,
    kind: "render",
    params: { spec: 1 },
    priority: 4,
    createdAt: "2025-01-01T00:00:00.000Z",
  });

describe("job store", () => {
  it("keeps jobs and events across reopening the file", () => {
    const { store, path } = open();
    insert(store, "a");
    store.appendEvent({
      jobId: "a",
      type: "queued",
      data: { jobId: "a", kind: "render", status: "queued", message: "Queued" },
      createdAt: "2025-01-01T00:00:00.000Z",
    });
    store.close();
    const again = openJobStore(path);
    stores.push(again);
    expect(again.getJob("a")?.status).toBe("queued");
    expect(again.eventsAfter({ afterId: 0 }).map(e => e.type)).toEqual(["queued"]);
  });

  it("moves a job only from the statuses it is allowed to leave", () => {
    const { store } = open();
    insert(store, "a");
    expect(
      store.markRunning("a", "2025-01-01T00:00:01.000Z", {
        step: 0,
        total: 0,
        fraction: 0,
        etaSeconds: null,
        message: "",
      }),
    ).toBe(true);
    expect(
      store.markRunning("a", "2025-01-01T00:00:02.000Z", {
        step: 0,
        total: 0,
        fraction: 0,
        etaSeconds: null,
        message: "",
      }),
    ).toBe(false);
    expect(
      store.finishJob({
        id: "a",
        from: ["running"],
        status: "cancelled",
        finishedAt: "2025-01-01T00:00:03.000Z",
      }),
    ).toBe(true);
    // A pipeline that returns after its job was cancelled cannot complete it.
    expect(
      store.finishJob({
        id: "a",
        from: ["running"],
        status: "completed",
        finishedAt: "2025-01-01T00:00:04.000Z",
        artifacts: [],
      }),
    ).toBe(false);
    expect(store.getJob("a")).toMatchObject({
      status: "cancelled",
      finishedAt: "2025-01-01T00:00:03.000Z",
    });
  });

  it("never reuses event ids, even after pruning the log", () => {
    const { store } = open();
    insert(store, "a");
    const append = () =>
      store.appendEvent({
        jobId: "a",
        type: "queued",
        data: { jobId: "a", kind: "render", status: "queued", message: "Queued" },
        createdAt: "2025-01-01T00:00:00.000Z",
      }).id;
    const ids = [append(), append(), append()];
    expect(ids).toEqual([1, 2, 3]);
    store.pruneEvents({ before: "2030-01-01T00:00:00.000Z", maxEvents: 100 });
    expect(store.oldestEventId()).toBeUndefined();
    expect(store.latestEventId()).toBe(3);
    expect(append()).toBe(4);
  });

  it("caps the event log at maxEvents, dropping the oldest", () => {
    const { store } = open();
    insert(store, "a");
    for (let i = 0; i < 5; i++)
      store.appendEvent({
        jobId: "a",
        type: "queued",
        data: { jobId: "a", kind: "render", status: "queued", message: String(i) },
        createdAt: "2025-01-01T00:00:00.000Z",
      });
    store.pruneEvents({ before: "2000-01-01T00:00:00.000Z", maxEvents: 2 });
    expect(store.eventsAfter({ afterId: 0 }).map(e => e.id)).toEqual([4, 5]);
  });
});
