/**
 * Click-to-segment (issue 7), against the real GPU server and the fixture SAM models: a clip of an
 * orange square moving over a blue-grey background; click the square in masking mode, the mask
 * covers it and not the background; offline, the same frame still segments (cached embedding),
 * also after a reload (embedding from IndexedDB, decoder model from Cache Storage);
 * inpaint keeps every pixel outside the mask; tracking returns a mask for every frame.
 */
import { execFileSync } from "node:child_process";
import type { APIRequestContext } from "@playwright/test";
import { makeSquareClip } from "./media";
import { expect, test } from "./fixtures";

const WIDTH = 320;
const HEIGHT = 240;
const FRAMES = 25;
/** The square: 64 px, at (30 + 6·frame, 70). */
const SQUARE = { x: 30, y: 70, side: 64, stepPx: 6 };

function ffmpeg(args: string[], input?: Buffer): Buffer {
  return execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", ...args], {
    input,
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Frame 0 of a file, or a PNG, as RGB bytes (the server decodes with the same ffmpeg). */
function decodeRgb(args: { path?: string; bytes?: Buffer }): Buffer {
  const source = args.path ?? "pipe:0";
  // prettier-ignore
  return ffmpeg(["-i", source, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"], args.bytes);
}

interface ListedJob {
  id: string;
  kind: string;
  status: string;
}

/** Ids of every job the server lists (other specs share the server). */
async function listJobIds(request: APIRequestContext): Promise<Set<string>> {
  const { jobs } = (await (await request.get("/api/jobs")).json()) as { jobs: ListedJob[] };
  return new Set(jobs.map(job => job.id));
}

/** Waits for a job of `kind` not in `before` to finish and returns it. */
async function waitForJob(
  request: APIRequestContext,
  { kind, before }: { kind: string; before: ReadonlySet<string> },
): Promise<ListedJob> {
  let found: ListedJob | undefined;
  await expect
    .poll(
      async () => {
        const response = await request.get("/api/jobs");
        const { jobs } = (await response.json()) as { jobs: ListedJob[] };
        found = jobs.find(job => job.kind === kind && !before.has(job.id));
        return found?.status;
      },
      { timeout: 60_000, intervals: [500] },
    )
    .toMatch(/completed|failed|cancelled/);
  return found!;
}

test("segment, work offline, inpaint and track a moving object", async ({
  projects,
  library,
  masking,
  page,
  context,
}) => {
  test.setTimeout(90_000);
  const clip = makeSquareClip({ width: WIDTH, height: HEIGHT, square: SQUARE, seconds: 1 });
  const image = { width: WIDTH, height: HEIGHT };
  const onSquare = { x: SQUARE.x + SQUARE.side / 2, y: SQUARE.y + SQUARE.side / 2 };
  const background = [
    { x: 250, y: 200 },
    { x: 5, y: 5 },
    { x: 200, y: 30 },
  ];

  await projects.goto();
  await projects.create({ name: "Masks" });
  await library.importFiles([clip]);
  await library.dragToTrack("square.webm", "V1");
  const video = page.getByTestId("player-video-V1");
  await expect(video).toHaveCount(1);
  await expect
    .poll(() => video.evaluate(v => (v as HTMLVideoElement).readyState))
    .toBeGreaterThanOrEqual(2);

  // Click the square: the overlay covers it and not the background.
  await masking.enter();
  await masking.clickImagePixel(onSquare, image);
  await masking.waitForMask();
  await expect(masking.status()).toContainText(
    /Segmentation runs on (GPU \(WebGPU\)|CPU \(WASM\))/,
  );
  const online = await masking.sampleMask([onSquare, ...background]);
  expect(online.width).toBe(WIDTH);
  expect(online.alphas[0]).toBeGreaterThan(0);
  expect(online.alphas.slice(1)).toEqual([0, 0, 0]);

  // Save: the mask lands in the library as a strictly binary PNG at the picture's size.
  await page.getByTestId("masking-save").click();
  await expect(library.item("square · mask f0.png")).toHaveAttribute("data-kind", "image");
  const saved = await masking.readSavedMask("mask f0");
  expect(saved).toMatchObject({ type: "image/png", width: WIDTH, height: HEIGHT, grey: 0 });
  const on = saved!.on.reduce((sum, v) => sum + v, 0);
  expect(on).toBeGreaterThan(SQUARE.side * SQUARE.side * 0.5);
  expect(on).toBeLessThan(SQUARE.side * SQUARE.side * 1.5);

  // Offline: the frame's embedding is cached, so the same frame segments again.
  await context.setOffline(true);
  await masking.clear();
  await masking.clickImagePixel(onSquare, image);
  await masking.waitForMask();
  const offline = await masking.sampleMask([onSquare, ...background]);
  expect(offline.alphas[0]).toBeGreaterThan(0);
  expect(offline.alphas.slice(1)).toEqual([0, 0, 0]);
  await context.setOffline(false);

  // Inpaint: every pixel outside the mask is kept.
  const mask = await masking.readMask();
  const jobsBeforeInpaint = await listJobIds(page.request);
  await masking.inpaint("a bright green ball");
  const inpaint = await waitForJob(page.request, { kind: "inpaint", before: jobsBeforeInpaint });
  expect(inpaint.status).toBe("completed");
  const png = await page.request.get(`/api/jobs/${inpaint.id}/artifacts/image.png`);
  expect(png.ok()).toBe(true);
  const result = decodeRgb({ bytes: await png.body() });
  const original = decodeRgb({ path: clip });
  expect(result.length).toBe(WIDTH * HEIGHT * 3);
  let worstOutside = 0;
  let changedInside = 0;
  let inside = 0;
  for (let p = 0; p < WIDTH * HEIGHT; p++) {
    const diff = Math.max(
      ...[0, 1, 2].map(c => Math.abs(result[p * 3 + c]! - original[p * 3 + c]!)),
    );
    if (mask.on[p]) {
      inside++;
      if (diff > 20) changedInside++;
    } else {
      worstOutside = Math.max(worstOutside, diff);
    }
  }
  expect(worstOutside).toBeLessThanOrEqual(2);
  expect(changedInside / inside).toBeGreaterThan(0.5);

  // The clip now plays the inpainted version; undo brings the original clip back.
  await expect(page.getByTestId("masking-notice")).toContainText("Inpainted");
  await expect(page.getByTestId("player-image-V1")).toHaveCount(1);
  await page.keyboard.press("Control+z");
  await expect(video).toHaveCount(1);
  await expect
    .poll(() => video.evaluate(v => (v as HTMLVideoElement).readyState))
    .toBeGreaterThanOrEqual(2);
  await masking.enter();
  await masking.clickImagePixel(onSquare, image);
  await masking.waitForMask();

  // Track through the clip: a mask for every frame, each on the moving square.
  const jobsBeforeTrack = await listJobIds(page.request);
  await masking.track("both");
  const track = await waitForJob(page.request, { kind: "track", before: jobsBeforeTrack });
  expect(track.status).toBe("completed");
  const masksResponse = await page.request.get(`/api/jobs/${track.id}/artifacts/masks.json`);
  const tracked = (await masksResponse.json()) as {
    frames: { frame: number; box: { x0: number; y0: number; x1: number; y1: number } | null }[];
  };
  expect(tracked.frames.map(f => f.frame)).toEqual([...Array(FRAMES).keys()]);
  for (const { frame, box } of tracked.frames) {
    expect(box, `frame ${frame}`).not.toBeNull();
    const expectedX = SQUARE.x + SQUARE.stepPx * frame;
    expect(Math.abs(box!.x0 - expectedX), `frame ${frame}`).toBeLessThanOrEqual(8);
  }
  await expect(page.getByTestId("player-masking")).toHaveAttribute(
    "data-tracked-frames",
    String(FRAMES),
  );

  // Out of masking mode, the player shows the tracked mask of the frame under the playhead.
  await masking.leave();
  const later = 15;
  await page.evaluate(frame => {
    const studio = (
      window as unknown as { __studio: { actions: { playback: { setFrame(f: number): void } } } }
    ).__studio;
    studio.actions.playback.setFrame(frame);
  }, later);
  const squareLater = { x: SQUARE.x + SQUARE.stepPx * later + SQUARE.side / 2, y: onSquare.y };
  await expect
    .poll(async () => (await masking.sampleMask([squareLater])).alphas[0])
    .toBeGreaterThan(0);
  // The square has moved on: where it started is background at this frame.
  expect((await masking.sampleMask([onSquare])).alphas[0]).toBe(0);
});

test("a frame segmented online segments again after an offline reload", async ({
  projects,
  library,
  masking,
  studio,
  page,
  context,
}) => {
  test.setTimeout(90_000);
  const clip = makeSquareClip({ width: WIDTH, height: HEIGHT, square: SQUARE, seconds: 1 });
  const image = { width: WIDTH, height: HEIGHT };
  const onSquare = { x: SQUARE.x + SQUARE.side / 2, y: SQUARE.y + SQUARE.side / 2 };
  const background = [
    { x: 250, y: 200 },
    { x: 5, y: 5 },
  ];
  const video = page.getByTestId("player-video-V1");
  const waitForPicture = async () => {
    await expect(video).toHaveCount(1);
    await expect
      .poll(() => video.evaluate(v => (v as HTMLVideoElement).readyState))
      .toBeGreaterThanOrEqual(2);
  };

  await projects.goto();
  // The service worker must have installed (and precached the shell, workers and WASM) first.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await projects.create({ name: "Masks offline" });
  await library.importFiles([clip]);
  await library.dragToTrack("square.webm", "V1");
  await waitForPicture();

  // Online: the server encodes the frame, and the decoder model is downloaded.
  await masking.enter();
  await masking.clickImagePixel(onSquare, image);
  await masking.waitForMask();
  await expect(masking.status()).not.toContainText("frame from cache");
  await studio.waitSaved();

  await context.setOffline(true);
  await page.reload();
  await studio.waitOpen("Masks offline");
  await expect(studio.serverIndicator()).toHaveAttribute("data-state", "offline");
  // The reload was served by the service worker, not the (unreachable) server.
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await waitForPicture();

  // Offline after a reload: the embedding comes from IndexedDB and the decoder from Cache Storage.
  await masking.enter();
  await masking.clickImagePixel(onSquare, image);
  await masking.waitForMask();
  await expect(masking.status()).toContainText("frame from cache");
  const offline = await masking.sampleMask([onSquare, ...background]);
  expect(offline.width).toBe(WIDTH);
  expect(offline.alphas[0]).toBeGreaterThan(0);
  expect(offline.alphas.slice(1)).toEqual([0, 0]);
  await context.setOffline(false);
});
