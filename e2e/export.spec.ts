/**
 * Export (issue 8): import identity clips and a tone, arrange them with trims, a split and a V2
 * overlay, export in the browser, and check the file frame by frame (right clip and source frame
 * on each layer, overlay on top), its length to the frame, the tone's start, and that it plays in
 * a <video> for the expected duration; the same with the network off after the service worker is
 * ready; the current frame as PNG; a cancel that saves nothing; and a camera clip's own sound,
 * exported in step with its trimmed, rippled picture.
 */
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  computeLayerRect,
  nearestIdentityColour,
  readIdentityFrame,
  snapLayerRect,
  toRenderSpec,
  type RenderSpec,
} from "@milimo/shared/render";
import {
  makeTimeline,
  makeTimelineItem,
  type MediaAsset,
  type TimelineItem,
} from "@milimo/shared/schema";
import {
  ARRANGED_FRAMES,
  ARRANGED_TONE_SECONDS,
  CLIP_COLOURS,
  EXPORT_TEST_FORMAT,
  checkExportedFilm,
  makeArrangedTimeline,
  makeExportTestFiles,
  type ExportTestFiles,
} from "./clips/export-arrangement";
import { makeIdentityClip, readFilmFrames } from "./clips/export-clips";
import { expect, test } from "./fixtures";
import { ExportPage } from "./pages/export";

const NAMES = { red: "red.mp4", green: "green.mp4", blue: "blue.mp4", tone: "tone.wav" };
let files: ExportTestFiles;
/** A camera clip: identity colour 3 with its own sound, 0.4 s of silence then a 1 kHz tone. */
let camera = "";
let out = "";
/** Palette index of the camera clip's picture. */
const CAMERA_COLOUR = 3;

/** Writes the camera clip (VP9 + Opus WebM, the identity picture and the tone). */
async function makeCameraClip(dir: string): Promise<string> {
  const picture = join(dir, "camera-picture.webm");
  const path = join(dir, "camera.webm");
  const { width, height, fps } = EXPORT_TEST_FORMAT;
  await makeIdentityClip({
    path: picture,
    width,
    height,
    fps,
    frames: 60,
    colour: CAMERA_COLOUR,
    codec: "vp9",
  });
  const tone = "if(gte(t\\,0.4)\\,0.5*sin(2*PI*1000*t)\\,0)";
  // prettier-ignore
  await promisify(execFile)("ffmpeg", [
    "-v", "error", "-y", "-i", picture, "-f", "lavfi", "-i", `aevalsrc=${tone}:s=48000:d=${60 / fps}`,
    "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "libopus", "-ac", "2", path,
  ]);
  return path;
}

const asset = (id: string, kind: MediaAsset["kind"]): MediaAsset => ({
  id,
  projectId: "p",
  kind,
  name: id,
  mime: "video/mp4",
  bytes: 1,
  durationFrames: 60,
  width: EXPORT_TEST_FORMAT.width,
  height: EXPORT_TEST_FORMAT.height,
  createdAt: new Date(0).toISOString(),
  source: "import",
});

/** The spec the studio should have exported (media ids are the clip names) at an output size. */
function expectedSpec(
  container: "mp4" | "webm",
  size: { width: number; height: number } = EXPORT_TEST_FORMAT,
): RenderSpec {
  const { width, height, fps } = EXPORT_TEST_FORMAT;
  const result = toRenderSpec({
    timeline: makeArrangedTimeline({ red: "red", green: "green", blue: "blue", tone: "tone" }),
    project: { width, height, fps },
    media: [
      asset("red", "video"),
      asset("green", "video"),
      asset("blue", "video"),
      asset("tone", "audio"),
    ],
    options: {
      ...(container === "mp4"
        ? { container, videoCodec: "avc" as const, audioCodec: "aac" as const }
        : { container, videoCodec: "vp9" as const, audioCodec: "opus" as const }),
      width: size.width,
      height: size.height,
    },
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const colourOf = (mediaId: string) => CLIP_COLOURS[mediaId as keyof typeof CLIP_COLOURS];

test.beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "milimo-e2e-export-"));
  files = await makeExportTestFiles(join(out, "clips"));
  camera = await makeCameraClip(join(out, "clips"));
});

/**
 * V1: red (no sound) trimmed 5 in and 10 out, then the camera clip trimmed 5 (0.2 s) in; then red
 * loses 10 more frames at its end, so V1 ripples the camera clip to frame 35 (1.4 s) and its tone
 * (0.4 s into the file) sounds at 1.6 s.
 */
const CAMERA_CUT_TONE_SECONDS = 1.6;
function makeCameraCut(): TimelineItem[] {
  return makeTimeline({
    items: [
      makeTimelineItem({ id: "red", mediaId: "red", sourceFrames: 60, trimIn: 5, trimOut: 10 }),
      makeTimelineItem({ id: "camera", mediaId: "camera", sourceFrames: 60, trimIn: 5 }),
    ],
  }).items;
}

/** The parts of `window.__studio` the camera-sound journey uses. */
type CameraHook = {
  state: { project: { media: { byId: Record<string, { id: string; name: string }> } } };
  actions: {
    track: {
      addItem(args: { item: TimelineItem }): boolean;
      trim(args: { itemId: string; edge: "in" | "out"; deltaFrames: number }): boolean;
    };
  };
};

test.describe("export", () => {
  test.describe.configure({ timeout: 120_000 });

  test("an arranged film exports frame-accurately in the browser, online and offline", async ({
    projects,
    library,
    studio,
    page,
    context,
  }) => {
    const exporter = new ExportPage(page);
    await projects.goto();
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await projects.create({ name: "Export cut" });
    await exporter.setProjectSize(EXPORT_TEST_FORMAT);
    await library.importFiles([files.red, files.green, files.blue, files.tone]);
    await exporter.arrange(NAMES);
    await studio.waitSaved();
    const before = await studio.snapshot();

    await exporter.open();
    await exporter.choose({ format: "mp4" });
    expect(await exporter.codecs()).toMatch(/MP4 · H\.264 \+ (AAC|Opus)/);
    const mp4 = join(out, "online.mp4");
    await exporter.exportTo(mp4);
    const mp4Spec = expectedSpec("mp4");
    expect(mp4Spec.durationFrames).toBe(ARRANGED_FRAMES);
    expect(
      await checkExportedFilm({
        path: mp4,
        spec: mp4Spec,
        colourOf,
        toneSeconds: ARRANGED_TONE_SECONDS,
      }),
    ).toEqual([]);
    const duration = await exporter.playInVideo(mp4, "video/mp4");
    expect(Math.abs(duration - ARRANGED_FRAMES / EXPORT_TEST_FORMAT.fps)).toBeLessThan(0.05);
    // Exporting never edits the project.
    expect(await studio.snapshot()).toEqual(before);

    await context.setOffline(true);
    await page.reload();
    await studio.waitOpen("Export cut");
    await exporter.open();
    // WebM at double size: every picture goes through the scaler this time.
    await exporter.choose({ format: "webm", resolution: "double" });
    expect(await exporter.codecs()).toMatch(/WEBM · VP(9|8) \+ Opus/);
    const webm = join(out, "offline.webm");
    await exporter.exportTo(webm);
    expect(
      await checkExportedFilm({
        path: webm,
        spec: expectedSpec("webm", { width: 768, height: 512 }),
        colourOf,
        toneSeconds: ARRANGED_TONE_SECONDS,
      }),
    ).toEqual([]);
    const offlineDuration = await exporter.playInVideo(webm, "video/webm");
    expect(Math.abs(offlineDuration - ARRANGED_FRAMES / EXPORT_TEST_FORMAT.fps)).toBeLessThan(0.05);
    await context.setOffline(false);
  });

  test("the current frame saves as a PNG of both layers, and a cancelled export saves nothing", async ({
    projects,
    library,
    page,
  }) => {
    const exporter = new ExportPage(page);
    await projects.goto();
    await projects.create({ name: "Stills" });
    await exporter.setProjectSize(EXPORT_TEST_FORMAT);
    await library.importFiles([files.red, files.green, files.blue, files.tone]);
    await exporter.arrange(NAMES);
    await exporter.setPlayhead(40);

    await exporter.open();
    await exporter.choose({ what: "frame" });
    const png = join(out, "frame.png");
    await exporter.exportTo(png);
    const { width, height } = EXPORT_TEST_FORMAT;
    const [rgb] = await readFilmFrames(png, width, height);
    if (!rgb) throw new Error("the PNG did not decode");
    const full = { left: 0, top: 0, width, height };
    const overlay = snapLayerRect(
      computeLayerRect({
        sourceWidth: width,
        sourceHeight: height,
        width,
        height,
        x: width / 4,
        y: height / 4,
        scale: 0.5,
      }),
    );
    const v1 = readIdentityFrame({ rgb, width, height, rect: full, source: EXPORT_TEST_FORMAT });
    const v2 = readIdentityFrame({ rgb, width, height, rect: overlay, source: EXPORT_TEST_FORMAT });
    // Frame 40: red from source 45 on V1, blue from source 13 on top.
    expect([nearestIdentityColour(v1.colour), v1.frame]).toEqual([CLIP_COLOURS.red, 45]);
    expect([nearestIdentityColour(v2.colour), v2.frame]).toEqual([CLIP_COLOURS.blue, 13]);

    // A long, large export, cancelled mid-way: the dialog says so and no file is downloaded.
    await exporter.choose({ what: "timeline", format: "mp4", resolution: "1080p", fps: 60 });
    let downloads = 0;
    page.on("download", () => downloads++);
    await exporter.startAndCancel();
    await expect(exporter.error()).toHaveAttribute("data-code", "EXPORT_CANCELLED");
    await expect(exporter.error()).toContainText("Export cancelled");
    expect(downloads).toBe(0);
  });

  test("a camera clip's own sound exports in step with its trimmed, rippled picture", async ({
    projects,
    library,
    page,
  }) => {
    const exporter = new ExportPage(page);
    await projects.goto();
    await projects.create({ name: "Camera sound" });
    await exporter.setProjectSize(EXPORT_TEST_FORMAT);
    await library.importFiles([files.red, camera]);
    const arranged = await page.evaluate(
      ({ items }) => {
        const studio = (window as unknown as { __studio: CameraHook }).__studio;
        const names: Record<string, string> = { red: "red.mp4", camera: "camera.webm" };
        const media = Object.values(studio.state.project.media.byId);
        const added = items.every(item => {
          const mediaId = media.find(m => m.name === names[item.id])?.id ?? null;
          return studio.actions.track.addItem({ item: { ...item, mediaId } });
        });
        return added && studio.actions.track.trim({ itemId: "red", edge: "out", deltaFrames: -10 });
      },
      { items: makeCameraCut() },
    );
    expect(arranged).toBe(true);

    await exporter.open();
    await exporter.choose({ format: "mp4" });
    const film = join(out, "camera.mp4");
    await exporter.exportTo(film);
    const spec = toRenderSpec({
      timeline: makeTimeline({
        items: makeCameraCut().map(i => (i.id === "red" ? { ...i, trimOut: 20 } : i)),
      }),
      project: EXPORT_TEST_FORMAT,
      media: [asset("red", "video"), asset("camera", "video")],
      options: { container: "mp4", videoCodec: "avc", audioCodec: "aac" },
    });
    if (!spec.ok) throw new Error(spec.error.message);
    expect(spec.value.durationFrames).toBe(90);
    expect(
      await checkExportedFilm({
        path: film,
        spec: spec.value,
        colourOf: id => (id === "camera" ? CAMERA_COLOUR : colourOf(id)),
        toneSeconds: CAMERA_CUT_TONE_SECONDS,
      }),
    ).toEqual([]);
  });
});
