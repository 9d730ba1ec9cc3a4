/**
 * Playback (issue 5): the rAF clock moves the playhead and stops at the end; the <video> element
 * follows the clock; transport keys work and are ignored while typing.
 */
import { expect, test } from "./fixtures";

test("play: the playhead advances, the video follows, playback stops at the end", async ({
  projects,
  library,
  timeline,
  player,
  media,
  page,
}) => {
  await projects.goto();
  await projects.create({ name: "Screening" });
  await library.importFiles([media.video, media.audio]);
  await library.dragToTrack("clip.webm", "V1");
  // The tone starts at frame 0 (0.2 px at 0.8 px per frame), under the video.
  await library.dragToTrack("tone.wav", "A1", { x: 0.2 });
  const end = Math.max(...(await timeline.clipViews()).map(c => c.startFrame + c.durationFrames));
  await expect(player.video()).toHaveCount(1);
  // The page has had user gestures (clicks), so sound is allowed.
  await expect(page.getByTestId("player-muted")).toHaveCount(0);

  await player.togglePlay();
  await expect.poll(() => timeline.playheadFrame()).toBeGreaterThan(10);
  expect(await player.isPlaying()).toBe(true);
  // The video plays along, within the 250 ms drift the sync allows (+ one check of slack).
  const [frame, videoTime] = [await timeline.playheadFrame(), await player.videoTime()];
  expect(videoTime).toBeGreaterThan(0.2);
  expect(Math.abs(videoTime - frame / 25)).toBeLessThan(0.6);

  await expect.poll(() => player.videoTime()).toBeGreaterThan(1.4);

  // The 2 s timeline ends at frame 50: playback stops there by itself, the video with it.
  expect(end).toBe(50);
  await expect(player.playButton()).toHaveAttribute("aria-label", "Play", { timeout: 5_000 });
  expect(await timeline.playheadFrame()).toBe(50);
  await expect(page.getByTestId("timecode")).toHaveText("00:00:02:00");
  await expect.poll(() => player.videoPaused()).toBe(true);
  expect(await player.videoTime()).toBeGreaterThan(1.6);
});

test("transport keys: Home, arrows, Space, J/K/L; ignored while typing", async ({
  projects,
  library,
  timeline,
  player,
  inspector,
  media,
  page,
}) => {
  await projects.goto();
  await projects.create({ name: "Keys" });
  await library.importFiles([media.video]);
  await library.dragToTrack("clip.webm", "V1");
  await page.getByTestId("timeline-ruler").click({ position: { x: 2, y: 5 } });

  await page.keyboard.press("End");
  expect(await timeline.playheadFrame()).toBe(50);
  await page.keyboard.press("Home");
  expect(await timeline.playheadFrame()).toBe(0);
  await page.keyboard.press("Shift+ArrowRight");
  await page.keyboard.press("ArrowRight");
  expect(await timeline.playheadFrame()).toBe(11);
  await page.keyboard.press("ArrowLeft");
  expect(await timeline.playheadFrame()).toBe(10);
  // Paused, the video shows exactly the playhead's frame.
  await expect.poll(() => player.videoTime()).toBeCloseTo(10 / 25, 1);

  await page.keyboard.press("l");
  await page.keyboard.press("l");
  await expect(page.getByTestId("player-rate")).toHaveText("2×");
  await page.keyboard.press("k");
  expect(await player.isPlaying()).toBe(false);

  await page.keyboard.press("Home");
  await page.keyboard.press("Space");
  await expect.poll(() => timeline.playheadFrame()).toBeGreaterThan(3);
  await page.keyboard.press("Space");
  expect(await player.isPlaying()).toBe(false);

  // Typing a space in a field does not start playback.
  await timeline.select((await timeline.clipViews("V1"))[0]!.id);
  const before = await timeline.playheadFrame();
  await inspector.field("label").fill("Opening shot");
  await inspector.field("label").press("Space");
  await page.waitForTimeout(300);
  expect(await player.isPlaying()).toBe(false);
  expect(await timeline.playheadFrame()).toBe(before);
});
