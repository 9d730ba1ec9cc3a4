import { describe, expect, it } from "vitest";
import { Dexie } from "dexie";
import { DEFAULT_TRACKS } from "@milimo/shared/schema";
import { uniqueDbName } from "../store/test-studio-store";
import { LATEST_DB_VERSION, MIGRATIONS } from "./migrations";
import { restoreProject } from "./restore";
import { StudioDB } from "./studio-db";

/** The schema as version 1 shipped it (frozen here on purpose: the fixture must not follow edits). */
const V1_STORES = {
  projects: "id, updatedAt",
  scenes: "id, projectId",
  shots: "id, projectId",
  items: "id, projectId",
  elements: "id, projectId",
  media: "id, projectId",
  blobs: "key, projectId, mediaId",
  settings: "key",
};

const V1_PROJECT = {
  id: "p-old",
  name: "Old Cut",
  createdAt: "2024-05-01T09:00:00.000Z",
  updatedAt: "2024-06-02T18:30:00.000Z",
  // v1 rows had no lastOpenedAt and no fps/seed.
  width: 1024,
  height: 576,
  schemaVersion: 1,
};

function v1Item(id: string, order: number, extra: Record<string, unknown> = {}) {
  return {
    id,
    projectId: "p-old",
    order,
    track: "V1",
    mediaId: null,
    shotId: null,
    sourceFrames: 25 + order,
    trimIn: 0,
    trimOut: 0,
    startFrame: 0,
    opacity: 1,
    x: 0,
    y: 0,
    scale: 1,
    gain: 1,
    ...extra,
  };
}

async function writeV1Fixture(name: string) {
  const old = new Dexie(name);
  old.version(1).stores(V1_STORES);
  await old.open();
  await old
    .table("projects")
    .bulkAdd([
      V1_PROJECT,
      { ...V1_PROJECT, id: "p-empty", name: "Nothing yet", updatedAt: "2024-07-01T00:00:00.000Z" },
    ]);
  // Stored out of order on purpose: the upgrade must sort by `order`.
  await old
    .table("items")
    .bulkAdd([
      v1Item("i3", 2),
      v1Item("i1", 0),
      v1Item("a1", 0, { track: "A1", startFrame: 10, gain: 0.5 }),
      v1Item("i2", 1, { trimIn: 3 }),
    ]);
  await old.table("shots").add({ id: "s1", projectId: "p-old", prompt: "dusk", numFrames: 60 });
  old.close();
}

describe("Dexie migrations", () => {
  it("are append-only: versions strictly increase and ids are numbered in order", () => {
    MIGRATIONS.forEach((migration, index) => {
      expect(migration.version).toBe(index + 1);
      expect(migration.id).toMatch(
        new RegExp(`^${String(index + 1).padStart(4, "0")}_[a-z0-9_]+$`),
      );
    });
    expect(LATEST_DB_VERSION).toBe(MIGRATIONS.length);
  });

  it("upgrades a version-1 database on open: items become one ordered timeline per project", async () => {
    const name = uniqueDbName("v1");
    await writeV1Fixture(name);
    const db = new StudioDB(name);
    await db.open();
    expect(db.verno).toBe(LATEST_DB_VERSION);
    expect(db.tables.map(t => t.name)).not.toContain("items");

    const timeline = await db.timelines.get("p-old");
    // Sorted by the old `order` (a1 and i1 share 0; a stable sort keeps a1's stored position).
    expect(timeline?.items.filter(i => i.track === "V1").map(i => i.id)).toEqual([
      "i1",
      "i2",
      "i3",
    ]);
    expect(timeline?.items.find(i => i.id === "a1")).toMatchObject({ startFrame: 10, gain: 0.5 });
    expect(timeline?.items.find(i => i.id === "i2")).not.toHaveProperty("order");
    expect(timeline?.items.find(i => i.id === "i2")).not.toHaveProperty("projectId");
    expect(timeline?.tracks).toEqual(DEFAULT_TRACKS);
    expect((await db.timelines.get("p-empty"))?.items).toEqual([]);
    db.close();
  });

  it("backfills lastOpenedAt from updatedAt so old projects sort in the list", async () => {
    const name = uniqueDbName("v1");
    await writeV1Fixture(name);
    const db = new StudioDB(name);
    const ordered = await db.projects.orderBy("lastOpenedAt").reverse().toArray();
    expect(ordered.map(p => [p.id, p.lastOpenedAt])).toEqual([
      ["p-empty", "2024-07-01T00:00:00.000Z"],
      ["p-old", "2024-06-02T18:30:00.000Z"],
    ]);
    db.close();
  });

  it("restores the upgraded project with today's defaults for fields v1 lacked", async () => {
    const name = uniqueDbName("v1");
    await writeV1Fixture(name);
    const db = new StudioDB(name);
    const { document, dropped } = await restoreProject(db, "p-old");
    expect(dropped).toEqual([]);
    expect(document.project).toMatchObject({ width: 1024, height: 576, fps: 25, seed: 42 });
    expect(document.shots[0]).toMatchObject({
      prompt: "dusk",
      numFrames: 60,
      steps: 40,
      status: "draft",
    });
    expect(document.timeline.items.filter(i => i.track === "V1").map(i => i.sourceFrames)).toEqual([
      25, 26, 27,
    ]);
    db.close();
  });
});

/** The schema as version 3 shipped it (frozen, like V1_STORES). */
const V3_STORES = {
  ...V1_STORES,
  items: null,
  timelines: "projectId",
  projects: "id, updatedAt, lastOpenedAt",
};

describe("0004_tracked_masks", () => {
  it("opens a version-3 database: clips without masks restore unchanged, tracked masks can be stored", async () => {
    const name = uniqueDbName("v3");
    const old = new Dexie(name);
    old.version(1).stores(V1_STORES);
    old.version(2).stores({ items: null, timelines: "projectId" });
    old.version(3).stores(V3_STORES);
    await old.open();
    await old.table("projects").add({ ...V1_PROJECT, lastOpenedAt: V1_PROJECT.updatedAt });
    await old.table("timelines").add({
      projectId: "p-old",
      items: [{ ...v1Item("c1", 0), projectId: undefined, order: undefined }],
      tracks: DEFAULT_TRACKS.map(track => ({ ...track })),
      markers: [],
    });
    old.close();

    const db = new StudioDB(name);
    await db.open();
    expect(db.verno).toBe(LATEST_DB_VERSION);
    const { document, dropped } = await restoreProject(db, "p-old");
    expect(dropped).toEqual([]);
    expect(document.timeline.items.map(i => [i.id, i.masks ?? [], i.trackedObjects ?? []])).toEqual(
      [["c1", [], []]],
    );
    await db.trackedMasks.put({ id: "t1", projectId: "p-old", mediaId: "m1", frames: [] });
    expect(await db.trackedMasks.where("projectId").equals("p-old").count()).toBe(1);
    db.close();
  });
});

describe("0005_tracked_objects", () => {
  it("opens a version-4 database: a clip's one tracked-masks reference becomes Object 1", async () => {
    const name = uniqueDbName("v4");
    const old = new Dexie(name);
    old.version(1).stores(V1_STORES);
    old.version(2).stores({ items: null, timelines: "projectId" });
    old.version(3).stores(V3_STORES);
    old.version(4).stores({ trackedMasks: "id, projectId" });
    await old.open();
    await old.table("projects").add({ ...V1_PROJECT, lastOpenedAt: V1_PROJECT.updatedAt });
    const ref = { id: "t1", mediaId: "m1", frameCount: 2, createdAt: "2025-01-01T00:00:00.000Z" };
    const clip = (id: string, extra: Record<string, unknown>) => ({
      ...v1Item(id, 0, { mediaId: "m1" }),
      projectId: undefined,
      order: undefined,
      ...extra,
    });
    await old.table("timelines").add({
      projectId: "p-old",
      items: [
        clip("tracked", { trackedMasks: ref }),
        clip("cleared", { trackedMasks: null }),
        clip("plain", {}),
      ],
      tracks: DEFAULT_TRACKS.map(track => ({ ...track })),
      markers: [],
    });
    const frames = [{ frame: 0, rle: { width: 1, height: 1, counts: [0, 1] } }];
    await old.table("trackedMasks").add({ id: "t1", projectId: "p-old", mediaId: "m1", frames });
    old.close();

    const db = new StudioDB(name);
    await db.open();
    expect(db.verno).toBe(LATEST_DB_VERSION);
    const stored = await db.timelines.get("p-old");
    for (const item of stored?.items ?? []) expect(item).not.toHaveProperty("trackedMasks");
    const { document, dropped } = await restoreProject(db, "p-old");
    expect(dropped).toEqual([]);
    expect(document.timeline.items.map(i => [i.id, i.trackedObjects ?? []])).toEqual([
      ["tracked", [{ ...ref, name: "Object 1", color: 0, keyframes: [] }]],
      ["cleared", []],
      ["plain", []],
    ]);
    expect((await db.trackedMasks.get("t1"))?.frames).toEqual(frames);
    db.close();
  });
});
