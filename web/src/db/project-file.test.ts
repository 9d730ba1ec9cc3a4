import { afterEach, describe, expect, it } from "vitest";
import { unwrap } from "solid-js/store";
import { makeTestStudio, uniqueDbName, type TestStudio } from "../store/test-studio-store";
import { importProjectFile, readProjectFile, writeProjectFile } from "./project-file";
import { restoreProject } from "./restore";
import { StudioDB } from "./studio-db";
import { readTrackedMasks, writeTrackedMasks } from "./tracked-masks";
import { readZip, writeZip } from "./zip";

let studio: TestStudio;
afterEach(() => studio?.dispose());

/** A project with a scene-less shot, an element, three media files and clips that use them. */
async function makeRichProject(): Promise<{ projectId: string; mediaIds: string[] }> {
  studio = makeTestStudio();
  const { actions, state } = studio;
  const projectId = await actions.project.create({ name: "Night Train", fps: 30, seed: 7 });
  await actions.project.open(projectId);
  const mediaIds = await actions.project.importMedia([
    new File([new Uint8Array([137, 80, 78, 71, 1, 2, 3])], "still.png", { type: "image/png" }),
    new File(["video-bytes"], "clip.webm", { type: "video/webm" }),
    new File(["audio-bytes"], "tone.wav", { type: "audio/wav" }),
  ]);
  const shotId = actions.shot.add({
    prompt: "steam",
    conditioning: [{ mediaId: mediaIds[0]!, frame: 0, strength: 0.8 }],
  });
  actions.element.add({ type: "character", name: "Conductor", referenceMediaIds: [mediaIds[0]!] });
  const clip = (id: string, track: "V1" | "V2" | "A1", mediaId: string, start = 0) => ({
    id,
    track,
    mediaId,
    shotId: track === "V1" ? shotId : null,
    sourceFrames: 60,
    trimIn: 5,
    trimOut: 0,
    startFrame: start,
    opacity: 0.5,
    x: 10,
    y: -4,
    scale: 1.5,
    gain: 0.8,
  });
  actions.track.load({
    ...structuredClone(unwrap(state.tracks.timeline)),
    items: [
      clip("v1", "V1", mediaIds[1]!),
      clip("v2", "V2", mediaIds[0]!, 12),
      clip("a1", "A1", mediaIds[2]!, 3),
    ],
    markers: [30],
  });
  actions.project.update({ name: "Night Train (final)" });
  return { projectId, mediaIds };
}

const trackedFrames = [
  { frame: 0, rle: { width: 2, height: 2, counts: [1, 3] } },
  { frame: 1, rle: { width: 2, height: 2, counts: [0, 4] } },
];

const otherFrames = [{ frame: 1, rle: { width: 2, height: 2, counts: [2, 2] } }];

/**
 * Gives clip v1 two tracked objects and a split copy of it (same media) the first one; returns the
 * first object's row id (the second's is "tracked-2").
 */
async function addTrackedMasks(projectId: string, videoMediaId: string): Promise<string> {
  const object = (id: string, color: number, keyframes: number[]) => ({
    id,
    mediaId: videoMediaId,
    frameCount: 2,
    createdAt: "2025-01-01T00:00:00.000Z",
    name: `Object ${color + 1}`,
    color,
    keyframes,
  });
  await writeTrackedMasks(studio.db, {
    id: "tracked-1",
    projectId,
    mediaId: videoMediaId,
    frames: trackedFrames,
  });
  await writeTrackedMasks(studio.db, {
    id: "tracked-2",
    projectId,
    mediaId: videoMediaId,
    frames: otherFrames,
  });
  const first = object("tracked-1", 0, [0]);
  const timeline = structuredClone(unwrap(studio.state.tracks.timeline));
  const v1 = timeline.items.find(i => i.id === "v1")!;
  studio.actions.track.load({
    ...timeline,
    items: [
      { ...v1, trackedObjects: [first, object("tracked-2", 1, [1, 0])] },
      { ...v1, id: "v1b", trackedObjects: [first] },
      ...timeline.items.filter(i => i.id !== "v1"),
    ],
  });
  await studio.actions.project.save();
  return first.id;
}

/** Each clip's tracked objects as stored in `db`, checking each row names the clip's media. */
async function trackedOf(db: StudioDB, projectId: string) {
  const { document } = await restoreProject(db, projectId);
  return Promise.all(
    document.timeline.items
      .filter(i => i.trackedObjects?.length)
      .map(async item => ({
        itemId: item.id,
        objects: await Promise.all(
          item.trackedObjects!.map(async object => {
            const row = await readTrackedMasks(db, object.id);
            expect(row?.mediaId).toBe(item.mediaId);
            expect(row?.projectId).toBe(projectId);
            return {
              rowId: row?.id,
              name: object.name,
              color: object.color,
              keyframes: object.keyframes,
              frames: row?.frames,
            };
          }),
        ),
      })),
  );
}

const encoder = new TextEncoder();
const manifestOf = async (file: Blob) => {
  const entries = await readZip(file);
  const manifest = entries.find(e => e.name === "project.json")!;
  return { entries, manifest: JSON.parse(await manifest.blob.text()) as Record<string, unknown> };
};

async function blobTexts(db: StudioDB, projectId: string) {
  const rows = await db.blobs.where("projectId").equals(projectId).toArray();
  return Object.fromEntries(
    await Promise.all(
      rows.map(async r => [`${r.role}:${r.mediaId}`, [r.blob.type, await r.blob.text()]] as const),
    ),
  );
}

describe("project file", () => {
  it("round-trips a project into a fresh browser profile: document and every byte identical", async () => {
    const { projectId } = await makeRichProject();
    const { blob, fileName } = await studio.actions.project.exportFile(projectId);
    expect(fileName).toBe("Night-Train-final.milimo");

    const fresh = new StudioDB(uniqueDbName("fresh"));
    const importedId = await importProjectFile(fresh, {
      file: blob,
      at: "2025-09-09T09:09:09.000Z",
      newId: () => "unused",
    });
    expect(importedId).toBe(projectId);

    const source = await restoreProject(studio.db, projectId);
    const copy = await restoreProject(fresh, importedId);
    expect(copy.dropped).toEqual([]);
    expect({ ...copy.document, project: { ...copy.document.project, lastOpenedAt: "-" } }).toEqual({
      ...source.document,
      project: { ...source.document.project, lastOpenedAt: "-" },
    });
    expect(copy.document.timeline.items).toHaveLength(3);
    expect(await blobTexts(fresh, importedId)).toEqual(await blobTexts(studio.db, projectId));
    fresh.close();
  });

  it("imports next to the original under fresh ids with every reference remapped", async () => {
    const { projectId, mediaIds } = await makeRichProject();
    const { blob } = await studio.actions.project.exportFile(projectId);
    const newId = await studio.actions.project.importFile(blob);
    expect(newId).not.toBe(projectId);
    const { document } = await restoreProject(studio.db, newId);
    const newMediaIds = new Set(document.media.map(m => m.id));
    expect(mediaIds.some(id => newMediaIds.has(id))).toBe(false);
    for (const item of document.timeline.items) expect(newMediaIds.has(item.mediaId!)).toBe(true);
    expect(document.timeline.items[0]?.shotId).toBe(document.shots[0]?.id);
    expect(newMediaIds.has(document.shots[0]!.conditioning[0]!.mediaId)).toBe(true);
    expect(newMediaIds.has(document.elements[0]!.referenceMediaIds[0]!)).toBe(true);
    expect(Object.keys(await blobTexts(studio.db, newId))).toHaveLength(5);
    // The original is untouched.
    expect((await restoreProject(studio.db, projectId)).document.media.map(m => m.id)).toEqual(
      mediaIds,
    );
  });

  it("duplicate copies the project with its media under a new name", async () => {
    const { projectId } = await makeRichProject();
    await studio.actions.project.save();
    const copyId = await studio.actions.project.duplicate(projectId);
    const { document } = await restoreProject(studio.db, copyId);
    expect(document.project.name).toBe("Night Train (final) copy");
    expect(document.timeline.items).toHaveLength(3);
    expect(Object.values(await blobTexts(studio.db, copyId)).sort()).toEqual(
      Object.values(await blobTexts(studio.db, projectId)).sort(),
    );
  });

  it("duplicate points a clip's saved mask at the copy's media", async () => {
    const { projectId, mediaIds } = await makeRichProject();
    const rle = { width: 2, height: 1, counts: Uint32Array.from([1, 1]) };
    studio.actions.mask.save({
      itemId: "v1",
      mediaId: mediaIds[1]!,
      frame: 3,
      rle,
      maskMediaId: mediaIds[0]!,
    });
    await studio.actions.project.save();
    const copyId = await studio.actions.project.duplicate(projectId);
    const { document } = await restoreProject(studio.db, copyId);
    const clip = document.timeline.items.find(i => i.track === "V1");
    const [mask] = clip?.masks ?? [];
    expect(mask?.mediaId).toBe(clip?.mediaId);
    expect(mask?.maskMediaId).not.toBe(mediaIds[0]);
    expect(document.media.map(m => m.id)).toContain(mask?.maskMediaId);
    expect(mask?.rle).toEqual({ width: 2, height: 1, counts: [1, 1] });
  });

  const firstObject = (rowId: string | undefined) => ({
    rowId,
    name: "Object 1",
    color: 0,
    keyframes: [0],
    frames: trackedFrames,
  });
  const secondObject = (rowId: string | undefined) => ({
    rowId,
    name: "Object 2",
    color: 1,
    keyframes: [0, 1],
    frames: otherFrames,
  });

  it("round-trips every tracked object into a fresh browser profile", async () => {
    const { projectId, mediaIds } = await makeRichProject();
    const rowId = await addTrackedMasks(projectId, mediaIds[1]!);
    const { blob } = await studio.actions.project.exportFile(projectId);

    const fresh = new StudioDB(uniqueDbName("fresh"));
    const importedId = await importProjectFile(fresh, {
      file: blob,
      at: "2025-09-09T09:09:09.000Z",
      newId: () => "x",
    });
    expect(await trackedOf(fresh, importedId)).toEqual([
      { itemId: "v1", objects: [firstObject(rowId), secondObject("tracked-2")] },
      { itemId: "v1b", objects: [firstObject(rowId)] },
    ]);
    expect(await fresh.trackedMasks.count()).toBe(2);
    fresh.close();
  });

  it("imports tracked objects next to the original under fresh row ids", async () => {
    const { projectId, mediaIds } = await makeRichProject();
    const rowId = await addTrackedMasks(projectId, mediaIds[1]!);
    const { blob } = await studio.actions.project.exportFile(projectId);
    const newId = await studio.actions.project.importFile(blob);
    const [v1, v1b] = await trackedOf(studio.db, newId);
    const [first, second] = v1?.objects ?? [];
    expect(v1?.objects).toEqual([firstObject(first?.rowId), secondObject(second?.rowId)]);
    expect(first?.rowId).not.toBe(rowId);
    expect(second?.rowId).not.toBe("tracked-2");
    expect(v1b?.objects[0]?.rowId).toBe(first?.rowId);
    expect((await trackedOf(studio.db, projectId))[0]?.objects[0]?.rowId).toBe(rowId);
  });

  it("imports a file from before tracked masks were exported (the rows are simply absent)", async () => {
    const { projectId, mediaIds } = await makeRichProject();
    await addTrackedMasks(projectId, mediaIds[1]!);
    const { blob } = await studio.actions.project.exportFile(projectId);
    const old = await writeZip(
      (await readZip(blob))
        .filter(e => e.name !== "tracked-masks.json")
        .map(e => ({ name: e.name, data: e.blob })),
    );
    const fresh = new StudioDB(uniqueDbName("fresh"));
    const importedId = await importProjectFile(fresh, {
      file: old,
      at: "2025-09-09T09:09:09.000Z",
      newId: () => "x",
    });
    const { document } = await restoreProject(fresh, importedId);
    expect(document.timeline.items.filter(i => i.trackedObjects?.length)).toHaveLength(2);
    expect(await fresh.trackedMasks.count()).toBe(0);
    fresh.close();
  });

  it("opens a version-1 file: each clip's one tracked-masks reference becomes Object 1", async () => {
    const { projectId, mediaIds } = await makeRichProject();
    const rowId = await addTrackedMasks(projectId, mediaIds[1]!);
    const { blob } = await studio.actions.project.exportFile(projectId);
    const { entries, manifest } = await manifestOf(blob);
    // Rewrite as the version-1 studio wrote it: `trackedMasks` on the clip, no `trackedObjects`.
    const timeline = manifest.timeline as { items: Record<string, unknown>[] };
    timeline.items = timeline.items.map(({ trackedObjects, ...item }) => {
      const [first] = (trackedObjects as { id: string; mediaId: string }[] | undefined) ?? [];
      return first
        ? {
            ...item,
            trackedMasks: {
              id: first.id,
              mediaId: first.mediaId,
              frameCount: 2,
              createdAt: "2025-01-01T00:00:00.000Z",
            },
          }
        : item;
    });
    manifest.formatVersion = 1;
    const old = await writeZip(
      entries.map(e => ({
        name: e.name,
        data: e.name === "project.json" ? encoder.encode(JSON.stringify(manifest)) : e.blob,
      })),
    );
    const fresh = new StudioDB(uniqueDbName("fresh"));
    const importedId = await importProjectFile(fresh, {
      file: old,
      at: "2025-09-09T09:09:09.000Z",
      newId: () => "x",
    });
    const legacy = { ...firstObject(rowId), keyframes: [] };
    expect(await trackedOf(fresh, importedId)).toEqual([
      { itemId: "v1", objects: [legacy] },
      { itemId: "v1b", objects: [legacy] },
    ]);
    fresh.close();
  });

  it("refuses a file from a newer studio", async () => {
    const { projectId } = await makeRichProject();
    const { blob } = await studio.actions.project.exportFile(projectId);
    const { entries, manifest } = await manifestOf(blob);
    manifest.formatVersion = 3;
    const newer = await writeZip(
      entries.map(e => ({
        name: e.name,
        data: e.name === "project.json" ? encoder.encode(JSON.stringify(manifest)) : e.blob,
      })),
    );
    await expect(readProjectFile(newer)).rejects.toThrow("made by a newer Milimo Studio");
  });

  it("duplicate copies every object's tracked masks, so the copy keeps them when the original is deleted", async () => {
    const { projectId, mediaIds } = await makeRichProject();
    const rowId = await addTrackedMasks(projectId, mediaIds[1]!);
    const copyId = await studio.actions.project.duplicate(projectId);
    await studio.actions.project.remove(projectId);
    const [v1, v1b] = await trackedOf(studio.db, copyId);
    const [first, second] = v1?.objects ?? [];
    expect(v1?.objects).toEqual([firstObject(first?.rowId), secondObject(second?.rowId)]);
    expect(first?.rowId).not.toBe(rowId);
    expect(v1b?.objects[0]?.rowId).toBe(first?.rowId);
    expect(await studio.db.trackedMasks.count()).toBe(2);
  });

  it.each([
    {
      name: "a file that is not a zip",
      make: () => Promise.resolve(new Blob(["just some text"])),
      message: "This file is not a Milimo project file (it is not a project archive).",
    },
    {
      name: "a zip without project.json",
      make: () => writeZip([{ name: "readme.txt", data: encoder.encode("hi") }]),
      message: "This file is not a Milimo project file (no project.json).",
    },
    {
      name: "another format",
      make: () =>
        writeZip([
          { name: "project.json", data: encoder.encode(JSON.stringify({ format: "other" })) },
        ]),
      message: "format: This is not a Milimo project file",
    },
    {
      name: "an invalid shot",
      make: async (good: Blob) => {
        const { entries, manifest } = await manifestOf(good);
        (manifest.shots as { numFrames: number }[])[0]!.numFrames = 5;
        return writeZip(
          entries.map(e => ({
            name: e.name,
            data: e.name === "project.json" ? encoder.encode(JSON.stringify(manifest)) : e.blob,
          })),
        );
      },
      message: "shots.0.numFrames: Frames must be between 25 and 1200",
    },
    {
      name: "a missing media file",
      make: async (good: Blob) => {
        const { entries } = await manifestOf(good);
        return writeZip(
          entries
            .filter(e => !e.name.startsWith("media/"))
            .map(e => ({ name: e.name, data: e.blob })),
        );
      },
      message: 'The file for "still.png" is missing from the project file.',
    },
    {
      name: "invalid tracked masks",
      make: async (good: Blob) => {
        const { entries } = await manifestOf(good);
        const rows = [{ id: "t", mediaId: "m", frames: [{ frame: -1, rle: null }] }];
        return writeZip([
          ...entries.map(e => ({ name: e.name, data: e.blob })),
          { name: "tracked-masks.json", data: encoder.encode(JSON.stringify(rows)) },
        ]);
      },
      message: "The tracked masks inside the file are invalid (0.frames.0.frame:",
    },
    {
      name: "a corrupted media file",
      make: async (good: Blob) => {
        const bytes = new Uint8Array(await good.arrayBuffer());
        const at = bytes.findIndex(
          (b, i) => b === 137 && bytes[i + 1] === 80 && bytes[i + 2] === 78,
        );
        bytes[at + 4] = 99;
        return new Blob([bytes]);
      },
      message: /media\/.* is corrupted/,
    },
  ])("refuses $name with PROJECT_FILE_INVALID and a reason", async ({ make, message }) => {
    const { projectId } = await makeRichProject();
    const { blob } = await studio.actions.project.exportFile(projectId);
    const bad = await make(blob);
    const error = await readProjectFile(bad).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "PROJECT_FILE_INVALID" });
    expect((error as Error).message).toMatch(message);
    const before = await studio.db.projects.count();
    await expect(studio.actions.project.importFile(bad)).rejects.toMatchObject({
      code: "PROJECT_FILE_INVALID",
    });
    expect(await studio.db.projects.count()).toBe(before);
  });

  it("writes the same bytes for the same project", async () => {
    const { projectId } = await makeRichProject();
    const { document } = await restoreProject(studio.db, projectId);
    const blobs = await studio.db.blobs.toArray();
    const a = await writeProjectFile({ document, blobs, exportedAt: "2025-01-01T00:00:00.000Z" });
    const b = await writeProjectFile({ document, blobs, exportedAt: "2025-01-01T00:00:00.000Z" });
    expect(new Uint8Array(await a.arrayBuffer())).toEqual(new Uint8Array(await b.arrayBuffer()));
  });
});
