/**
 * Text selection in masking mode (FEATURES §8), in real Chromium against the real server: the
 * fixture grounding model finds colour words, so "orange" must select the orange square and the
 * SAM decode of that box must cover it and not the background.
 */
import { makeSquareClip } from "./media";
import { expect, test } from "./fixtures";

const WIDTH = 320;
const HEIGHT = 240;
/** An orange 64 px square at (180, 90) on a blue-grey background. */
const SQUARE = { x: 180, y: 90, side: 64 };

test("select by text: 'orange' masks the orange square; an unknown word says so", async ({
  page,
  projects,
  library,
  masking,
}) => {
  test.setTimeout(90_000);
  await projects.goto();
  await projects.create({ name: "Text select" });
  await library.importFiles([
    makeSquareClip({ width: WIDTH, height: HEIGHT, square: SQUARE, seconds: 0.4 }),
  ]);
  await library.dragToTrack("square.webm", "V1");
  const video = page.getByTestId("player-video-V1");
  await expect
    .poll(() => video.evaluate(v => (v as HTMLVideoElement).readyState))
    .toBeGreaterThanOrEqual(2);
  await masking.enter();

  await page.getByTestId("masking-text-open").click();
  const input = page.getByTestId("masking-text-input");
  await expect(input).toBeEnabled();
  await input.fill("a sleeping dog");
  await page.getByTestId("masking-text-find").click();
  await expect(page.getByTestId("masking-text-message")).toContainText("Nothing matching");

  await input.fill("the orange box");
  await page.getByTestId("masking-text-find").click();
  await expect(page.getByTestId("masking-text-message")).toContainText("Found");
  await masking.waitForMask();
  const mask = await masking.readMask();
  expect(mask.width).toBe(WIDTH);
  const at = (x: number, y: number) => mask.on[y * WIDTH + x];
  const centre = { x: SQUARE.x + SQUARE.side / 2, y: SQUARE.y + SQUARE.side / 2 };
  expect(at(centre.x, centre.y)).toBe(1);
  expect(at(SQUARE.x + 6, SQUARE.y + 6)).toBe(1);
  // Background on every side of the square stays out.
  for (const [x, y] of [
    [20, 20],
    [SQUARE.x - 30, centre.y],
    [centre.x, SQUARE.y + SQUARE.side + 30],
    [WIDTH - 10, HEIGHT - 10],
  ] as const) {
    expect(at(x, y), `(${x}, ${y})`).toBe(0);
  }
});
