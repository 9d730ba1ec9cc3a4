/**
 * Playback (issue 5): the rAF clock moves the playhead and stops at the end; the <video> element
 * follows the clock; transport keys work and are ignored while typing; a video clip's own sound
 * plays through the Web Audio graph, in step with its picture.
 */
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/** What the e2e-only `window.__audioGraph` reports per scheduled source (playback/audio-graph). */
type VoiceInfo = {
  itemId: string;
  mediaId: string;
  track: string;
  offsetSeconds: number;
  startsInSeconds: number;
  gain: number;
};

/** The parts of `window.__studio` and `window.__audioGraph` the sound test reads. */
type SoundHooks = {
  __studio: {
    state: { playback: { frame: number } };
    actions: {
      track: {
        trim(args: { itemId: string; edge: "in" | "out"; deltaFrames: number }): boolean;
      };
      playback: { setFrame(frame: number): void };
    };
  };
  __audioGraph?: { voices(): VoiceInfo[] };
};

/** The graph's voice for `itemId` and the playhead, read in the same instant. */
function readVoice(page: Page, itemId: string) {
  return page.evaluate(id => {
    const w = window as unknown as SoundHooks;
    const voice = w.__audioGraph?.voices().find(v => v.itemId === id) ?? null;
    return { voice, frame: w.__studio.state.playback.frame };
  }, itemId);
}

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

test("a V1 clip's own sound plays from its trimmed head where the ripple puts it; mute silences it", async ({
  projects,
  library,
  timeline,
  player,
  media,
  page,
}) => {
  await projects.goto();
  await projects.create({ name: "Camera sound" });
  // clip.webm carries a 330 Hz Opus tone; the still has no sound.
  await library.importFiles([media.image, media.video]);
  await library.dragToTrack("still.png", "V1");
  await library.dragToTrack("clip.webm", "V1", { x: 200 });
  const [still, camera] = await timeline.clipViews("V1");
  if (!still || !camera) throw new Error("both clips should be on V1");
  // The still (49 frames) first, the 2 s camera clip after it.
  expect([still.durationFrames, camera.durationFrames]).toEqual([49, 50]);
  // Cut the still to 1 s (V1 ripples the camera clip to frame 25) and 12 frames off the camera
  // clip's head: its sound must start at 1 s from 0.48 s into the file.
  const trimmed = await page.evaluate(
    ({ stillId, cameraId, cut }) => {
      const { actions } = (window as unknown as SoundHooks).__studio;
      return (
        actions.track.trim({ itemId: stillId, edge: "out", deltaFrames: -cut }) &&
        actions.track.trim({ itemId: cameraId, edge: "in", deltaFrames: 12 })
      );
    },
    { stillId: still.id, cameraId: camera.id, cut: still.durationFrames - 25 },
  );
  expect(trimmed).toBe(true);
  await expect
    .poll(async () => (await timeline.clipViews("V1")).map(c => c.startFrame))
    .toEqual([0, 25]);

  await player.togglePlay();
  // Within the lookahead before the cut, or once it plays, the voice is where the clock says.
  await expect
    .poll(async () => (await readVoice(page, camera.id)).voice?.track ?? null, { timeout: 5_000 })
    .toBe("V1");
  const { voice, frame } = await readVoice(page, camera.id);
  expect(voice).not.toBeNull();
  // Source seconds the voice is at now (before its start: below its offset) vs the picture's.
  const sourceNow = (voice?.offsetSeconds ?? 0) - (voice?.startsInSeconds ?? 0);
  const expected = (12 + frame - 25) / 25;
  expect(Math.abs(sourceNow - expected)).toBeLessThan(0.3);
  expect(voice?.gain).toBe(1);
  // No voice for the still: an image has no sound.
  expect((await readVoice(page, still.id)).voice).toBeNull();

  // Muted, the clip still plays in the picture but its voice is silent.
  await expect(player.playButton()).toHaveAttribute("aria-label", "Play", { timeout: 5_000 });
  await timeline.toggleTrack("V1", "muted");
  await page.evaluate(() =>
    (window as unknown as SoundHooks).__studio.actions.playback.setFrame(30),
  );
  await player.togglePlay();
  await expect
    .poll(async () => (await readVoice(page, camera.id)).voice?.gain ?? null, { timeout: 5_000 })
    .toBe(0);
});
