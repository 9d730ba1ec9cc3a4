/**
 * Reload keeps work (issue 5): everything a filmmaker did is there after a reload, and closing the
 * tab in the middle of autosave loses at most the last 300 ms of edits.
 */
import { expect, test } from "./fixtures";
import { StudioPage, type StudioHook } from "./pages/project";

test("create a project, import image, video and audio, place them, reload: all there", async ({
  projects,
  library,
  studio,
  media,
  page,
}) => {
  await projects.goto();
  await projects.create({ name: "Reload Journey" });

  // Two files through the picker, one dropped from the desktop.
  await library.importFiles([media.image, media.video]);
  await library.dropFiles([media.audio]);
  await library.expectItem("still.png", "image");
  await library.expectItem("clip.webm", "video");
  await library.expectItem("tone.wav", "audio");
  await expect(library.item("clip.webm").getByTestId("media-duration")).toHaveText("0:02.0");

  // A refused file says why and imports nothing.
  await library.importFiles([media.text]);
  await expect(page.getByTestId("toast").filter({ hasText: "not supported" })).toBeVisible();
  await expect(library.items()).toHaveCount(3);

  await library.dragToTrack("clip.webm", "V1");
  await library.dragToTrack("still.png", "V2", { x: 120 });
  await library.dragToTrack("tone.wav", "A1", { x: 60 });
  await expect(page.getByTestId("track-lane-V1").locator("[data-item-id]")).toHaveCount(1);
  await expect(page.getByTestId("track-lane-V2").locator("[data-item-id]")).toHaveCount(1);
  await expect(page.getByTestId("track-lane-A1").locator("[data-item-id]")).toHaveCount(1);

  await studio.rename("Reload Journey (cut 2)");
  await studio.waitSaved();
  const before = await studio.snapshot();

  await page.reload();
  await studio.waitOpen("Reload Journey (cut 2)");
  await library.expectItem("still.png", "image");
  await library.expectItem("clip.webm", "video");
  await library.expectItem("tone.wav", "audio");
  expect(await studio.snapshot()).toEqual(before);

  // The edit history does not survive a reload, but the edits do; undo is empty.
  await expect(page.getByTestId("undo")).toBeDisabled();
});

test("undo and redo from the keyboard, then reload keeps the redone state", async ({
  projects,
  studio,
  page,
}) => {
  await projects.goto();
  await projects.create({ name: "Keys" });
  await studio.rename("Keys two");
  await studio.rename("Keys three");
  await page.locator("body").click({ position: { x: 5, y: 300 } });
  await studio.undo();
  await expect(page.getByTestId("project-name")).toHaveValue("Keys two");
  await studio.undo();
  await expect(page.getByTestId("project-name")).toHaveValue("Keys");
  await studio.redo();
  await expect(page.getByTestId("project-name")).toHaveValue("Keys two");
  await studio.saveNow();
  await page.reload();
  await studio.waitOpen("Keys two");
});

test("closing the page mid-autosave loses at most the last 300 ms of edits", async ({
  projects,
  studio,
  context,
  page,
}) => {
  await projects.goto();
  await projects.create({ name: "Crash test" });
  const projectId = studio.projectId();

  // A steady stream of edits every 40 ms (seed = edit number), then the tab closes mid-stream.
  const edits = await page.evaluate(async () => {
    const hook = (window as unknown as { __studio: StudioHook }).__studio;
    const times: number[] = [];
    for (let seed = 1; seed <= 30; seed++) {
      hook.actions.project.update({ seed });
      times.push(performance.now());
      await new Promise(resolve => setTimeout(resolve, 40));
    }
    return { times, closedAt: performance.now() };
  });
  await page.close();

  const reopened = await context.newPage();
  await reopened.goto(`/#/project/${encodeURIComponent(projectId)}`);
  const again = new StudioPage(reopened);
  await again.waitOpen("Crash test");
  const seed = await reopened.evaluate(
    () => (window as unknown as { __studio: StudioHook }).__studio.readDocument()?.project.seed,
  );
  // Every edit made 300 ms or more before the close must have been saved.
  const mustHave = edits.times.filter(t => t <= edits.closedAt - 300).length;
  expect(mustHave).toBeGreaterThan(20);
  expect(seed).toBeGreaterThanOrEqual(mustHave);
});

test("deleting media that clips use warns, removes the clips, and stays deleted after reload", async ({
  projects,
  library,
  studio,
  media,
  page,
}) => {
  await projects.goto();
  await projects.create({ name: "Cleanup" });
  await library.importFiles([media.video, media.image]);
  await library.dragToTrack("clip.webm", "V1");
  await expect(page.getByTestId("timeline-clip")).toHaveCount(1);
  await library.search("still");
  await expect(library.items()).toHaveCount(1);
  await library.search("");
  await library.delete("still.png");
  await library.delete("clip.webm", { inUse: true });
  await expect(page.getByTestId("timeline-clip")).toHaveCount(0);
  await studio.waitSaved();
  await page.reload();
  await studio.waitOpen("Cleanup");
  await expect(library.items()).toHaveCount(0);
  await expect(page.getByTestId("timeline-clip")).toHaveCount(0);
});
