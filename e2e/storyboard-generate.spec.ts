/**
 * Screenplay → storyboard → story element → generated shot, on the real server with the fixture
 * models. Shot sizes, frames and steps are kept small so the CPU fixture answers in seconds.
 */
import { expect, test } from "@playwright/test";
import { ElementsPage, makeSolidPng } from "./pages/elements";
import { JobsPage, type StudioHandle } from "./pages/jobs";
import { StoryboardPage, openNewProject } from "./pages/storyboard";

const SCRIPT = `INT. LIGHTHOUSE - NIGHT

Waves crash against the rocks below the lighthouse.

MARA
The lamp is out again.

The keeper, @Mara, climbs the spiral stairs with a lantern.

EXT. CLIFF - DAWN

A wide shot of the empty cliff at dawn.

Gulls circle above the grey sea.
`;

/** Quick enough to finish in about a second, slow enough to report progress more than once. */
const QUICK = { numFrames: 25, steps: 24, width: 128, height: 96 };
/** Several seconds on the CPU fixture, so a test can act while it runs. */
const SLOW = { numFrames: 400, steps: 100, width: 256, height: 160 };

test("a pasted screenplay becomes scenes and shots on V1, @Mara is matched, a shot generates and plays", async ({
  page,
}) => {
  const storyboard = new StoryboardPage(page);
  const elements = new ElementsPage(page);
  await openNewProject(page, "Lighthouse");

  await storyboard.open();
  await storyboard.pasteScript(SCRIPT);
  const preview = await storyboard.parse();
  await expect(preview.getByTestId("parse-scene")).toHaveCount(2);
  await expect(preview.getByTestId("parse-shot")).toHaveCount(5);
  await storyboard.commit();

  await expect(storyboard.scenes()).toHaveCount(2);
  await expect(storyboard.scenes().nth(0).getByTestId("scene-heading")).toHaveText(
    "INT. LIGHTHOUSE - NIGHT",
  );
  await expect(storyboard.scenes().nth(0).getByTestId("shot-card")).toHaveCount(3);
  await expect(storyboard.scenes().nth(1).getByTestId("shot-card")).toHaveCount(2);

  // The shots are on V1, in script order.
  await page.getByTestId("view-timeline").click();
  await expect(page.locator('[data-testid="timeline-clip"][data-track="V1"]')).toHaveCount(5);
  const v1ShotOrder = await page.evaluate(() => {
    const studio = (window as unknown as { __studio: StudioHandle }).__studio;
    return studio.state.tracks.timeline.items.filter(i => i.track === "V1").map(i => i.shotId);
  });
  await storyboard.open();
  const cardOrder = await storyboard
    .cards()
    .evaluateAll(cards => cards.map(c => c.getAttribute("data-shot-id")));
  expect(v1ShotOrder).toEqual(cardOrder);

  // No badges until @Mara exists; then exactly the two shots that mention her get one.
  await expect(page.getByTestId("element-badge")).toHaveCount(0);
  await elements.open();
  await elements.create({
    name: "Mara",
    description: "a lighthouse keeper in a yellow raincoat",
    images: [makeSolidPng({ name: "mara.png", width: 64, height: 64, rgb: [230, 200, 40] })],
  });
  await expect(elements.card("Mara").locator("img")).toHaveCount(1);
  await expect(elements.card("Mara").getByTestId("element-card-trigger")).toHaveText("@Mara");
  await storyboard.open();
  await expect(storyboard.badges(storyboard.card("Close up on MARA"))).toHaveText(["👤 Mara"]);
  await expect(storyboard.badges(storyboard.card("climbs the spiral stairs"))).toHaveText([
    "👤 Mara",
  ]);
  await expect(storyboard.badges(storyboard.card("Waves crash"))).toHaveCount(0);
  await expect(storyboard.badges(storyboard.card("Gulls circle"))).toHaveCount(0);

  // Generate the shot where Mara climbs: the bar moves, then the clip is there and plays.
  const card = storyboard.card("climbs the spiral stairs");
  const shotId = await storyboard.shotIdOf(card);
  await storyboard.setSettings(card, QUICK);
  await page.evaluate(() => {
    // Record every value the bar shows, however briefly.
    const seen: number[] = [];
    (window as unknown as { __progressSeen: number[] }).__progressSeen = seen;
    new MutationObserver(records => {
      for (const r of records) {
        const value = (r.target as Element).getAttribute("aria-valuenow");
        if (value !== null) seen.push(Number(value));
      }
    }).observe(document.body, {
      subtree: true,
      attributes: true,
      attributeFilter: ["aria-valuenow"],
      childList: true,
    });
  });
  await storyboard.generate(card);
  await expect(storyboard.status(card)).toHaveText("Ready", { timeout: 30_000 });
  const seen = await page.evaluate(
    () => (window as unknown as { __progressSeen: number[] }).__progressSeen,
  );
  expect(seen.some(v => v > 0 && v < 100)).toBe(true);
  expect(seen.filter(v => v > 0)).toEqual([...seen.filter(v => v > 0)].sort((a, b) => a - b));

  // The prompt the server got has Mara's description injected.
  const jobs = new JobsPage(page);
  const jobId = await jobs.jobIdOf(shotId);
  const job = (await (await page.request.get(`/api/jobs/${jobId}`)).json()) as {
    job: {
      params: {
        prompt: string;
        numFrames: number;
        conditioning?: { uploadId: string; frame: number; strength: number }[];
      };
    };
  };
  expect(job.job.params.prompt).toContain("Mara (a lighthouse keeper in a yellow raincoat)");
  expect(job.job.params.numFrames).toBe(QUICK.numFrames);
  // Her reference image travelled with the job as conditioning.
  expect(job.job.params.conditioning).toEqual([
    { uploadId: expect.any(String) as unknown, frame: 0, strength: 0.5 },
  ]);

  // The generated clip plays in the card and the V1 clip points at the same media.
  const video = card.getByTestId("shot-video");
  await expect(video).toBeVisible();
  await video.evaluate(async (el: HTMLVideoElement) => {
    el.muted = true;
    await el.play();
  });
  await expect
    .poll(() => video.evaluate((el: HTMLVideoElement) => el.currentTime), { timeout: 10_000 })
    .toBeGreaterThan(0);
  expect(await video.evaluate((el: HTMLVideoElement) => el.videoWidth)).toBe(QUICK.width);
  const linked = await page.evaluate(id => {
    const studio = (window as unknown as { __studio: StudioHandle }).__studio;
    const clip = studio.state.tracks.timeline.items.find(i => i.track === "V1" && i.shotId === id);
    return { clip: clip?.mediaId ?? null, shot: studio.state.shots.byId[id]?.mediaId ?? null };
  }, shotId);
  expect(linked.shot).not.toBeNull();
  expect(linked.clip).toBe(linked.shot);
});

test("a shot cancelled mid-way shows cancelled, and the queue panel agrees", async ({ page }) => {
  const storyboard = new StoryboardPage(page);
  const jobs = new JobsPage(page);
  await openNewProject(page, "Cancel test");
  await storyboard.open();
  await storyboard.addScript(SCRIPT);

  const card = storyboard.card("Gulls circle");
  const shotId = await storyboard.shotIdOf(card);
  await storyboard.setSettings(card, SLOW);
  await storyboard.generate(card);
  const reached = await storyboard.waitForProgress(card, { min: 1 });
  expect(reached).toBeLessThan(100);
  await storyboard.cancel(card);

  await expect(storyboard.status(card)).toHaveText("Cancelled");
  await expect(card.getByTestId("shot-error")).toHaveText("Generation cancelled.");
  await expect(card.getByTestId("shot-retry")).toBeVisible();

  await jobs.open();
  const row = jobs.rowForShot(shotId);
  await expect(row.getByTestId("job-status")).toHaveText("Cancelled");
  await expect(row.getByTestId("job-shot")).toHaveText("Gulls circle above the grey sea.");
  await expect(row.getByTestId("job-retry")).toBeVisible();
  const jobId = await jobs.jobIdOf(shotId);
  const server = (await (await page.request.get(`/api/jobs/${jobId}`)).json()) as {
    job: { status: string };
  };
  expect(server.job.status).toBe("cancelled");
});

test("Generate thumbnails gives every shot of a scene a storyboard picture", async ({ page }) => {
  const storyboard = new StoryboardPage(page);
  const jobs = new JobsPage(page);
  await openNewProject(page, "Thumbnails");
  await storyboard.open();
  await storyboard.addScript(SCRIPT);

  const cliff = storyboard.scenes().nth(1);
  await expect(cliff.getByTestId("shot-thumbnail")).toHaveCount(0);
  await cliff.getByTestId("scene-thumbnails").click();
  await expect(cliff.getByTestId("shot-thumbnail")).toHaveCount(2, { timeout: 30_000 });
  for (const img of await cliff.getByTestId("shot-thumbnail").all()) {
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(512);
  }
  await expect(storyboard.scenes().nth(0).getByTestId("shot-thumbnail")).toHaveCount(0);
  const shotIds = await cliff
    .getByTestId("shot-card")
    .evaluateAll(cards => cards.map(c => c.getAttribute("data-shot-id") ?? ""));
  await jobs.open();
  for (const shotId of shotIds) {
    await expect(jobs.rowForShot(shotId).getByTestId("job-status")).toHaveText("Done");
  }
});
