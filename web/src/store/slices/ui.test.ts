import { afterEach, describe, expect, it } from "vitest";
import { makeTestStudio, type TestStudio } from "../test-studio-store";

let studio: TestStudio | undefined;
afterEach(() => studio?.dispose());

describe("storyboard shot selection in the ui slice", () => {
  it("starts empty, selects a shot, moves to another and clears", () => {
    studio = makeTestStudio();
    expect(studio.state.ui.selectedShotId).toBe(null);
    studio.actions.ui.selectShot("s1");
    expect(studio.state.ui.selectedShotId).toBe("s1");
    studio.actions.ui.selectShot("s2");
    expect(studio.state.ui.selectedShotId).toBe("s2");
    studio.actions.ui.selectShot(null);
    expect(studio.state.ui.selectedShotId).toBe(null);
  });

  it("survives switching views and is never part of undo", () => {
    studio = makeTestStudio();
    studio.actions.ui.setView("storyboard");
    studio.actions.ui.selectShot("s1");
    studio.actions.ui.setView("timeline");
    studio.actions.ui.setView("storyboard");
    expect(studio.state.ui.selectedShotId).toBe("s1");
    expect(studio.actions.history.canUndo()).toBe(false);
  });
});
