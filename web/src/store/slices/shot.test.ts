import { afterEach, describe, expect, it } from "vitest";
import { makeTimeline, makeTimelineItem } from "@milimo/shared/schema";
import { parseScreenplay } from "@milimo/shared/storyboard";
import { storyboardActionsOf } from "../../ui/storyboard/storyboard-actions";
import { makeTestStudio, type TestStudio } from "../test-studio-store";

let studio: TestStudio;

afterEach(() => studio?.dispose());

const SCRIPT =
  "INT. HALL - NIGHT\n\nA lamp flickers.\n\nA door opens.\n\nEXT. ROAD - DAY\n\nA car waits.\n";

/** Two scenes (hall: 2 shots, road: 1 shot) committed from a script. */
async function setup() {
  studio = makeTestStudio();
  const projectId = await studio.actions.project.create({ name: "Index" });
  await studio.actions.project.open(projectId);
  storyboardActionsOf(studio).commit(parseScreenplay(SCRIPT));
  const [hall, road] = [...studio.state.project.scenes].sort((a, b) => a.index - b.index);
  if (!hall || !road) throw new Error("expected two scenes");
  return { projectId, hall: hall.id, road: road.id };
}

/** [scene, index, action] of every shot in storyboard order. */
function board() {
  const sceneName = new Map(studio.state.project.scenes.map(s => [s.id, s.name]));
  return studio.state.shots.order.map(id => {
    const shot = studio.state.shots.byId[id];
    return [sceneName.get(shot?.sceneId ?? "") ?? null, shot?.index, shot?.action];
  });
}

describe("shot index is the position within its scene", () => {
  it("a shot added to a scene goes last in that scene, numbered within it", async () => {
    const { hall } = await setup();
    studio.actions.shot.add({ sceneId: hall, action: "The wind rises." });
    studio.actions.shot.add({ action: "Loose insert." });
    expect(board()).toEqual([
      ["HALL - NIGHT", 0, "A lamp flickers."],
      ["HALL - NIGHT", 1, "A door opens."],
      ["HALL - NIGHT", 2, "The wind rises."],
      ["ROAD - DAY", 0, "A car waits."],
      [null, 0, "Loose insert."],
    ]);
  });

  it("deleting a shot renumbers only its own scene", async () => {
    await setup();
    const first = studio.state.shots.order[0] ?? "";
    studio.actions.shot.remove(first);
    expect(board()).toEqual([
      ["HALL - NIGHT", 0, "A door opens."],
      ["ROAD - DAY", 0, "A car waits."],
    ]);
  });

  it("moving a shot to another scene puts it last there and closes the gap it left", async () => {
    const { road } = await setup();
    const first = studio.state.shots.order[0] ?? "";
    expect(studio.actions.shot.update(first, { sceneId: road, index: 0 })).toEqual({ ok: true });
    expect(board()).toEqual([
      ["HALL - NIGHT", 0, "A door opens."],
      ["ROAD - DAY", 0, "A car waits."],
      ["ROAD - DAY", 1, "A lamp flickers."],
    ]);
    studio.actions.history.undo();
    expect(board()).toEqual([
      ["HALL - NIGHT", 0, "A lamp flickers."],
      ["HALL - NIGHT", 1, "A door opens."],
      ["ROAD - DAY", 0, "A car waits."],
    ]);
  });

  it("re-committing the script matches a shot added in the studio by scene and index", async () => {
    const { hall } = await setup();
    const added = studio.actions.shot.add({ sceneId: hall, action: "The wind rises." });
    storyboardActionsOf(studio).commit(
      parseScreenplay(SCRIPT.replace("A door opens.\n", "A door opens.\n\nWind, louder.\n")),
    );
    expect(studio.state.shots.byId[added]).toMatchObject({
      sceneId: hall,
      index: 2,
      action: "Wind, louder.",
    });
  });

  it("a reload shows the shots in the same order", async () => {
    const { projectId, hall } = await setup();
    studio.actions.shot.add({ sceneId: hall, action: "The wind rises." });
    const before = board();
    await studio.actions.project.save();
    studio.dispose();
    studio = makeTestStudio({ db: studio.db });
    await studio.actions.project.open(projectId);
    expect(board()).toEqual(before);
  });
});

describe("useMediaVersion (an inpainted version of a clip)", () => {
  it("points the clip and its shot at the new media, and undo puts the old one back", async () => {
    const { hall } = await setup();
    const shotId = studio.actions.shot.add({ sceneId: hall });
    studio.actions.shot.update(shotId, { mediaId: "orig" });
    studio.actions.track.load(
      makeTimeline({
        items: [makeTimelineItem({ id: "clip", sourceFrames: 25, mediaId: "orig", shotId })],
      }),
    );
    const clipMedia = () => studio.state.tracks.timeline.items.find(i => i.id === "clip")?.mediaId;

    expect(studio.actions.shot.useMediaVersion({ itemId: "clip", mediaId: "inpainted" })).toBe(
      true,
    );
    expect([clipMedia(), studio.state.shots.byId[shotId]?.mediaId]).toEqual([
      "inpainted",
      "inpainted",
    ]);

    studio.actions.history.undo();
    expect([clipMedia(), studio.state.shots.byId[shotId]?.mediaId]).toEqual(["orig", "orig"]);
    studio.actions.history.redo();
    expect(clipMedia()).toBe("inpainted");
  });

  it("refuses a clip that no longer exists", async () => {
    await setup();
    expect(studio.actions.shot.useMediaVersion({ itemId: "gone", mediaId: "x" })).toBe(false);
  });
});
