/**
 * Project file (issue 5): export a project to one file and import it into a fresh browser profile;
 * the project is identical. A file that is not a project is refused with words, not a stack.
 */
import { expect, test } from "./fixtures";
import { ProjectsPage, StudioPage } from "./pages/project";
import { LibraryPage } from "./pages/library";
import { listZip } from "./media";

function withoutDates(json: Buffer | undefined): unknown {
  const manifest = JSON.parse(json?.toString("utf8") ?? "null") as {
    exportedAt?: string;
    project: { lastOpenedAt?: string; updatedAt?: string };
  };
  delete manifest.exportedAt;
  delete manifest.project.lastOpenedAt;
  delete manifest.project.updatedAt;
  return manifest;
}

test("export a project file and import it into a fresh profile: identical", async ({
  projects,
  library,
  studio,
  media,
  freshContext,
}, testInfo) => {
  await projects.goto();
  await projects.create({ name: "Travelling Cut" });
  await library.importFiles([media.image, media.video, media.audio]);
  await library.dragToTrack("clip.webm", "V1");
  await library.dragToTrack("still.png", "V2", { x: 90 });
  await library.dragToTrack("tone.wav", "A1");
  await studio.waitSaved();
  const original = await studio.snapshot();

  const download = await studio.exportProject();
  expect(download.suggestedFilename()).toBe("Travelling-Cut.milimo");
  const file = testInfo.outputPath("Travelling-Cut.milimo");
  await download.saveAs(file);

  const { page } = await freshContext();
  const otherProjects = new ProjectsPage(page);
  await otherProjects.goto();
  await expect(otherProjects.rows()).toHaveCount(0);
  await otherProjects.importFile(file);
  const imported = new StudioPage(page);
  await imported.waitOpen("Travelling Cut");
  expect(await imported.snapshot()).toEqual(original);
  const otherLibrary = new LibraryPage(page);
  await otherLibrary.expectItem("still.png", "image");
  await otherLibrary.expectItem("clip.webm", "video");
  await otherLibrary.expectItem("tone.wav", "audio");

  // Exporting the imported project gives the same file: same entries, same bytes, same JSON
  // apart from the dates that record when it was exported and opened.
  const again = await imported.exportProject();
  const againPath = testInfo.outputPath("again.milimo");
  await again.saveAs(againPath);
  const first = listZip(file);
  const second = listZip(againPath);
  expect([...second.keys()]).toEqual([...first.keys()]);
  for (const [name, bytes] of first) {
    if (name === "project.json")
      expect(withoutDates(second.get(name))).toEqual(withoutDates(bytes));
    else expect(second.get(name)?.equals(bytes)).toBe(true);
  }
});

test("importing a file that is not a project says so and imports nothing", async ({
  projects,
  media,
  page,
}) => {
  await projects.goto();
  await projects.importFile(media.text);
  const toast = page
    .getByTestId("toast")
    .filter({ hasText: "This project file can't be imported" });
  await expect(toast).toBeVisible();
  await expect(toast).toHaveAttribute("data-code", "PROJECT_FILE_INVALID");
  await expect(projects.rows()).toHaveCount(0);
});

test("project manager: rename, duplicate, delete with confirmation, sorted by last opened", async ({
  projects,
  studio,
}) => {
  await projects.goto();
  await projects.create({ name: "First" });
  await studio.backToProjects();
  await projects.create({ name: "Second" });
  await studio.backToProjects();
  await expect.poll(() => projects.names()).toEqual(["Second", "First"]);

  await projects.open("First");
  await studio.backToProjects();
  await expect.poll(() => projects.names()).toEqual(["First", "Second"]);

  await projects.rename("Second", "Second (renamed)");
  await projects.duplicate("First");
  await expect(projects.rows()).toHaveCount(3);
  await projects.delete("First copy");
  await expect(projects.rows()).toHaveCount(2);
  await projects.page.reload();
  // The list comes from a live query that fills in after the reload: wait for it, not a snapshot.
  await expect
    .poll(async () => (await projects.names()).sort())
    .toEqual(["First", "Second (renamed)"]);
});
