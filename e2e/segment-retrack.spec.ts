/**
 * Tracked objects (issue 7, FEATURES §8) against the real GPU server and the fixture SAM models: an
 * orange square moving over a blue-grey background. Mask it and track it → a coloured object in the
 * inspector; correct a later frame and re-track from there → frames before the correction are
 * kept, frames from it on come from the new job, a keyframe is added and "◀ Key" steps back to the
 * seed; a second object gets another colour; a saved mask is deleted; "Export masks" downloads a
 * zip whose manifest lists the objects; everything is still there after a reload.
 */
import type { Page } from "@playwright/test";
import { listZip, makeSquareClip } from "./media";
import { expect, test } from "./fixtures";

const WIDTH = 320;
const HEIGHT = 240;
const FRAMES = 25;
/** The square: 64 px, at (30 + 6·frame, 70). */
const SQUARE = { x: 30, y: 70, side: 64, stepPx: 6 };
const IMAGE = { width: WIDTH, height: HEIGHT };
/** The frame corrected and re-tracked from. */
const CORRECTED = 12;

/** The centre of the square at `frame`, in image pixels. */
const squareAt = (frame: number) => ({
  x: SQUARE.x + SQUARE.stepPx * frame + SQUARE.side / 2,
  y: SQUARE.y + SQUARE.side / 2,
});

interface StoredObject {
  id: string;
  name: string;
  color: number;
  keyframes: number[];
  /** Run lengths of each stored frame's mask, by frame. */
  frames: Record<number, number[]>;
}

/** The V1 clip's tracked objects with their stored masks, through the e2e hook. */
function readObjects(page: Page): Promise<StoredObject[]> {
  return page.evaluate(async () => {
    type Item = {
      track: string;
      trackedObjects?: { id: string; name: string; color: number; keyframes: number[] }[];
    };
    type Studio = {
      state: { tracks: { timeline: { items: Item[] } } };
      db: unknown;
    };
    const studio = (window as unknown as { __studio: Studio }).__studio;
    const item = studio.state.tracks.timeline.items.find(i => i.track === "V1");
    const objects = item?.trackedObjects ?? [];
    // The rows live in IndexedDB (db/tracked-masks.ts); read them the way the studio stores them.
    const rows = await new Promise<Map<string, { frame: number; rle: { counts: number[] } }[]>>(
      (resolve, reject) => {
        const open = indexedDB.open("milimo-studio");
        open.onerror = () => reject(open.error ?? new Error("open failed"));
        open.onsuccess = () => {
          const request = open.result
            .transaction("trackedMasks")
            .objectStore("trackedMasks")
            .getAll();
          request.onerror = () => reject(request.error ?? new Error("read failed"));
          request.onsuccess = () => {
            const all = request.result as {
              id: string;
              frames: { frame: number; rle: { counts: number[] } }[];
            }[];
            open.result.close();
            resolve(new Map(all.map(row => [row.id, row.frames])));
          };
        };
      },
    );
    return objects.map(object => ({
      id: object.id,
      name: object.name,
      color: object.color,
      keyframes: [...object.keyframes],
      frames: Object.fromEntries(
        (rows.get(object.id) ?? []).map(({ frame, rle }) => [frame, [...rle.counts]]),
      ),
    }));
  });
}

/** Moves the playhead (the clip starts at timeline frame 0, so it is also the source frame). */
async function seek(page: Page, frame: number): Promise<void> {
  await page.evaluate(f => {
    const studio = (
      window as unknown as { __studio: { actions: { playback: { setFrame(n: number): void } } } }
    ).__studio;
    studio.actions.playback.setFrame(f);
  }, frame);
}

const playheadFrame = (page: Page) =>
  page.evaluate(
    () =>
      (window as unknown as { __studio: { state: { playback: { frame: number } } } }).__studio.state
        .playback.frame,
  );

test("track objects, correct a frame and re-track, export the masks, reload", async ({
  projects,
  library,
  masking,
  timeline,
  studio,
  page,
}, testInfo) => {
  test.setTimeout(150_000);
  const clip = makeSquareClip({ width: WIDTH, height: HEIGHT, square: SQUARE, seconds: 1 });
  await projects.goto();
  await projects.create({ name: "Retrack" });
  await library.importFiles([clip]);
  await library.dragToTrack("square.webm", "V1");
  const video = page.getByTestId("player-video-V1");
  await expect(video).toHaveCount(1);
  await expect
    .poll(() => video.evaluate(v => (v as HTMLVideoElement).readyState))
    .toBeGreaterThanOrEqual(2);
  const [clipView] = await timeline.clipViews("V1");
  await timeline.select(clipView!.id);
  const objectRows = page.getByTestId("inspector-object");
  const maskingRoot = page.getByTestId("player-masking");

  // Mask the square on frame 0 and save it, then track it: the object appears in its colour.
  await masking.enter();
  await masking.clickImagePixel(squareAt(0), IMAGE);
  await masking.waitForMask();
  await page.getByTestId("masking-save").click();
  await expect(page.getByTestId("inspector-mask")).toHaveCount(1);
  await masking.track("both");
  await expect(objectRows).toHaveCount(1, { timeout: 60_000 });
  await expect(objectRows.first()).toHaveAttribute("data-color", "0");
  await expect(page.getByTestId("inspector-object-name").first()).toHaveValue("Object 1");
  await expect(page.getByTestId("inspector-object-keyframes").first()).toHaveText("keys 0");
  await expect(page.getByTestId("inspector-object-color").first()).toHaveCSS(
    "background-color",
    "rgb(255, 59, 48)",
  );
  await expect(maskingRoot).toHaveAttribute("data-tracked-frames", String(FRAMES));
  const [seeded] = await readObjects(page);
  expect(Object.keys(seeded!.frames)).toHaveLength(FRAMES);

  // Step to a later frame: editing starts from the object's mask there; correct it with a click.
  await seek(page, CORRECTED);
  await masking.waitForMask();
  await masking.clickImagePixel(squareAt(CORRECTED), IMAGE);
  await masking.waitForMask();
  // Forwards only: "Both ways" would also redo the frames back to the seed keyframe.
  await page.getByTestId("masking-track-direction").selectOption("forward");
  const retrack = page.getByTestId("masking-retrack");
  await expect(retrack).toBeEnabled();
  await retrack.click();
  await expect(page.getByTestId("inspector-object-keyframes").first()).toHaveText(
    `keys 0, ${CORRECTED}`,
    { timeout: 60_000 },
  );
  const [corrected] = await readObjects(page);
  expect(corrected!.id).not.toBe(seeded!.id);
  expect(corrected!.keyframes).toEqual([0, CORRECTED]);
  // Frames before the correction are kept as they were...
  for (let frame = 0; frame < CORRECTED; frame++) {
    expect(corrected!.frames[frame], `frame ${frame}`).toEqual(seeded!.frames[frame]);
  }
  // ...and the frames from it on are the re-track job's (masks.json of the newest track job).
  const jobs = (await (await page.request.get("/api/jobs")).json()) as {
    jobs: { id: string; kind: string; status: string; params: { range?: unknown } }[];
  };
  const retrackJob = jobs.jobs.find(job => job.kind === "track" && job.params.range);
  expect(retrackJob?.params.range).toEqual({ start: CORRECTED, end: FRAMES - 1 });
  const masksJson = (await (
    await page.request.get(`/api/jobs/${retrackJob!.id}/artifacts/masks.json`)
  ).json()) as { frames: { frame: number; mask: { counts: number[] } }[] };
  expect(masksJson.frames.map(f => f.frame)).toEqual(
    [...Array(FRAMES - CORRECTED).keys()].map(i => i + CORRECTED),
  );
  for (const { frame, mask } of masksJson.frames) {
    expect(corrected!.frames[frame], `frame ${frame}`).toEqual(mask.counts);
  }

  // "◀ Key" steps the playhead back to the seed.
  await page.getByTestId("masking-key-previous").click();
  await expect.poll(() => playheadFrame(page)).toBe(0);
  await page.getByTestId("masking-key-next").click();
  await expect.poll(() => playheadFrame(page)).toBe(CORRECTED);

  // A second object (the background, from frame 0 with nothing selected) gets another colour.
  await seek(page, 0);
  await page.getByTestId("inspector-object-select").first().click();
  await expect(maskingRoot).toHaveAttribute("data-selected-object", "");
  // Nothing selected: editing no longer starts from Object 1's mask (clear any edits left over).
  if ((await masking.overlay().getAttribute("data-has-mask")) === "true") await masking.clear();
  await masking.clickImagePixel({ x: 250, y: 200 }, IMAGE);
  await masking.waitForMask();
  await masking.track("forward");
  await expect(objectRows).toHaveCount(2, { timeout: 60_000 });
  await expect(objectRows.nth(1)).toHaveAttribute("data-color", "1");
  await expect(page.getByTestId("inspector-object-name").nth(1)).toHaveValue("Object 2");

  // Delete the saved mask.
  await page.getByTestId("inspector-mask-delete").click();
  await expect(page.getByTestId("inspector-mask")).toHaveCount(0);

  // Export masks: a zip with a PNG per frame and object, and a manifest listing both objects.
  const download = page.waitForEvent("download");
  await page.getByTestId("inspector-masks-export").click();
  const file = testInfo.outputPath("masks.zip");
  await (await download).saveAs(file);
  expect((await download).suggestedFilename()).toBe("square-masks.zip");
  const entries = listZip(file);
  const manifest = JSON.parse(entries.get("manifest.json")!.toString("utf8")) as {
    clip: string;
    width: number;
    height: number;
    objects: { name: string; color: number; keyframes: number[]; frames: number[] }[];
  };
  expect(manifest).toMatchObject({ clip: "square.webm", width: WIDTH, height: HEIGHT });
  expect(manifest.objects.map(o => [o.name, o.color, o.keyframes])).toEqual([
    ["Object 1", 0, [0, CORRECTED]],
    ["Object 2", 1, [0]],
  ]);
  expect(manifest.objects[0]!.frames).toHaveLength(FRAMES);
  expect(entries.has(`Object-1/${CORRECTED}.png`)).toBe(true);
  expect(entries.get("Object-1/0.png")!.subarray(1, 4).toString("latin1")).toBe("PNG");

  // After a reload everything is still there: both objects, their keyframes and stored masks.
  const before = await readObjects(page);
  await studio.waitSaved();
  await page.reload();
  await studio.waitOpen("Retrack");
  await timeline.select(clipView!.id);
  await expect(objectRows).toHaveCount(2);
  await expect(page.getByTestId("inspector-mask")).toHaveCount(0);
  expect(await readObjects(page)).toEqual(before);
  await expect(maskingRoot).toHaveAttribute("data-tracked-objects", "2");
});

test("inpaint the whole clip along a tracked object: a new video version, undo goes back", async ({
  projects,
  library,
  masking,
  page,
}) => {
  test.setTimeout(150_000);
  const clip = makeSquareClip({ width: WIDTH, height: HEIGHT, square: SQUARE, seconds: 1 });
  await projects.goto();
  await projects.create({ name: "Inpaint clip" });
  await library.importFiles([clip]);
  await library.dragToTrack("square.webm", "V1");
  const video = page.getByTestId("player-video-V1");
  await expect(video).toHaveCount(1);
  await expect
    .poll(() => video.evaluate(v => (v as HTMLVideoElement).readyState))
    .toBeGreaterThanOrEqual(2);
  const clipMedia = () =>
    page.evaluate(() => {
      type Studio = {
        state: {
          tracks: { timeline: { items: { track: string; mediaId: string | null }[] } };
          project: { media: { byId: Record<string, { name: string; kind: string }> } };
        };
      };
      const { state } = (window as unknown as { __studio: Studio }).__studio;
      const id = state.tracks.timeline.items.find(i => i.track === "V1")?.mediaId ?? "";
      return state.project.media.byId[id] ?? null;
    });

  await masking.enter();
  await masking.clickImagePixel(squareAt(0), IMAGE);
  await masking.waitForMask();
  await masking.track("both");
  await expect(page.getByTestId("player-masking")).toHaveAttribute(
    "data-tracked-frames",
    String(FRAMES),
    { timeout: 60_000 },
  );

  await page.getByTestId("masking-inpaint-target").selectOption("clip");
  await masking.inpaint("a bright green ball");
  await expect(page.getByTestId("masking-notice")).toContainText(
    "Inpainted the whole clip along Object 1",
    { timeout: 90_000 },
  );
  expect(await clipMedia()).toMatchObject({ name: "square · inpainted.mp4", kind: "video" });
  await expect(video).toHaveCount(1);

  // The server was asked for the clip with the object's per-frame masks.
  const { jobs } = (await (await page.request.get("/api/jobs")).json()) as {
    jobs: { kind: string; status: string; params: Record<string, unknown> }[];
  };
  const inpaint = jobs.find(job => job.kind === "inpaint");
  expect(inpaint?.status).toBe("completed");
  expect(inpaint?.params).toMatchObject({ target: "clip" });
  expect(inpaint?.params.masksUploadId).toEqual(expect.any(String));

  await page.keyboard.press("Control+z");
  await expect.poll(async () => (await clipMedia())?.name).toBe("square.webm");
});
