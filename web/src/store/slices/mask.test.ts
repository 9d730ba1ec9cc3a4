import { afterEach, describe, expect, it } from "vitest";
import { makeTimeline, makeTimelineItem } from "@milimo/shared/schema";
import { encodeMaskRle, type Mask } from "@milimo/shared/sam";
import { makeTestStudio, type TestStudio } from "../test-studio-store";

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

  it("attaches tracked masks that read back pixel for pixel, and undo detaches them", async () => {
    const { studio } = await setup();
    const masks = new Map([
      [3, maskOf([0, 1])],
      [1, maskOf([11])],
    ]);
    const ref = await studio.actions.mask.attachTracked({ itemId: "clip", mediaId: "m1", masks });
    expect(ref).toMatchObject({ mediaId: "m1", frameCount: 2 });
    expect(clip(studio)?.trackedMasks).toEqual(ref);

    const back = ref ? await studio.actions.mask.readTracked(ref) : null;
    expect([...(back?.keys() ?? [])]).toEqual([1, 3]);
    expect(Array.from(back?.get(3)?.data ?? [])).toEqual(Array.from(maskOf([0, 1]).data));
    expect(Array.from(back?.get(1)?.data ?? [])).toEqual(Array.from(maskOf([11]).data));

    studio.actions.history.undo();
    expect(clip(studio)?.trackedMasks ?? null).toBeNull();
    studio.actions.history.redo();
    expect(clip(studio)?.trackedMasks).toEqual(ref);
  });

  it("keeps saved and tracked masks across a reload of the project", async () => {
    const { studio, projectId } = await setup();
    studio.actions.mask.save({
      itemId: "clip",
      mediaId: "m1",
      frame: 2,
      rle: encodeMaskRle(maskOf([4])),
    });
    await studio.actions.mask.attachTracked({
      itemId: "clip",
      mediaId: "m1",
      masks: new Map([[2, maskOf([4, 5])]]),
    });
    await studio.actions.project.save();

    const reloaded = makeTestStudio({ db: studio.db });
    studios.push(reloaded);
    await reloaded.actions.project.open(projectId);
    const item = clip(reloaded);
    expect(item?.masks?.map(m => [m.frame, m.rle])).toEqual([
      [2, { width: 4, height: 3, counts: [4, 1, 7] }],
    ]);
    const tracked = item?.trackedMasks
      ? await reloaded.actions.mask.readTracked(item.trackedMasks)
      : null;
    expect(Array.from(tracked?.get(2)?.data ?? [])).toEqual(Array.from(maskOf([4, 5]).data));
  });

  it("reads nothing when the stored tracked masks are missing", async () => {
    const { studio } = await setup();
    const missing = { id: "nope", mediaId: "m1", frameCount: 3, createdAt: "2025-01-01T00:00:00Z" };
    expect(await studio.actions.mask.readTracked(missing)).toBeNull();
  });

  it("deletes a project's tracked masks with the project", async () => {
    const { studio, projectId } = await setup();
    await studio.actions.mask.attachTracked({
      itemId: "clip",
      mediaId: "m1",
      masks: new Map([[0, maskOf([1])]]),
    });
    expect(await studio.db.trackedMasks.where("projectId").equals(projectId).count()).toBe(1);
    await studio.actions.project.remove(projectId);
    expect(await studio.db.trackedMasks.where("projectId").equals(projectId).count()).toBe(0);
  });
});
