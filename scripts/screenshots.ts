/**
 * README screenshots: builds (or reuses) an e2e build of the studio, starts the GPU server on it
 * (fixture models, a temp DATA_DIR, a free port from 18806), opens Debian's Chromium at 1440×900,
 * makes a project through the UI — a parsed screenplay, generated media on V1, a title overlay on
 * V2, a score on A1 — and saves docs/screenshots/{timeline,library,inspector,storyboard,masking}.png.
 * The media is drawn by ffmpeg (a sunset over the sea, an aurora, a title card, a chord) and kept
 * in dist/screenshots-media between runs.
 * Run: npx tsx scripts/screenshots.ts [--rebuild]
 */
import { spawn, spawnSync, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type Page } from "playwright-core";

const ROOT = resolve(import.meta.dirname, "..");
const BUILD_DIR = join(ROOT, "dist", "web-screenshots");
const MEDIA_DIR = join(ROOT, "dist", "screenshots-media");
const OUT_DIR = join(ROOT, "docs", "screenshots");
const VIEWPORT = { width: 1440, height: 900 };
const FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf";

const SCREENPLAY = `INT. LIGHTHOUSE - NIGHT

The keeper, MARA (60s), climbs the spiral stairs with a storm lantern.

MARA
One more night. Then the ship comes home.

She polishes the great lens. Beams sweep across the black sea.

EXT. HARBOUR - DAWN

Wide shot of the harbour as the first fishing boats return through the mist.

Close up on Mara's hands, tying off a rope at the pier.
`;

function log(message: string): void {
  console.log(`# ${message}`);
}

function ffmpeg(args: string[]): void {
  execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", ...args], { stdio: "pipe" });
}

/** The four media files, drawn once by ffmpeg filters into MEDIA_DIR. */
function ensureMedia(): Record<"sunset" | "aurora" | "title" | "score", string> {
  mkdirSync(MEDIA_DIR, { recursive: true });
  const files = {
    sunset: join(MEDIA_DIR, "sunset-over-the-sea.webm"),
    aurora: join(MEDIA_DIR, "aurora.webm"),
    title: join(MEDIA_DIR, "title-card.png"),
    score: join(MEDIA_DIR, "score.wav"),
  };
  const vp9 = ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "1M"];
  if (!existsSync(files.sunset)) {
    log("drawing the sunset clip with ffmpeg (about 20 s) ...");
    // Sky gradient, a sun with a glow, and a shimmering reflection on the water below the horizon.
    const sky = "pow(Y/(H*0.56),1.6)";
    const sun = "exp(-pow(hypot(X-W*0.62,Y-H*0.50)/16,2))+0.35*exp(-hypot(X-W*0.62,Y-H*0.50)/40)";
    const glint =
      "exp(-abs(X-W*0.62)/(6+60*(Y/H-0.56)))*(0.5+0.5*sin(Y*1.3-T*5+sin(X*0.15)))*(1.2-Y/H)";
    const channel = (sky0: number, skyK: number, sunK: number, sea0: number, seaK: number) =>
      `min(255,if(lt(Y,H*0.56),${sky0}+${skyK}*${sky}+${sunK}*(${sun}),${sea0}+${seaK}*${glint}))`;
    const geq = [
      `r='${channel(25, 215, 255, 14, 230)}'`,
      `g='${channel(28, 110, 200, 26, 170)}'`,
      `b='${channel(70, 30, 140, 48, 90)}'`,
    ].join(":");
    ffmpeg([
      "-f",
      "lavfi",
      "-i",
      `color=c=black:s=384x256:r=25:d=6,format=rgb24,geq=${geq},scale=768:512`,
      ...vp9,
      files.sunset,
    ]);
  }
  if (!existsSync(files.aurora)) {
    ffmpeg([
      "-f",
      "lavfi",
      "-i",
      "gradients=s=768x512:c0=0x06121f:c1=0x0f5e4c:c2=0x37c49a:c3=0x3b1d5c:nb_colors=4" +
        ":x0=0:y0=512:x1=768:y1=0:speed=0.03:duration=5:rate=25",
      ...vp9,
      files.aurora,
    ]);
  }
  if (!existsSync(files.title)) {
    // Text on a transparent card, so the overlay track shows the picture under it.
    const text = (line: string, size: number, colour: string, y: string) =>
      `drawtext=fontfile=${FONT}:text='${line}':fontcolor=${colour}:fontsize=${size}:x=(w-tw)/2:y=${y}`;
    ffmpeg([
      "-f",
      "lavfi",
      "-i",
      "color=c=black@0.0:s=768x512,format=rgba," +
        `${text("THE LIGHTHOUSE", 58, "0xf6ecdc", "h*0.22")},` +
        text("a short film", 22, "0xf0c987", "h*0.22+78"),
      "-frames:v",
      "1",
      files.title,
    ]);
  }
  if (!existsSync(files.score)) {
    // An A major chord that swells and fades: a waveform worth looking at.
    const chord =
      "0.22*(sin(2*PI*220*t)+0.7*sin(2*PI*277.18*t)+0.5*sin(2*PI*329.63*t))" +
      "*(0.55+0.45*sin(2*PI*0.3*t))*min(1,t/1.5)*min(1,(14-t)/2)";
    ffmpeg(["-f", "lavfi", "-i", `aevalsrc='${chord}':d=14:s=44100`, "-ac", "1", files.score]);
  }
  return files;
}

/** Builds dist/web-screenshots (VITE_E2E=1) unless it exists; `--rebuild` forces it. */
function ensureBuild(): void {
  if (existsSync(join(BUILD_DIR, "index.html")) && !process.argv.includes("--rebuild")) return;
  log("building the studio into dist/web-screenshots ...");
  const r = spawnSync("npx", ["vite", "build"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, VITE_E2E: "1", WEB_OUT_DIR: "../dist/web-screenshots" },
  });
  if (r.status !== 0) throw new Error("vite build failed");
}

/** The first port from `from` that nothing listens on. */
async function findFreePort(from: number): Promise<number> {
  for (let port = from; port < from + 100; port += 1) {
    const free = await new Promise<boolean>(done => {
      const probe = createServer()
        .once("error", () => done(false))
        .once("listening", () => probe.close(() => done(true)))
        .listen(port, "127.0.0.1");
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${from}..${from + 99}`);
}

async function startServer(port: number, dataDir: string): Promise<ChildProcess> {
  // One process (no npx/tsx wrappers), so SIGTERM reaches the server and it shuts down cleanly.
  const server = spawn(process.execPath, ["--import", "tsx", "gpu-server/src/server.ts"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      STATIC_DIR: BUILD_DIR,
      DATA_DIR: dataDir,
      MODELS_DIR: "models/fixtures",
      LOG_LEVEL: "warn",
    },
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error("the GPU server exited while starting");
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`)
      .then(r => r.ok)
      .catch(() => false);
    if (ok) return server;
    await new Promise(r => setTimeout(r, 250));
  }
  server.kill("SIGTERM");
  throw new Error("the GPU server did not answer /api/health within 60 s");
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise(done => server.once("exit", done));
  server.kill("SIGTERM");
  await Promise.race([exited, new Promise(r => setTimeout(r, 10_000))]);
}

type Studio = {
  state: {
    playback: { pxPerSecond: number };
    shots: { byId: Record<string, { lastJobId: string | null; status: string }> };
    server: { jobs: { byId: Record<string, { progress: { fraction: number } }> } };
    tracks: {
      timeline: {
        items: { id: string; track: string; shotId: string | null; label?: string }[];
      };
    };
    ui: { save: { state: string } };
  };
  actions: {
    playback: { seek(frame: number): void; setZoom(pxPerSecond: number): void };
    track: { select(args: { itemIds: string[] }): void };
    jobs: {
      generateShot(shotId: string): Promise<void>;
      cancelShot(shotId: string): Promise<void>;
    };
  };
};

/** The e2e build's `window.__studio`, as `page.evaluate` callbacks read it. */
type Host = { __studio: Studio };

async function seek(page: Page, frame: number): Promise<void> {
  await page.evaluate(f => (window as unknown as Host).__studio.actions.playback.seek(f), frame);
}

/** Clicks image pixel (x, y) of the picture in the masking overlay (object-fit: contain). */
async function clickPicture(
  page: Page,
  { x, y }: { x: number; y: number },
  image: { width: number; height: number },
): Promise<void> {
  const box = await page.getByTestId("masking-overlay").boundingBox();
  if (!box) throw new Error("The masking overlay is not visible.");
  const scale = Math.min(box.width / image.width, box.height / image.height);
  await page.mouse.click(
    box.x + (box.width - image.width * scale) / 2 + x * scale,
    box.y + (box.height - image.height * scale) / 2 + y * scale,
  );
}

async function select(page: Page, itemIds: string[]): Promise<void> {
  await page.evaluate(
    ids => (window as unknown as Host).__studio.actions.track.select({ itemIds: ids }),
    itemIds,
  );
}

async function createProject(page: Page, name: string): Promise<void> {
  await page.getByTestId("new-project").click();
  await page.getByTestId("new-project-name").fill(name);
  await page.getByTestId("create-project").click();
  await page.getByTestId("studio").waitFor();
}

async function importMedia(page: Page, files: string[]): Promise<void> {
  await page.getByTestId("import-media-input").setInputFiles(files);
  await page
    .getByTestId("media-item")
    .nth(files.length - 1)
    .waitFor();
  await page.getByTestId("media-importing").waitFor({ state: "detached" });
}

async function addScreenplay(page: Page): Promise<void> {
  await page.getByTestId("view-storyboard").click();
  await page.getByTestId("script-input").fill(SCREENPLAY);
  await page.getByTestId("script-parse").click();
  await page.getByTestId("script-commit").click();
  await page.getByTestId("parse-preview").waitFor({ state: "detached" });
  await page.getByTestId("view-timeline").click();
  await page.getByTestId("timeline").waitFor();
}

/** Drags a library item onto a lane at `frame` (the lane's x is frames × px per frame). */
async function dropOnTrack(
  page: Page,
  { name, track, frame }: { name: string; track: "V1" | "V2" | "A1"; frame: number },
): Promise<void> {
  const pxPerFrame = await page.evaluate(
    () => (window as unknown as Host).__studio.state.playback.pxPerSecond / 25,
  );
  const item = page.getByTestId("media-item").filter({ hasText: name });
  await item.dragTo(page.getByTestId(`track-lane-${track}`), {
    targetPosition: { x: Math.max(1, frame * pxPerFrame), y: 24 },
  });
}

/** Types into an inspector field; it commits on change (blur). */
async function setField(page: Page, key: string, value: string): Promise<void> {
  const field = page.getByTestId(`field-${key}`);
  await field.fill(value);
  await field.blur();
}

async function dismissToasts(page: Page): Promise<void> {
  const toasts = page.getByTestId("toast");
  while ((await toasts.count()) > 0) {
    await toasts.first().getByRole("button", { name: "Dismiss" }).click();
  }
}

/** Starts generating a shot on the GPU server and waits until its job is `fraction` done. */
async function generateUntil(page: Page, shotId: string, fraction: number): Promise<void> {
  await page.evaluate(id => {
    void (window as unknown as Host).__studio.actions.jobs.generateShot(id);
  }, shotId);
  await page.waitForFunction(
    ({ id, min }) => {
      const { state } = (window as unknown as Host).__studio;
      const jobId = state.shots.byId[id]?.lastJobId;
      const job = jobId ? state.server.jobs.byId[jobId] : undefined;
      return (job?.progress.fraction ?? 0) >= min;
    },
    { id: shotId, min: fraction },
    { timeout: 120_000, polling: 100 },
  );
}

async function waitSaved(page: Page): Promise<void> {
  await page.waitForFunction(
    () => (window as unknown as Host).__studio.state.ui.save.state === "saved",
  );
}

/** Moves the mouse away and lets videos seek and transitions finish before a screenshot. */
async function settle(page: Page): Promise<void> {
  await page.mouse.move(VIEWPORT.width - 4, VIEWPORT.height - 4);
  await page.waitForTimeout(600);
}

async function main(): Promise<void> {
  const media = ensureMedia();
  ensureBuild();
  const port = await findFreePort(18806);
  const dataDir = mkdtempSync(join(tmpdir(), "milimo-screenshots-"));
  log(`GPU server on port ${port}, data in ${dataDir}`);
  const server = await startServer(port, dataDir);
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--autoplay-policy=no-user-gesture-required"],
  });
  try {
    const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    const errors: string[] = [];
    page.on("pageerror", e => errors.push(String(e)));
    // tsx compiles the evaluate() callbacks with esbuild's keepNames, which calls a __name helper.
    await page.addInitScript("globalThis.__name = (fn) => fn;");
    await page.goto(`http://127.0.0.1:${port}/#/`);
    await page.getByTestId("project-manager").waitFor();

    await createProject(page, "The Lighthouse");
    await importMedia(page, [media.title, media.sunset, media.aurora, media.score]);
    await addScreenplay(page);

    // V1: the sunset and the aurora before the screenplay's shots; V2: the title over the
    // sunset; A1: the score under the opening.
    await page.evaluate(() => (window as unknown as Host).__studio.actions.playback.setZoom(34));
    await dropOnTrack(page, { name: "sunset-over-the-sea", track: "V1", frame: 0 });
    await dropOnTrack(page, { name: "aurora", track: "V1", frame: 151 });
    await dropOnTrack(page, { name: "title-card", track: "V2", frame: 12 });
    await dropOnTrack(page, { name: "score", track: "A1", frame: 0 });
    const ids = await page.evaluate(() => {
      const items = (window as unknown as Host).__studio.state.tracks.timeline.items;
      return {
        title: items.find(i => i.track === "V2")?.id ?? "",
        sunset: items.find(i => i.track === "V1")?.id ?? "",
        shot: items.filter(i => i.track === "V1" && i.shotId).at(-1)?.id ?? "",
        shotId: items.filter(i => i.track === "V1" && i.shotId).at(-1)?.shotId ?? "",
      };
    });
    await page.getByTestId("timeline-scroller").evaluate(el => (el.scrollLeft = 0));

    // Timeline: the title selected over the sunset, markers at two cuts.
    for (const frame of [62, 150]) {
      await seek(page, frame);
      await page.keyboard.press("m");
    }
    await seek(page, 40);
    await select(page, [ids.title]);
    await setField(page, "opacity", "0.9");
    await dismissToasts(page);
    await waitSaved(page);
    await settle(page);
    mkdirSync(OUT_DIR, { recursive: true });
    await page.screenshot({ path: join(OUT_DIR, "timeline.png") });
    log("saved docs/screenshots/timeline.png");

    // Library: a card hovered (its delete button and "on timeline" badge).
    await select(page, []);
    await page.getByTestId("media-item").filter({ hasText: "aurora" }).hover();
    await page.waitForTimeout(300);
    await page.screenshot({
      path: join(OUT_DIR, "library.png"),
      clip: { x: 0, y: 0, width: 1000, height: 620 },
    });
    log("saved docs/screenshots/library.png");

    // Inspector: the last screenplay shot, prompted and generating on the GPU server; the player
    // shows its progress.
    await select(page, [ids.shot]);
    await setField(
      page,
      "prompt",
      "Weathered hands tie a rope to an iron cleat, mist on the harbour, first light, 35 mm film",
    );
    const shotClip = page.locator(`[data-testid="timeline-clip"][data-item-id="${ids.shot}"]`);
    await shotClip.scrollIntoViewIfNeeded();
    await seek(page, Number(await shotClip.getAttribute("data-start-frame")) + 30);
    await generateUntil(page, ids.shotId, 0.3);
    await dismissToasts(page);
    await settle(page);
    await page.screenshot({
      path: join(OUT_DIR, "inspector.png"),
      // Below the header, right of the library: the player, the timeline and the inspector.
      clip: { x: 260, y: 46, width: VIEWPORT.width - 260, height: VIEWPORT.height - 46 },
    });
    log("saved docs/screenshots/inspector.png");
    await page.evaluate(
      id => (window as unknown as Host).__studio.actions.jobs.cancelShot(id),
      ids.shotId,
    );

    // Storyboard: scenes as rows of shot cards.
    await page.getByTestId("view-storyboard").click();
    await page.getByTestId("storyboard-view").waitFor();
    await settle(page);
    await page.screenshot({ path: join(OUT_DIR, "storyboard.png") });
    log("saved docs/screenshots/storyboard.png");

    // Masking: the sun in the opening clip, tracked through it, its masks in the inspector.
    await page.getByTestId("view-timeline").click();
    await select(page, [ids.sunset]);
    await seek(page, 40);
    await page.getByTestId("masking-toggle").click();
    await clickPicture(page, { x: 476, y: 256 }, { width: 768, height: 512 });
    await page.locator('[data-testid="masking-overlay"][data-has-mask="true"]').waitFor();
    await page.getByTestId("masking-track-direction").selectOption("both");
    await page.getByTestId("masking-track").click();
    await page.getByTestId("inspector-object").first().waitFor({ timeout: 120_000 });
    await page.getByTestId("masking-toggle").click();
    await seek(page, 60);
    await dismissToasts(page);
    await settle(page);
    await page.screenshot({
      path: join(OUT_DIR, "masking.png"),
      clip: { x: 260, y: 46, width: VIEWPORT.width - 260, height: VIEWPORT.height - 46 },
    });
    log("saved docs/screenshots/masking.png");

    if (errors.length > 0) console.log(`# page errors: ${errors.join(" | ")}`);
  } finally {
    await browser.close();
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
