/**
 * Offline (issue 5): once the service worker has installed, the studio and the open project load
 * with the network off, play, and the header says Offline.
 */
import { expect, test } from "./fixtures";
import type { StudioHook } from "./pages/project";

test("offline reload opens the studio and the project, and playback runs", async ({
  projects,
  library,
  studio,
  media,
  context,
  page,
}) => {
  await projects.goto();
  // The service worker must have installed (and precached the shell and WASM) before going offline.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await projects.create({ name: "Offline cut" });
  await library.importFiles([media.video, media.audio]);
  await library.dragToTrack("clip.webm", "V1");
  await library.dragToTrack("tone.wav", "A1");
  await studio.waitSaved();
  const before = await studio.snapshot();

  await context.setOffline(true);
  await page.reload();
  await studio.waitOpen("Offline cut");
  await expect(studio.serverIndicator()).toHaveAttribute("data-state", "offline");
  await expect(studio.serverIndicator()).toHaveText(/Offline/);
  await library.expectItem("clip.webm", "video");
  expect(await studio.snapshot()).toEqual(before);

  // Space plays; the playhead moves.
  await page.locator("body").click({ position: { x: 5, y: 400 } });
  await page.keyboard.press("Space");
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          (
            window as unknown as {
              __studio: StudioHook & { state: { playback: { frame: number } } };
            }
          ).__studio.state.playback.frame,
      ),
    )
    .toBeGreaterThan(5);

  // Edits made offline are saved locally as usual.
  await studio.rename("Offline cut v2");
  await studio.waitSaved();
  await page.reload();
  await studio.waitOpen("Offline cut v2");

  await context.setOffline(false);
  await expect(studio.serverIndicator()).toHaveAttribute("data-state", "connected", {
    timeout: 20_000,
  });
});
