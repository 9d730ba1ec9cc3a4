import { afterEach, describe, expect, it } from "vitest";
import { makeTimeline, makeTimelineItem } from "@milimo/shared/schema";
import { encodeMaskRle, type Mask } from "@milimo/shared/sam";
import { makeTestStudio, type TestStudio } from "../test-studio-store";
import { selectMaskSelection } from "./mask";

const studios: TestStudio[] = [];

afterEach(() => {
  for (const studio of studios.splice(0)) studio.dispose();
});

/** A 4×3 mask with the pixels at `on` (row-major indexes) set. */
function maskOf(on: number[]): Mask {
  const data = new Uint8Array(12);
  for (const i of on) data[i] = 255;
  return { data, width: 4, height: 3 };
}

/** An open project whose timeline has clip "clip" playing media "m1". */
async function setup(studio = makeTestStudio()) {
  studios.push(studio);
  const projectId = await studio.actions.project.create({ name: "Masks" });
  await studio.actions.project.open(projectId);
  studio.actions.track.load(
    makeTimeline({ items: [makeTimelineItem({ id: "clip", sourceFrames: 25, mediaId: "m1" })] }),
  );
  return { studio, projectId };
}

const clip = (studio: TestStudio) => studio.state.tracks.timeline.items.find(i => i.id === "clip");

describe("mask actions", () => {
  it("saves a mask on the clip as one undo entry, and undo/redo remove and restore it", async () => {
    const { studio } = await setup();
    const id = studio.actions.mask.save({
      itemId: "clip",
      mediaId: "m1",
      frame: 7,
      rle: encodeMaskRle(maskOf([1, 2, 5])),
      maskMediaId: "png-1",
    });
    expect(id).not.toBeNull();
    expect(clip(studio)?.masks).toEqual([
      {
        id,
        mediaId: "m1",
        frame: 7,
        rle: { width: 4, height: 3, counts: [1, 2, 2, 1, 6] },
        maskMediaId: "png-1",
        createdAt: expect.any(String) as string,
      },
    ]);
    expect(studio.actions.history.undoLabel()).toBe("Save mask");

    studio.actions.history.undo();
    expect(clip(studio)?.masks ?? []).toEqual([]);
    studio.actions.history.redo();
    expect(clip(studio)?.masks?.map(m => m.frame)).toEqual([7]);
  });

  it.each([
    ["the clip is gone", "gone", false],
    ["the clip's track is locked", "clip", true],
  ])("refuses to save when %s", async (_name, itemId, lock) => {
    const { studio } = await setup();
    if (lock) studio.actions.track.setTrackFlag({ track: "V1", flag: "locked", value: true });
    const saved = studio.actions.mask.save({
      itemId,
      mediaId: "m1",
      frame: 0,
      rle: encodeMaskRle(maskOf([0])),
    });
    expect(saved).toBeNull();
    expect(clip(studio)?.masks ?? []).toEqual([]);
  });

  it("deletes a saved mask as one undo entry; undo brings it back", async () => {
    const { studio } = await setup();
    const first = studio.actions.mask.save({
      itemId: "clip",
      mediaId: "m1",
      frame: 1,
      rle: encodeMaskRle(maskOf([1])),
    });
    studio.actions.mask.save({
      itemId: "clip",
      mediaId: "m1",
      frame: 4,
      rle: encodeMaskRle(maskOf([2])),
    });
    expect(studio.actions.mask.deleteMask({ itemId: "clip", maskId: first! })).toBe(true);
    expect(clip(studio)?.masks?.map(m => m.frame)).toEqual([4]);
    expect(studio.actions.history.undoLabel()).toBe("Delete mask");
    expect(studio.actions.mask.deleteMask({ itemId: "clip", maskId: "nope" })).toBe(false);
    studio.actions.history.undo();
    expect(clip(studio)?.masks?.map(m => m.frame)).toEqual([1, 4]);
  });

  it("adds a tracked object per track job, each with its own name and colour, that reads back pixel for pixel", async () => {
    const { studio } = await setup();
    const masks = new Map([
      [3, maskOf([0, 1])],
      [1, maskOf([11])],
    ]);
    const first = await studio.actions.mask.addTracked({
      itemId: "clip",
      mediaId: "m1",
      masks,
      keyframe: 3,
    });
    expect(first).toMatchObject({
      mediaId: "m1",
      frameCount: 2,
      name: "Object 1",
      color: 0,
      keyframes: [3],
    });
    expect(studio.actions.history.undoLabel()).toBe("Track Object 1");
    expect(selectMaskSelection(studio.state)).toEqual({ itemId: "clip", objectId: first?.id });
    const back = first ? await studio.actions.mask.readTracked(first) : null;
    expect([...(back?.keys() ?? [])]).toEqual([1, 3]);
    expect(Array.from(back?.get(3)?.data ?? [])).toEqual(Array.from(maskOf([0, 1]).data));
    expect(Array.from(back?.get(1)?.data ?? [])).toEqual(Array.from(maskOf([11]).data));

    const second = await studio.actions.mask.addTracked({
      itemId: "clip",
      mediaId: "m1",
      masks: new Map([[0, maskOf([5])]]),
      keyframe: 0,
    });
    expect(second).toMatchObject({ name: "Object 2", color: 1 });
    expect(clip(studio)?.trackedObjects?.map(o => o.id)).toEqual([first?.id, second?.id]);

    studio.actions.history.undo();
    expect(clip(studio)?.trackedObjects?.map(o => o.id)).toEqual([first?.id]);
    studio.actions.history.redo();
    expect(clip(studio)?.trackedObjects?.map(o => o.name)).toEqual(["Object 1", "Object 2"]);
  });

  it("gives a new object the first colour no object of the clip uses", async () => {
    const { studio } = await setup();
    const add = (keyframe: number) =>
      studio.actions.mask.addTracked({
        itemId: "clip",
        mediaId: "m1",
        masks: new Map([[keyframe, maskOf([0])]]),
        keyframe,
      });
    const a = await add(0);
    await add(1);
    studio.actions.mask.deleteObject({ itemId: "clip", objectId: a!.id });
    expect((await add(2))?.color).toBe(0);
  });

  it("re-tracks: merges the new masks inside the range into a new row, adds the keyframe, and undo points back at the old row", async () => {
    const { studio } = await setup();
    const original = new Map([0, 1, 2, 3, 4, 5].map(f => [f, maskOf([f])]));
    const object = await studio.actions.mask.addTracked({
      itemId: "clip",
      mediaId: "m1",
      masks: original,
      keyframe: 0,
    });
    const corrected = new Map([
      [3, maskOf([9, 10])],
      [4, maskOf([10, 11])],
      [5, maskOf([11])],
    ]);
    const updated = await studio.actions.mask.applyRetrack({
      itemId: "clip",
      objectId: object!.id,
      masks: corrected,
      range: { start: 3, end: 4 },
      keyframe: 3,
    });
    expect(updated?.id).not.toBe(object?.id);
    expect(updated).toMatchObject({ name: "Object 1", color: 0, keyframes: [0, 3], frameCount: 6 });
    expect(studio.actions.history.undoLabel()).toBe("Re-track Object 1");
    expect(selectMaskSelection(studio.state)?.objectId).toBe(updated?.id);

    const merged = await studio.actions.mask.readTracked(updated!);
    const pixels = (m: Map<number, Mask> | null, f: number) => Array.from(m?.get(f)?.data ?? []);
    for (const f of [0, 1, 2, 5]) expect(pixels(merged, f)).toEqual(pixels(original, f));
    expect(pixels(merged, 3)).toEqual(pixels(corrected, 3));
    expect(pixels(merged, 4)).toEqual(pixels(corrected, 4));

    studio.actions.history.undo();
    const restored = clip(studio)?.trackedObjects?.[0];
    expect(restored).toMatchObject({ id: object?.id, keyframes: [0] });
    const old = await studio.actions.mask.readTracked(restored!);
    expect(pixels(old, 3)).toEqual(pixels(original, 3));
  });

  it("renames, recolours and deletes an object, each one undo entry", async () => {
    const { studio } = await setup();
    const object = await studio.actions.mask.addTracked({
      itemId: "clip",
      mediaId: "m1",
      masks: new Map([[0, maskOf([0])]]),
      keyframe: 0,
    });
    const ids = { itemId: "clip", objectId: object!.id };
    expect(studio.actions.mask.renameObject({ ...ids, name: "  Red car " })).toBe(true);
    expect(studio.actions.mask.renameObject({ ...ids, name: "   " })).toBe(false);
    expect(studio.actions.mask.recolorObject({ ...ids, color: 5 })).toBe(true);
    expect(studio.actions.mask.recolorObject({ ...ids, color: 8 })).toBe(false);
    expect(clip(studio)?.trackedObjects?.[0]).toMatchObject({ name: "Red car", color: 5 });
    expect(studio.actions.mask.deleteObject(ids)).toBe(true);
    expect(clip(studio)?.trackedObjects).toEqual([]);
    expect(selectMaskSelection(studio.state)).toBeNull();

    studio.actions.history.undo();
    expect(clip(studio)?.trackedObjects?.[0]).toMatchObject({ name: "Red car", color: 5 });
    studio.actions.history.undo();
    expect(clip(studio)?.trackedObjects?.[0]?.color).toBe(0);
    studio.actions.history.undo();
    expect(clip(studio)?.trackedObjects?.[0]?.name).toBe("Object 1");
  });

  it("selects and deselects an object without an undo entry", async () => {
    const { studio } = await setup();
    const object = await studio.actions.mask.addTracked({
      itemId: "clip",
      mediaId: "m1",
      masks: new Map([[0, maskOf([0])]]),
      keyframe: 0,
    });
    studio.actions.mask.selectObject(null);
    expect(selectMaskSelection(studio.state)).toBeNull();
    expect(studio.actions.mask.selectObject({ itemId: "clip", objectId: object!.id })).toBe(true);
    expect(selectMaskSelection(studio.state)?.objectId).toBe(object?.id);
    expect(studio.actions.mask.selectObject({ itemId: "clip", objectId: "nope" })).toBe(false);
    expect(studio.actions.history.undoLabel()).toBe("Track Object 1");
  });

  it("refuses every object edit on a locked track", async () => {
    const { studio } = await setup();
    const saved = studio.actions.mask.save({
      itemId: "clip",
      mediaId: "m1",
      frame: 0,
      rle: encodeMaskRle(maskOf([0])),
    });
    const object = await studio.actions.mask.addTracked({
      itemId: "clip",
      mediaId: "m1",
      masks: new Map([[0, maskOf([0])]]),
      keyframe: 0,
    });
    studio.actions.track.setTrackFlag({ track: "V1", flag: "locked", value: true });
    const ids = { itemId: "clip", objectId: object!.id };
    const masks = new Map([[0, maskOf([1])]]);
    expect(
      await studio.actions.mask.addTracked({ itemId: "clip", mediaId: "m1", masks, keyframe: 0 }),
    ).toBeNull();
    expect(
      await studio.actions.mask.applyRetrack({
        ...ids,
        masks,
        range: { start: 0, end: 0 },
        keyframe: 0,
      }),
    ).toBeNull();
    expect(studio.actions.mask.renameObject({ ...ids, name: "x" })).toBe(false);
    expect(studio.actions.mask.recolorObject({ ...ids, color: 3 })).toBe(false);
    expect(studio.actions.mask.deleteObject(ids)).toBe(false);
    expect(studio.actions.mask.deleteMask({ itemId: "clip", maskId: saved! })).toBe(false);
    expect(studio.actions.mask.selectObject(ids)).toBe(false);
    expect(clip(studio)?.trackedObjects).toEqual([object]);
    expect(clip(studio)?.masks).toHaveLength(1);
  });

  it("keeps saved and tracked masks across a reload of the project", async () => {
    const { studio, projectId } = await setup();
    studio.actions.mask.save({
      itemId: "clip",
      mediaId: "m1",
      frame: 2,
      rle: encodeMaskRle(maskOf([4])),
    });
    await studio.actions.mask.addTracked({
      itemId: "clip",
      mediaId: "m1",
      masks: new Map([[2, maskOf([4, 5])]]),
      keyframe: 2,
    });
    await studio.actions.project.save();

    const reloaded = makeTestStudio({ db: studio.db });
    studios.push(reloaded);
    await reloaded.actions.project.open(projectId);
    const item = clip(reloaded);
    expect(item?.masks?.map(m => [m.frame, m.rle])).toEqual([
      [2, { width: 4, height: 3, counts: [4, 1, 7] }],
    ]);
    const [object] = item?.trackedObjects ?? [];
    expect(object).toMatchObject({ name: "Object 1", color: 0, keyframes: [2] });
    const tracked = object ? await reloaded.actions.mask.readTracked(object) : null;
    expect(Array.from(tracked?.get(2)?.data ?? [])).toEqual(Array.from(maskOf([4, 5]).data));
  });

  it("reads nothing when the stored tracked masks are missing", async () => {
    const { studio } = await setup();
    expect(await studio.actions.mask.readTracked({ id: "nope" })).toBeNull();
  });

  it("deletes a project's tracked masks with the project", async () => {
    const { studio, projectId } = await setup();
    await studio.actions.mask.addTracked({
      itemId: "clip",
      mediaId: "m1",
      masks: new Map([[0, maskOf([1])]]),
      keyframe: 0,
    });
    expect(await studio.db.trackedMasks.where("projectId").equals(projectId).count()).toBe(1);
    await studio.actions.project.remove(projectId);
    expect(await studio.db.trackedMasks.where("projectId").equals(projectId).count()).toBe(0);
  });
});
