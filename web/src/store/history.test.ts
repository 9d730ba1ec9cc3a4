import { afterEach, describe, expect, it } from "vitest";
import { parseScreenplay } from "@milimo/shared/storyboard";
import { makeApiClient } from "../api/client";
import { jobsActionsOf } from "../jobs/jobs-slice";
import { completeEvent } from "../jobs/test-jobs";
import { makeFakeServerFetch } from "../jobs/test-server-fetch";
import { storyboardActionsOf } from "../ui/storyboard/storyboard-actions";
import { rebaseValue } from "./history";
import { makeTestStudio, type TestStudio } from "./test-studio-store";

let studio: TestStudio;

afterEach(() => studio?.dispose());

/** A project with one scene of two shots (A, B), their V1 clips, and a fake GPU server. */
async function setup() {
  const server = makeFakeServerFetch();
  studio = makeTestStudio({ deps: { api: makeApiClient({ fetchFn: server.fetchFn }) } });
  const projectId = await studio.actions.project.create({ name: "Undo" });
  await studio.actions.project.open(projectId);
  storyboardActionsOf(studio).commit(
    parseScreenplay("INT. HALL - NIGHT\n\nA lamp flickers.\n\nA door opens.\n"),
  );
  const [a, b] = studio.state.shots.order;
  if (!a || !b) throw new Error("expected two shots");
  const jobs = jobsActionsOf(studio);
  let eventId = 0;
  return {
    a,
    b,
    jobs,
    clipOf: (shotId: string) =>
      studio.state.tracks.timeline.items.find(i => i.track === "V1" && i.shotId === shotId),
    /** The server finishes the shot's current job; resolves once the result is stored. */
    async complete(shotId: string) {
      const jobId = studio.state.shots.byId[shotId]?.lastJobId;
      if (!jobId) throw new Error("the shot has no job");
      jobs.applyEvent(completeEvent({ id: ++eventId, jobId }));
      await jobs.settled();
    },
  };
}

/** What a finished generation wrote on a shot (and its clip). */
function remoteFieldsOf(shotId: string) {
  const shot = studio.state.shots.byId[shotId];
  const clip = studio.state.tracks.timeline.items.find(i => i.shotId === shotId);
  return {
    status: shot?.status,
    lastJobId: shot?.lastJobId,
    mediaId: shot?.mediaId,
    thumbnailMediaId: shot?.thumbnailMediaId,
    seed: shot?.seed,
    clipMediaId: clip?.mediaId,
    clipSourceFrames: clip?.sourceFrames,
  };
}

describe("undo keeps what jobs wrote", () => {
  it("undoing an edit of shot A leaves shot B's finished generation alone; redo too", async () => {
    const t = await setup();
    const { actions, state } = studio;
    await t.jobs.generateShot(t.b);
    actions.shot.update(t.a, { prompt: "a flickering lamp, close up" });
    await t.complete(t.b);
    const generated = remoteFieldsOf(t.b);
    expect(generated).toMatchObject({ status: "ready", lastJobId: "job-1" });
    expect(generated.mediaId).toBeTruthy();
    expect(generated.clipMediaId).toBe(generated.mediaId);

    actions.history.undo();
    expect(state.shots.byId[t.a]?.prompt).toBe("");
    expect(remoteFieldsOf(t.b)).toEqual(generated);
    expect(actions.history.undoLabel()).toBe("Commit storyboard");

    actions.history.redo();
    expect(state.shots.byId[t.a]?.prompt).toBe("a flickering lamp, close up");
    expect(remoteFieldsOf(t.b)).toEqual(generated);
  });

  it("undoing a clip edit keeps the media and length a job gave another clip", async () => {
    const t = await setup();
    const { actions } = studio;
    actions.shot.update(t.b, { numFrames: 50 });
    await t.jobs.generateShot(t.b);
    const clipA = t.clipOf(t.a);
    if (!clipA) throw new Error("no clip for A");
    expect(actions.track.updateItem({ itemId: clipA.id, patch: { trimIn: 10 } })).toEqual({
      ok: true,
    });
    await t.complete(t.b);
    expect(t.clipOf(t.b)).toMatchObject({ sourceFrames: 50 });
    const generated = remoteFieldsOf(t.b);

    actions.history.undo();
    expect(t.clipOf(t.a)?.trimIn).toBe(0);
    expect(remoteFieldsOf(t.b)).toEqual(generated);

    actions.history.undo(); // the numFrames edit: only that field goes back
    expect(studio.state.shots.byId[t.b]?.numFrames).toBe(121);
    expect(remoteFieldsOf(t.b)).toEqual(generated);
  });

  it("undoing the shot's own creation removes it; redo brings it back generated", async () => {
    const t = await setup();
    const { actions, state } = studio;
    const sceneId = state.project.scenes[0]?.id ?? "";
    const c = storyboardActionsOf(studio).addShot({ sceneId, action: "The wind rises." });
    await t.jobs.generateShot(c);
    await t.complete(c);
    const generated = remoteFieldsOf(c);
    expect(generated.status).toBe("ready");

    actions.history.undo();
    expect(state.shots.byId[c]).toBeUndefined();
    expect(t.clipOf(c)).toBeUndefined();

    actions.history.redo();
    expect(remoteFieldsOf(c)).toEqual(generated);
    expect(state.shots.order).toEqual([t.a, t.b, c]);
  });

  it("a result landing in the middle of a typing gesture is not part of its undo entry", async () => {
    const t = await setup();
    const { actions, state } = studio;
    await t.jobs.generateShot(t.b);
    actions.shot.update(t.a, { prompt: "a" }, { coalesceKey: "typing:a" });
    await t.complete(t.b);
    const generated = remoteFieldsOf(t.b);
    actions.shot.update(t.a, { prompt: "a lamp" }, { coalesceKey: "typing:a" });
    actions.track.endGesture();

    actions.history.undo();
    expect(state.shots.byId[t.a]?.prompt).toBe("");
    expect(remoteFieldsOf(t.b)).toEqual(generated);
    expect(actions.history.undoLabel()).toBe("Commit storyboard");
    actions.history.redo();
    expect(state.shots.byId[t.a]?.prompt).toBe("a lamp");
  });
});

describe("rebaseValue (apply the change from -> to on top of current)", () => {
  const item = (id: string, extra: Record<string, unknown> = {}) => ({ id, ...extra });
  it.each([
    {
      name: "a field the change did not touch keeps its current value",
      current: { a: 1, b: "remote" },
      from: { a: 2, b: "old" },
      to: { a: 1, b: "old" },
      expected: { a: 1, b: "remote" },
    },
    {
      name: "a changed field takes the target value",
      current: { a: 2, b: "remote" },
      from: { a: 2, b: "old" },
      to: { a: 1, b: "old" },
      expected: { a: 1, b: "remote" },
    },
    {
      name: "a key the target lacks is removed, one it adds is added",
      current: { keep: 1, gone: 2 },
      from: { gone: 2 },
      to: { added: 3 },
      expected: { keep: 1, added: 3 },
    },
    {
      name: "keyed lists merge by id and keep items added since",
      current: [item("x", { v: 1 }), item("y", { v: 9 }), item("new")],
      from: [item("x", { v: 2 }), item("y", { v: 1 })],
      to: [item("x", { v: 1 }), item("y", { v: 1 })],
      expected: [item("x", { v: 1 }), item("y", { v: 9 }), item("new")],
    },
    {
      name: "a reorder is reverted; an item added since stays before its successor",
      current: [item("b"), item("new"), item("a"), item("c")],
      from: [item("b"), item("a"), item("c")],
      to: [item("a"), item("b"), item("c")],
      expected: [item("new"), item("a"), item("b"), item("c")],
    },
    {
      name: "plain lists are replaced",
      current: ["a", "b", "c"],
      from: ["a", "b", "c"],
      to: ["a", "b"],
      expected: ["a", "b"],
    },
  ])("$name", ({ current, from, to, expected }) => {
    expect(rebaseValue(current, from, to)).toEqual(expected);
  });
});
