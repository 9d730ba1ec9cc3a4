/**
 * Jobs survive the page and the network: a reload re-attaches to a running generation, and a
 * dropped event stream reconnects with the last event id so the studio applies every event the
 * server logged for the job.
 */
import { expect, test } from "@playwright/test";
import { ConnectionCutter, JobsPage } from "./pages/jobs";
import { StoryboardPage, openNewProject } from "./pages/storyboard";

const SCRIPT = `EXT. HARBOUR - DAY

Fishing boats rock in the swell.

A gull lands on a mooring post.

Nets are hauled onto the pier.
`;

/** Several seconds on the CPU fixture, so a test can reload or cut the network while it runs. */
const SLOW = { numFrames: 400, steps: 100, width: 256, height: 160 };

test("after a reload mid-generation the shot's progress resumes and completes", async ({
  page,
}) => {
  const storyboard = new StoryboardPage(page);
  const jobs = new JobsPage(page);
  await openNewProject(page, "Reload test");
  await storyboard.open();
  await storyboard.addScript(SCRIPT);

  const card = storyboard.card("Nets are hauled");
  const shotId = await storyboard.shotIdOf(card);
  await storyboard.setSettings(card, SLOW);
  await storyboard.generate(card);
  const before = await storyboard.waitForProgress(card, { min: 5 });
  expect(before).toBeLessThan(100);
  const jobId = await jobs.jobIdOf(shotId);
  // Let autosave write the shot's job link before the page goes away.
  await page.keyboard.press("Control+s");

  await page.reload();
  await storyboard.open();
  const again = storyboard.card("Nets are hauled");
  // Hydration brings back where the job is, not 0 %.
  await expect(storyboard.status(again)).toHaveText("Generating", { timeout: 10_000 });
  const resumedAt = await storyboard.waitForProgress(again, { min: before });
  expect(resumedAt).toBeLessThan(100);
  // And it keeps moving: live events arrive on the new page's stream.
  await storyboard.waitForProgress(again, { min: resumedAt + 1 });
  await expect(storyboard.status(again)).toHaveText("Ready", { timeout: 45_000 });
  expect(await jobs.jobIdOf(shotId)).toBe(jobId);
  await expect(again.getByTestId("shot-video")).toBeVisible();
  // The reloaded queue panel still knows the job and its shot.
  await jobs.open();
  await expect(jobs.rowForShot(shotId).getByTestId("job-status")).toHaveText("Done");
  await expect(jobs.rowForShot(shotId).getByTestId("job-shot")).toHaveText(
    "Nets are hauled onto the pier.",
  );
});

test("when the connection drops mid-job the stream reconnects and no event is lost", async ({
  page,
  baseURL,
}) => {
  const target = new URL(baseURL ?? "http://127.0.0.1:8797");
  const cutter = new ConnectionCutter({ host: target.hostname, port: Number(target.port) });
  await cutter.start();
  try {
    const storyboard = new StoryboardPage(page);
    const jobs = new JobsPage(page);
    await openNewProject(page, "Network test", { origin: cutter.url });
    await storyboard.open();
    await storyboard.addScript(SCRIPT);

    const resumes: number[] = [];
    page.on("request", request => {
      const url = new URL(request.url());
      if (url.pathname === "/api/events" && url.searchParams.has("lastEventId")) {
        resumes.push(Number(url.searchParams.get("lastEventId")));
      }
    });

    const card = storyboard.card("A gull lands");
    const other = storyboard.card("Fishing boats");
    const shotId = await storyboard.shotIdOf(card);
    await storyboard.setSettings(card, SLOW);
    await storyboard.generate(card);
    await storyboard.waitForProgress(card, { min: 3 });
    const jobId = await jobs.jobIdOf(shotId);

    // Kill every connection and keep the server away for a few seconds while the job runs.
    cutter.cut();
    const stream = page.getByTestId("job-stream-status");
    await expect(stream).toHaveAttribute("data-status", "unreachable", { timeout: 10_000 });
    await expect(stream).toContainText("can't be reached");
    const appliedBeforeDrop = (await jobs.appliedEventIds(jobId)).length;
    // Editing keeps working without the server.
    const action = other.getByTestId("shot-action");
    await action.fill("Fishing boats rock in the swell at sunrise.");
    await expect(action).toHaveValue("Fishing boats rock in the swell at sunrise.");
    await page.waitForTimeout(1_500);
    cutter.restore();
    await expect(stream).toHaveAttribute("data-status", "open", { timeout: 20_000 });

    await expect(storyboard.status(card)).toHaveText("Ready", { timeout: 60_000 });
    expect(resumes.length).toBeGreaterThan(0);
    expect(resumes.every(id => id > 0)).toBe(true);

    const applied = await jobs.appliedEventIds(jobId);
    const logged = await jobs.serverEventIds(jobId);
    // Events were sent while the studio was cut off, and it still applied each of them once.
    expect(appliedBeforeDrop).toBeLessThan(logged.length);
    const firstSeen = Math.min(...applied);
    expect(applied).toEqual(logged.filter(id => id >= firstSeen));
    expect(applied[0]).toBe(logged[0]);
  } finally {
    await cutter.stop();
  }
});
