import { describe, expect, it } from "vitest";
import { parseScreenplay } from "@milimo/shared/storyboard";
import { computeV1Layout } from "@milimo/shared/timeline";
import { makeTimeline, makeTimelineItem, type Timeline } from "@milimo/shared/schema";
import {
  addShot,
  deleteShot,
  extensionOf,
  insertShotAfter,
  planStoryboardCommit,
  reorderScene,
  reorderShot,
  sortShots,
  type StoryboardDocument,
} from "./storyboard-plan";

const project = { id: "p", width: 768, height: 512, fps: 25 as const, seed: 42 };

const TWO_SCENES = `INT. LIGHTHOUSE - NIGHT

Waves crash against the rocks below.

MARA
The lamp is out again.

EXT. CLIFF - DAWN

A wide shot of the empty cliff.
`;

function ids(prefix = "id") {
  let n = 0;
  return () => `${prefix}${++n}`;
}

function emptyDoc(timeline: Timeline = makeTimeline()): StoryboardDocument {
  return { scenes: [], shots: [], timeline };
}

/** Shot actions in V1 play order. */
function v1Actions(doc: StoryboardDocument): string[] {
  const byId = new Map(doc.shots.map(s => [s.id, s]));
  return doc.timeline.items
    .filter(i => i.track === "V1")
    .map(i => (i.shotId ? (byId.get(i.shotId)?.action ?? "?") : `clip:${i.id}`));
}

describe("planStoryboardCommit", () => {
  it("adds scenes and shots, and appends the shots to V1 in script order", () => {
    const imported = makeTimelineItem({ id: "imported", mediaId: "m", sourceFrames: 50 });
    const doc = planStoryboardCommit({
      parsed: parseScreenplay(TWO_SCENES),
      project,
      doc: emptyDoc(makeTimeline({ items: [imported] })),
      newId: ids(),
    });
    expect(doc.scenes.map(s => [s.index, s.heading])).toEqual([
      [0, "INT. LIGHTHOUSE - NIGHT"],
      [1, "EXT. CLIFF - DAWN"],
    ]);
    expect(sortShots(doc.scenes, doc.shots).map(s => s.action)).toEqual([
      "Waves crash against the rocks below.",
      "Close up on MARA.",
      "A wide shot of the empty cliff.",
    ]);
    expect(v1Actions(doc)).toEqual([
      "clip:imported",
      "Waves crash against the rocks below.",
      "Close up on MARA.",
      "A wide shot of the empty cliff.",
    ]);
    const layout = computeV1Layout(doc.timeline.items);
    const clip = doc.timeline.items.find(i => i.shotId === doc.shots[0]?.id);
    expect(layout.byId.get(clip?.id ?? "")?.startFrame).toBe(50);
    expect(doc.shots[1]).toMatchObject({
      characters: ["MARA"],
      dialogue: "The lamp is out again.",
    });
    expect(doc.shots[0]).toMatchObject({ width: 768, fps: 25, status: "draft", projectId: "p" });
  });

  it("re-parsing keeps existing shots' media and settings and only adds clips for new shots", () => {
    const first = planStoryboardCommit({
      parsed: parseScreenplay(TWO_SCENES),
      project,
      doc: emptyDoc(),
      newId: ids("a"),
    });
    const generated = first.shots.find(s => s.action.startsWith("Waves"));
    if (!generated) throw new Error("fixture");
    const withMedia: StoryboardDocument = {
      ...first,
      shots: first.shots.map(s =>
        s.id === generated.id
          ? { ...s, mediaId: "video-1", status: "ready" as const, steps: 8, seed: 9 }
          : s,
      ),
    };
    const edited = TWO_SCENES.replace("rocks below.", "rocks below at night.").replace(
      "A wide shot of the empty cliff.",
      "A wide shot of the empty cliff.\n\nGulls circle overhead.",
    );
    const second = planStoryboardCommit({
      parsed: parseScreenplay(edited),
      project,
      doc: withMedia,
      newId: ids("b"),
    });
    expect(second.scenes.map(s => s.id)).toEqual(first.scenes.map(s => s.id));
    const kept = second.shots.find(s => s.id === generated.id);
    expect(kept).toMatchObject({
      action: "Waves crash against the rocks below at night.",
      mediaId: "video-1",
      status: "ready",
      steps: 8,
      seed: 9,
    });
    expect(second.shots).toHaveLength(4);
    // The clips that existed are the same objects; the new shot's clip follows the cliff shot.
    expect(second.timeline.items.slice(0, 3)).toEqual(first.timeline.items);
    expect(v1Actions(second).at(-1)).toBe("Gulls circle overhead.");
  });

  it("shots that left the script lose their clips", () => {
    const first = planStoryboardCommit({
      parsed: parseScreenplay(TWO_SCENES),
      project,
      doc: emptyDoc(),
      newId: ids("a"),
    });
    const oneScene = TWO_SCENES.split("EXT.")[0] ?? "";
    const second = planStoryboardCommit({
      parsed: parseScreenplay(oneScene),
      project,
      doc: first,
      newId: ids("b"),
    });
    expect(second.scenes).toHaveLength(1);
    expect(second.shots).toHaveLength(2);
    expect(second.timeline.items).toHaveLength(2);
  });
});

describe("shot edits", () => {
  const base = () =>
    planStoryboardCommit({
      parsed: parseScreenplay("INT. ROOM - DAY\n\nOne.\n\nTwo.\n\nThree.\n"),
      project,
      doc: emptyDoc(),
      newId: ids(),
    });

  it.each([
    { from: 0, to: 2, expected: ["Two.", "Three.", "One."] },
    { from: 2, to: 0, expected: ["Three.", "One.", "Two."] },
    { from: 1, to: 1, expected: ["One.", "Two.", "Three."] },
  ])("reordering shot $from to $to moves its V1 clip too", ({ from, to, expected }) => {
    const doc = base();
    const shot = sortShots(doc.scenes, doc.shots)[from];
    const next = reorderShot({ doc, shotId: shot?.id ?? "", toIndex: to });
    expect(sortShots(next.scenes, next.shots).map(s => s.action)).toEqual(expected);
    expect(v1Actions(next)).toEqual(expected);
  });

  it("deleting a shot removes its clip and renumbers the scene", () => {
    const doc = base();
    const two = doc.shots.find(s => s.action === "Two.");
    const next = deleteShot({ doc, shotId: two?.id ?? "" });
    expect(sortShots(next.scenes, next.shots).map(s => [s.index, s.action])).toEqual([
      [0, "One."],
      [1, "Three."],
    ]);
    expect(v1Actions(next)).toEqual(["One.", "Three."]);
  });

  it("deleting a generated shot keeps its clip on V1, no longer linked", () => {
    const doc = base();
    const two = doc.shots.find(s => s.action === "Two.");
    const withMedia = {
      ...doc,
      timeline: {
        ...doc.timeline,
        items: doc.timeline.items.map(i => (i.shotId === two?.id ? { ...i, mediaId: "v" } : i)),
      },
    };
    const next = deleteShot({ doc: withMedia, shotId: two?.id ?? "" });
    expect(next.timeline.items).toHaveLength(3);
    expect(next.timeline.items[1]).toMatchObject({ mediaId: "v", shotId: null });
  });

  it("inserting after a shot numbers it next in the scene and puts its clip right after", () => {
    const doc = base();
    const one = doc.shots.find(s => s.action === "One.");
    if (!one) throw new Error("no shot One.");
    // The user moved One.'s clip to the end of V1: the new clip follows it there.
    const moved = {
      ...doc,
      timeline: {
        ...doc.timeline,
        items: [
          ...doc.timeline.items.filter(i => i.shotId !== one.id),
          ...doc.timeline.items.filter(i => i.shotId === one.id),
        ],
      },
    };
    const inserted = insertShotAfter({
      doc: moved,
      afterShotId: one.id,
      project,
      newId: ids("n"),
      init: extensionOf({ ...one, pipeline: "t2v", dialogue: "Hello." }, "frame-1"),
    });
    if (!inserted) throw new Error("nothing inserted");
    const next = inserted.doc;
    expect(sortShots(next.scenes, next.shots).map(s => [s.index, s.action])).toEqual([
      [0, "One."],
      [1, "One."],
      [2, "Two."],
      [3, "Three."],
    ]);
    expect(v1Actions(next)).toEqual(["Two.", "Three.", "One.", "One."]);
    expect(next.shots.find(s => s.id === inserted.shotId)).toMatchObject({
      pipeline: "auto",
      dialogue: "",
      conditioning: [{ mediaId: "frame-1", frame: 0, strength: 1 }],
    });
    expect(insertShotAfter({ doc, afterShotId: "gone", project, newId: ids() })).toBeNull();
  });

  it("adding a shot puts it at the end of its scene, before the next scene's clips", () => {
    const doc = planStoryboardCommit({
      parsed: parseScreenplay(TWO_SCENES),
      project,
      doc: emptyDoc(),
      newId: ids(),
    });
    const { doc: next } = addShot({
      doc,
      sceneId: doc.scenes[0]?.id ?? "",
      project,
      newId: ids("n"),
      action: "Mara lights a match.",
    });
    expect(v1Actions(next)).toEqual([
      "Waves crash against the rocks below.",
      "Close up on MARA.",
      "Mara lights a match.",
      "A wide shot of the empty cliff.",
    ]);
  });

  it("reordering scenes renumbers them", () => {
    const doc = planStoryboardCommit({
      parsed: parseScreenplay(TWO_SCENES),
      project,
      doc: emptyDoc(),
      newId: ids(),
    });
    const cliff = doc.scenes[1];
    const next = reorderScene({ doc, sceneId: cliff?.id ?? "", toIndex: 0 });
    expect([...next.scenes].sort((a, b) => a.index - b.index).map(s => s.heading)).toEqual([
      "EXT. CLIFF - DAWN",
      "INT. LIGHTHOUSE - NIGHT",
    ]);
  });
});
