import { afterEach, describe, expect, it, vi } from "vitest";
import { unwrap } from "solid-js/store";
import { makeTestStudio, sleep, type TestStudio } from "./test-studio-store";
import { partsTouchedBy } from "./create-studio-store";

let studio: TestStudio;

async function openNewProject(name = "Night Train"): Promise<string> {
  const id = await studio.actions.project.create({ name });
  await studio.actions.project.open(id);
  return id;
}

afterEach(() => {
  studio?.dispose();
});

describe("undo and redo", () => {
  it("undoes and redoes one user action at a time, with labels", async () => {
    studio = makeTestStudio();
    await openNewProject();
    const { actions, state } = studio;
    expect(actions.history.canUndo()).toBe(false);

    actions.project.update({ name: "Day Train" });
    const shotId = actions.shot.add({ prompt: "a train at dawn" });
    expect(actions.history.undoLabel()).toBe("Add shot");

    actions.history.undo();
    expect(state.shots.order).toEqual([]);
    expect(state.project.current?.name).toBe("Day Train");
    expect(actions.history.redoLabel()).toBe("Add shot");

    actions.history.undo();
    expect(state.project.current?.name).toBe("Night Train");
    expect(actions.history.canUndo()).toBe(false);

    actions.history.redo();
    actions.history.redo();
    expect(state.project.current?.name).toBe("Day Train");
    expect(state.shots.byId[shotId]?.prompt).toBe("a train at dawn");
    expect(actions.history.canRedo()).toBe(false);
  });

  it("merges a coalesced gesture into one entry until endGesture", async () => {
    studio = makeTestStudio();
    await openNewProject();
    const { actions, state } = studio;
    const shotId = actions.shot.add();
    for (const prompt of ["a", "a c", "a ca", "a cat"]) {
      actions.shot.update(shotId, { prompt }, { coalesceKey: "typing:1" });
    }
    actions.track.endGesture();
    actions.shot.update(shotId, { prompt: "a cat sleeps" }, { coalesceKey: "typing:2" });
    actions.track.endGesture();

    actions.history.undo();
    expect(state.shots.byId[shotId]?.prompt).toBe("a cat");
    actions.history.undo();
    expect(state.shots.byId[shotId]?.prompt).toBe("");
    actions.history.undo();
    expect(state.shots.order).toEqual([]);
  });

  it("a new action after undo clears redo", async () => {
    studio = makeTestStudio();
    await openNewProject();
    const { actions } = studio;
    actions.project.update({ seed: 7 });
    actions.history.undo();
    expect(actions.history.canRedo()).toBe(true);
    actions.project.update({ seed: 9 });
    expect(actions.history.canRedo()).toBe(false);
  });

  it("does not record invalid edits, no-op edits or session changes", async () => {
    studio = makeTestStudio();
    await openNewProject();
    const { actions, state } = studio;
    expect(actions.project.update({ width: 700 })).toEqual({
      ok: false,
      errors: { width: "Width must be a multiple of 32" },
    });
    actions.project.update({ name: "Night Train" });
    actions.playback.setFrame(40);
    actions.ui.setView("jobs");
    expect(actions.history.canUndo()).toBe(false);
    expect(state.playback.frame).toBe(40);
  });

  it("undo restores a copy: later edits never change what an entry restores", async () => {
    studio = makeTestStudio();
    await openNewProject();
    const { actions, state } = studio;
    const shotId = actions.shot.add({ prompt: "one" });
    actions.shot.update(shotId, { prompt: "two" });
    actions.shot.update(shotId, { prompt: "three" });
    actions.history.undo();
    actions.history.undo();
    expect(state.shots.byId[shotId]?.prompt).toBe("one");
    actions.history.redo();
    actions.history.redo();
    expect(state.shots.byId[shotId]?.prompt).toBe("three");
  });

  it("opening another project clears history", async () => {
    studio = makeTestStudio();
    await openNewProject("A");
    studio.actions.project.update({ name: "A2" });
    const other = await studio.actions.project.create({ name: "B" });
    await studio.actions.project.open(other);
    expect(studio.actions.history.canUndo()).toBe(false);
    expect(studio.state.project.current?.name).toBe("B");
  });
});

describe("document persistence through the store", () => {
  it("opening a project writes nothing; an edit is saved within the throttle", async () => {
    studio = makeTestStudio({ throttleMs: 20 });
    const id = await studio.actions.project.create({ name: "Quiet" });
    const before = await studio.db.projects.get(id);
    await studio.actions.project.open(id);
    await sleep(60);
    const afterOpen = await studio.db.projects.get(id);
    // Only lastOpenedAt changes on open; autosave has not rewritten the project.
    expect({ ...afterOpen, lastOpenedAt: before?.lastOpenedAt }).toEqual(before);
    expect(studio.state.ui.save.state).toBe("saved");

    studio.actions.project.update({ name: "Loud" });
    expect(studio.state.ui.save.state).toBe("pending");
    await vi.waitFor(async () => expect((await studio.db.projects.get(id))?.name).toBe("Loud"));
    await vi.waitFor(() => expect(studio.state.ui.save.state).toBe("saved"));
  });

  it("a second store on the same database reopens exactly what was left", async () => {
    studio = makeTestStudio();
    const id = await openNewProject("Reload me");
    const { actions } = studio;
    const shotId = actions.shot.add({ prompt: "rain on glass" });
    actions.shot.update(shotId, { numFrames: 50, guidance: 4.5 });
    actions.element.add({ type: "character", name: "Old Tom" });
    const [media] = await actions.project.importMedia([
      new File(["png-bytes"], "still.png", { type: "image/png" }),
    ]);
    await actions.project.save();
    const expected = structuredClone(studio.readDocument());
    const mediaBefore = structuredClone(unwrap(studio.state.project.media));
    studio.dispose();

    studio = makeTestStudio({ db: studio.db });
    await studio.actions.project.open(id);
    const reopened = studio.readDocument();
    expect({
      ...reopened,
      project: { ...reopened?.project, lastOpenedAt: "x", updatedAt: "x" },
    }).toEqual({
      ...expected,
      project: { ...expected?.project, lastOpenedAt: "x", updatedAt: "x" },
    });
    expect(unwrap(studio.state.project.media)).toEqual(mediaBefore);
    expect(await (await studio.actions.project.readBlob(media!))?.text()).toBe("png-bytes");
  });
});

describe("a full disk", () => {
  it("shows STORAGE_FULL with advice, keeps every edit in memory and saves them once space is back", async () => {
    studio = makeTestStudio({
      deps: { autosave: { throttleMs: 5, retryBaseMs: 300, retryMaxMs: 300 } },
    });
    const id = await openNewProject("Big one");
    const { actions, state, db } = studio;
    const transaction = vi.spyOn(db, "transaction");
    const full = Object.assign(new Error("Transaction aborted"), {
      name: "AbortError",
      inner: new DOMException("quota", "QuotaExceededError"),
    });
    transaction.mockRejectedValueOnce(full).mockRejectedValueOnce(full);

    actions.project.update({ name: "Bigger one" });
    const shotId = actions.shot.add({ prompt: "storm" });
    await vi.waitFor(() => expect(state.ui.save.state).toBe("error"));
    expect(state.ui.save.error).toMatchObject({
      code: "STORAGE_FULL",
      title: "Your disk is full — changes are not being saved",
    });
    expect(state.ui.save.error?.remedy).toMatch(/Free disk space/);
    await expect(actions.project.save()).rejects.toMatchObject({ code: "STORAGE_FULL" });
    expect(state.shots.byId[shotId]?.prompt).toBe("storm");

    // Space is back: the automatic retry writes everything that was waiting.
    await vi.waitFor(() => expect(state.ui.save.state).toBe("saved"), { timeout: 2_000 });
    expect(state.ui.save.error).toBeNull();
    expect((await db.projects.get(id))?.name).toBe("Bigger one");
    expect((await db.shots.get(shotId))?.prompt).toBe("storm");
  });
});

describe("media library", () => {
  it("imports image, video and audio with durations at project fps, skipping other files", async () => {
    studio = makeTestStudio();
    await openNewProject();
    const ids = await studio.actions.project.importMedia([
      new File(["i"], "a.png", { type: "image/png" }),
      new File(["v"], "b.mp4", { type: "video/mp4" }),
      new File(["a"], "c.wav", { type: "" }),
      new File(["t"], "notes.txt", { type: "text/plain" }),
    ]);
    expect(ids).toHaveLength(3);
    const media = ids.map(id => studio.state.project.media.byId[id]);
    expect(media.map(m => [m?.kind, m?.durationFrames, m?.mime])).toEqual([
      ["image", null, "image/png"],
      ["video", 50, "video/mp4"],
      ["audio", 50, "audio/wav"],
    ]);
    expect(media[2]?.peaks).toEqual([0, 0.5, 1, 0.5]);
    expect(studio.state.ui.notices.map(n => n.code)).toEqual(["UNSUPPORTED_MEDIA_TYPE"]);
    expect(await studio.db.blobs.count()).toBe(5);
  });

  it("deleting media used by clips removes the clips in one undoable step and the blobs for good", async () => {
    studio = makeTestStudio();
    await openNewProject();
    const { actions, state } = studio;
    const [mediaId] = await actions.project.importMedia([
      new File(["v"], "b.mp4", { type: "video/mp4" }),
    ]);
    const item = (id: string, track: "V1" | "V2", media: string | null) => ({
      id,
      track,
      mediaId: media,
      shotId: null,
      sourceFrames: 50,
      trimIn: 0,
      trimOut: 0,
      startFrame: 0,
      opacity: 1,
      x: 0,
      y: 0,
      scale: 1,
      gain: 1,
    });
    actions.track.load({
      ...structuredClone(unwrap(state.tracks.timeline)),
      items: [item("c1", "V1", mediaId!), item("c2", "V1", null), item("c3", "V2", mediaId!)],
    });
    expect(actions.project.mediaUsage(mediaId!)).toEqual({ clips: 2, shots: 0 });

    await actions.project.removeMedia(mediaId!);
    expect(state.tracks.timeline.items.map(i => i.id)).toEqual(["c2"]);
    expect(state.project.media.order).toEqual([]);
    expect(await studio.db.blobs.where("mediaId").equals(mediaId!).count()).toBe(0);

    actions.history.undo();
    expect(state.tracks.timeline.items.map(i => i.id)).toEqual(["c1", "c2", "c3"]);
  });
});

describe("partsTouchedBy", () => {
  it.each([
    { args: ["shots", "byId", "s1", "prompt", "x"], parts: ["shots"] },
    { args: ["tracks", "timeline", {}], parts: ["tracks"] },
    { args: ["project", "current", "name", "x"], parts: ["project"] },
    { args: ["project", "scenes", []], parts: ["scenes"] },
    { args: ["project", "media", "order", []], parts: [] },
    { args: ["project", { current: null }], parts: ["project", "scenes"] },
    { args: ["playback", "frame", 3], parts: [] },
    { args: [{}], parts: ["project", "scenes", "shots", "elements", "tracks"] },
  ])("$args -> $parts", ({ args, parts }) => {
    expect(partsTouchedBy(args)).toEqual(parts);
  });
});
