/**
 * Brush and eraser in masking mode (FEATURES §8), in real Chromium against the real server and the
 * fixture SAM models: paint a mask from nothing (a fast stroke stays continuous, the size slider
 * sets its width, the cursor circle shows that size), undo a stroke, save it; erase part of a SAM
 * mask, re-decode with another click and the erased part stays erased, undo brings it back.
 */
import type { Page } from "@playwright/test";
import { makeSquareClip } from "./media";
import { expect, test, type StudioFixtures } from "./fixtures";

const WIDTH = 320;
const HEIGHT = 240;
const IMAGE = { width: WIDTH, height: HEIGHT };
/** An orange 64 px square at (30, 70) on a blue-grey background (frame 0). */
const SQUARE = { x: 30, y: 70, side: 64 };

/** Opens a fresh project with the square clip on V1, its picture loaded, in masking mode. */
async function openClipInMaskingMode({
  page,
  projects,
  library,
  masking,
}: { page: Page } & Pick<StudioFixtures, "projects" | "library" | "masking">): Promise<void> {
  await projects.goto();
  await projects.create({ name: "Brush" });
  await library.importFiles([
    makeSquareClip({ width: WIDTH, height: HEIGHT, square: SQUARE, seconds: 0.4 }),
  ]);
  await library.dragToTrack("square.webm", "V1");
  const video = page.getByTestId("player-video-V1");
  await expect(video).toHaveCount(1);
  await expect
    .poll(() => video.evaluate(v => (v as HTMLVideoElement).readyState))
    .toBeGreaterThanOrEqual(2);
  await masking.enter();
}

/** Rows where column `x` of a 0/1 mask is on. */
function columnOn(mask: { width: number; on: number[] }, x: number): number[] {
  const rows: number[] = [];
  for (let y = 0; y < mask.on.length / mask.width; y++)
    if (mask.on[y * mask.width + x]) rows.push(y);
  return rows;
}

/** `rows` is one unbroken run of about `length` rows from about `first` (±1: pointer rounding). */
function expectRun(rows: number[], { first, length }: { first: number; length: number }): void {
  expect(Math.abs((rows[0] ?? -99) - first)).toBeLessThanOrEqual(1);
  expect(Math.abs(rows.length - length)).toBeLessThanOrEqual(1);
  expect(rows.at(-1)! - rows[0]!).toBe(rows.length - 1);
}

/** Pixels of row `y` that are on. */
function rowCount(mask: { width: number; on: number[] }, y: number): number {
  return mask.on.slice(y * mask.width, (y + 1) * mask.width).reduce((n, v) => n + v, 0);
}

test("brush paints a mask from nothing; size sets its width; undo; saved mask holds it", async ({
  page,
  projects,
  library,
  masking,
}) => {
  test.setTimeout(90_000);
  await openClipInMaskingMode({ page, projects, library, masking });
  await masking.selectTool("brush");
  await expect(page.getByTestId("masking-brush-size-value")).toHaveText("20 px");

  // One jump from x=40 to x=280: a fast stroke still paints every pixel in between.
  await masking.paint(
    [
      { x: 40, y: 205 },
      { x: 280, y: 205 },
    ],
    IMAGE,
  );
  await masking.waitForMask();
  // Pixel centres within 10 px of the path: x 30..289 on row 205 (±1 for pointer rounding).
  await expect
    .poll(async () => Math.abs(rowCount(await masking.readMask(), 205) - 260))
    .toBeLessThanOrEqual(1);
  const thin = await masking.readMask();
  // Diameter 20 around y = 205: rows 195..214, one unbroken run.
  expectRun(columnOn(thin, 160), { first: 195, length: 20 });
  expect(rowCount(thin, 140)).toBe(0);

  // A 50 px brush: the cursor circle shows that size on screen, and the stroke is 50 rows tall.
  await masking.setBrushSize(50);
  const at = await masking.toOverlayPoint({ x: 160, y: 140 }, IMAGE);
  await page.mouse.move(at.page.x, at.page.y);
  const cursor = await page.getByTestId("masking-cursor").boundingBox();
  expect(cursor!.width).toBeCloseTo(50 * at.scale, 0);
  await masking.paint(
    [
      { x: 60, y: 140 },
      { x: 160, y: 140 },
      { x: 260, y: 140 },
    ],
    IMAGE,
    { steps: 4 },
  );
  await expect
    .poll(async () => columnOn(await masking.readMask(), 160).filter(y => y < 190).length)
    .toBeGreaterThanOrEqual(49);
  expectRun(
    columnOn(await masking.readMask(), 160).filter(y => y < 190),
    { first: 115, length: 50 },
  );
  const paintMs = Number(await masking.overlay().getAttribute("data-paint-ms"));
  console.log(`main-thread time of the last paint step: ${paintMs} ms`);
  expect(paintMs).toBeLessThan(16);

  // Undo takes back the wide stroke and keeps the first one.
  await masking.undo();
  await expect.poll(async () => rowCount(await masking.readMask(), 140)).toBe(0);
  expect(rowCount(await masking.readMask(), 205)).toBe(rowCount(thin, 205));

  // Saved: a strictly binary PNG holding exactly the painted band.
  await page.getByTestId("masking-save").click();
  await expect(library.item("square · mask f0.png")).toHaveAttribute("data-kind", "image");
  const saved = await masking.readSavedMask("mask f0");
  expect(saved).toMatchObject({ width: WIDTH, height: HEIGHT, grey: 0 });
  expect(saved!.on).toEqual(thin.on);
});

test("eraser removes part of a SAM mask, survives a re-decode, and undo restores it", async ({
  page,
  projects,
  library,
  masking,
}) => {
  test.setTimeout(90_000);
  await openClipInMaskingMode({ page, projects, library, masking });
  const centre = { x: SQUARE.x + SQUARE.side / 2, y: SQUARE.y + SQUARE.side / 2 };
  await masking.clickImagePixel(centre, IMAGE);
  await masking.waitForMask();
  const sam = await masking.readMask();
  expect(columnOn(sam, centre.x).length).toBeGreaterThan(SQUARE.side * 0.7);

  // Erase a 20 px band straight down through the square's middle column.
  await masking.selectTool("eraser");
  await masking.paint(
    [
      { x: centre.x, y: SQUARE.y - 5 },
      { x: centre.x, y: SQUARE.y + SQUARE.side + 20 },
    ],
    IMAGE,
  );
  await expect.poll(async () => columnOn(await masking.readMask(), centre.x)).toEqual([]);
  const erased = await masking.readMask();
  const left = SQUARE.x + 8;
  expect(columnOn(erased, left)).toEqual(columnOn(sam, left));
  expect(columnOn(erased, centre.x + 12)).toEqual(columnOn(sam, centre.x + 12));
  expect(columnOn(erased, centre.x - 8)).toEqual([]);

  // Another SAM click re-decodes: the stroke is painted again over the new decode.
  const decodes = await masking.decodeCount();
  await masking.selectTool("sam");
  await masking.clickImagePixel({ x: SQUARE.x + 10, y: SQUARE.y + 10 }, IMAGE);
  await expect.poll(() => masking.decodeCount()).toBe(decodes + 1);
  const redecoded = await masking.readMask();
  expect(columnOn(redecoded, centre.x)).toEqual([]);
  expect(columnOn(redecoded, left).length).toBeGreaterThan(SQUARE.side * 0.7);

  // Undo the click, then the stroke: the SAM mask is whole again.
  await masking.undo();
  await masking.undo();
  await expect.poll(async () => (await masking.readMask()).on).toEqual(sam.on);
});
