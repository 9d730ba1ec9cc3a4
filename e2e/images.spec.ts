/**
 * Image generation on the real server with the fixture models (FEATURES §3, §4, §9): the Images
 * view with an @trigger and reference images, an element's "Generate image", and "Add to shot"
 * from the media library. The fixture makes a 1024² image in about a second on the CPU, so the
 * default size is kept; the reference-image run uses a smaller, non-square size.
 */
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { makeSolidPng } from "./pages/elements";
import { openNewProject } from "./pages/storyboard";

interface ImagesHook {
  state: {
    server: { jobs: { byId: Record<string, { kind: string; params: Record<string, unknown> }> } };
    elements: { byId: Record<string, { name: string; referenceMediaIds: string[] }> };
    project: { media: { byId: Record<string, { name: string; source: string; kind: string }> } };
    shots: {
      byId: Record<
        string,
        { conditioning: { mediaId: string; frame: number; strength: number }[] }
      >;
    };
    tracks: { timeline: { items: { id: string; track: string; shotId: string | null }[] } };
  };
}

/** The server's records of the jobs the studio follows, as the server stored them. */
async function serverJobs(
  page: Page,
): Promise<{ kind: string; status: string; params: Record<string, unknown> }[]> {
  return page.evaluate(async () => {
    const studio = (window as unknown as { __studio: ImagesHook }).__studio;
    const ids = Object.keys(studio.state.server.jobs.byId);
    return Promise.all(
      ids.map(async id => {
        const response = await fetch(`/api/jobs/${id}`);
        const { job } = (await response.json()) as {
          job: { kind: string; status: string; params: Record<string, unknown> };
        };
        return job;
      }),
    );
  });
}

const MARA = { name: "Mara", description: "a lighthouse keeper in a yellow raincoat" };

test("an @trigger prompt generates a 1024² image into the library and the results grid", async ({
  page,
  elements,
  images,
  library,
}) => {
  await openNewProject(page, "Stills");
  await elements.open();
  await elements.create(MARA);

  await images.open();
  await expect(images.root().getByTestId("image-width")).toHaveValue("1024");
  await expect(images.root().getByTestId("image-height")).toHaveValue("1024");
  await expect(images.root().getByTestId("image-steps")).toHaveValue("25");
  await expect(images.root().getByTestId("image-guidance")).toHaveValue("2");

  // Autocomplete: "@Ma" offers @Mara; picking it completes the word.
  await images.type("A portrait of @Ma");
  await expect(images.suggestions()).toHaveText(["@Mara Mara"]);
  await images.suggestions().first().click();
  await expect(images.prompt()).toHaveValue("A portrait of @Mara ");
  await images.type("at dawn");

  await images.generate();
  await expect(images.progress()).toBeVisible();
  await expect(images.progress()).toBeHidden({ timeout: 30_000 });
  await expect(images.root().getByTestId("image-error")).toHaveCount(0);

  await expect(images.results()).toHaveCount(1);
  expect(await images.decodedSize(images.results().first())).toEqual({ width: 1024, height: 1024 });
  await expect(library.item("Image · A portrait of @Mara at dawn.png")).toHaveAttribute(
    "data-kind",
    "image",
  );

  // The job went out with the element injected, as shots do (the server's record of it).
  const sent = await serverJobs(page);
  expect(sent.map(j => [j.kind, j.params.prompt, j.params.width, j.params.steps])).toEqual([
    [
      "generate-image",
      "A portrait of Mara (a lighthouse keeper in a yellow raincoat) at dawn",
      1024,
      25,
    ],
  ]);
});

test("reference images go with the job as conditioning and the asked size comes back", async ({
  page,
  images,
}) => {
  await openNewProject(page, "Refs");
  await page
    .getByTestId("import-media-input")
    .setInputFiles([makeSolidPng({ name: "sky.png", width: 64, height: 48, rgb: [40, 90, 220] })]);
  await expect(page.getByTestId("media-item")).toHaveCount(1);

  await images.open();
  await images.type("a calm sea");
  await images.setSize(1000, 192);
  await images.generate();
  await expect(images.root().getByTestId("image-field-error")).toHaveText(
    "Width must be a multiple of 32",
  );
  await images.setSize(256, 192);
  await images.root().getByTestId("image-ref-option").first().click();
  await expect(images.root().getByTestId("image-ref-option").first()).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await images.generate();
  await expect(images.results()).toHaveCount(1, { timeout: 30_000 });
  expect(await images.decodedSize(images.results().first())).toEqual({ width: 256, height: 192 });

  // A still job conditioned at frame 0, not a one-frame video.
  const jobs = (await serverJobs(page)).map(j => ({
    kind: j.kind,
    numFrames: j.params.numFrames,
    conditioning: j.params.conditioning,
  }));
  expect(jobs).toEqual([
    {
      kind: "generate-image",
      numFrames: undefined,
      conditioning: [{ uploadId: expect.any(String) as unknown, frame: 0, strength: 0.8 }],
    },
  ]);
});

test("an element's Generate image adds a 1024² reference image to it", async ({
  page,
  elements,
  library,
}) => {
  await openNewProject(page, "Sheets");
  await elements.open();
  await elements.create(MARA);
  const card = elements.card("Mara");
  await expect(card.locator("img")).toHaveCount(0);

  await card.getByTestId("element-generate-image").click();
  await expect(card.getByTestId("element-image-progress")).toBeVisible();
  await expect(card.locator("img.el-ref-thumb")).toHaveCount(1, { timeout: 30_000 });
  await expect(card.getByTestId("element-image-error")).toHaveCount(0);

  const size = await card.locator("img.el-ref-thumb").evaluate(async (el: HTMLImageElement) => {
    await el.decode();
    return [el.naturalWidth, el.naturalHeight];
  });
  expect(size).toEqual([1024, 1024]);
  await expect(library.item("Mara · reference.png")).toHaveCount(1);
  const refs = await page.evaluate(() => {
    const studio = (window as unknown as { __studio: ImagesHook }).__studio;
    const mara = Object.values(studio.state.elements.byId).find(e => e.name === "Mara");
    return (mara?.referenceMediaIds ?? []).map(id => studio.state.project.media.byId[id]?.source);
  });
  expect(refs).toEqual(["generated"]);
});

test("Add to shot puts the library image on the selected clip's shot (or the storyboard's ticked shot) at frame 0, strength 0.8", async ({
  page,
  storyboard,
  timeline,
}) => {
  await openNewProject(page, "Conditioning");
  await page
    .getByTestId("import-media-input")
    .setInputFiles([makeSolidPng({ name: "key.png", width: 64, height: 64, rgb: [200, 60, 40] })]);
  const card = page.getByTestId("media-item").filter({ hasText: "key.png" });
  await expect(card).toHaveCount(1);
  const addButton = card.getByTestId("media-add-to-shot");
  await expect(addButton).toBeDisabled();
  await expect(addButton).toHaveAttribute("title", /Select a shot/);

  await storyboard.open();
  await storyboard.addScript("INT. HALL - NIGHT\n\nA lamp flickers.\n\nA door opens.\n");
  await page.getByTestId("view-timeline").click();
  const [itemId, shotId] = await page.evaluate(() => {
    const studio = (window as unknown as { __studio: ImagesHook }).__studio;
    const second = studio.state.tracks.timeline.items.filter(i => i.track === "V1")[1];
    return [second?.id ?? "", second?.shotId ?? ""];
  });
  await timeline.select(itemId);
  await expect(addButton).toBeEnabled();
  await addButton.click();

  const conditioning = await page.evaluate(id => {
    const studio = (window as unknown as { __studio: ImagesHook }).__studio;
    const media = Object.entries(studio.state.project.media.byId).find(
      ([, m]) => m.name === "key.png",
    );
    return { items: studio.state.shots.byId[id]?.conditioning, mediaId: media?.[0] };
  }, shotId);
  expect(conditioning.items).toEqual([{ mediaId: conditioning.mediaId, frame: 0, strength: 0.8 }]);

  // In the Storyboard view the ticked shot is the target, not the timeline's selected clip.
  await storyboard.open();
  await expect(addButton).toBeDisabled();
  await expect(addButton).toHaveAttribute("title", "Select a shot on the storyboard first");
  const lamp = storyboard.card("A lamp flickers");
  await lamp.getByTestId("shot-select").check();
  await expect(addButton).toBeEnabled();
  await addButton.click();
  const lampShot = await storyboard.shotIdOf(lamp);
  const onLamp = await page.evaluate(id => {
    const studio = (window as unknown as { __studio: ImagesHook }).__studio;
    return studio.state.shots.byId[id]?.conditioning.length;
  }, lampShot);
  expect(onLamp).toBe(1);
});

test("Cancel stops a running generation and nothing lands in the library", async ({
  page,
  images,
}) => {
  await openNewProject(page, "Cancel");
  await images.open();
  await images.type("a long exposure of the sea");
  // 200 steps at 1024² keep the CPU fixture busy for several seconds.
  await images.root().getByTestId("image-steps").fill("200");
  await images.generate();
  await expect(images.root().getByTestId("image-progress-message")).toContainText(/step/i, {
    timeout: 20_000,
  });
  await images.root().getByTestId("image-cancel").click();
  await expect(images.progress()).toBeHidden({ timeout: 20_000 });
  await expect(images.root().getByTestId("image-cancelled")).toContainText("Cancelled.");
  await expect(images.results()).toHaveCount(0);
  await expect(page.getByTestId("media-item")).toHaveCount(0);
  expect((await serverJobs(page)).map(j => j.status)).toEqual(["cancelled"]);
});
