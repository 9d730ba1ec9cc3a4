/**
 * Studio benchmark (issue 5): a 1,000-clip project in headless Chromium.
 * - studio_open_1000_ms: from asking to open the project (hash route) to its clips on screen, i.e.
 *   restore from IndexedDB + first render; median of several opens.
 * - studio_drag_script_ms_per_frame: main-thread script time per pointer frame while trimming and
 *   while dragging a clip (CDP Performance.ScriptDuration over the gesture / pointer moves); the
 *   worse of the two gestures is the headline figure.
 * - studio_dropped_frames_10s: requestAnimationFrame gaps longer than 1.5x the frame interval
 *   during 10 s of playback.
 * Uses an existing e2e build at dist/web-bench (or builds one with VITE_E2E=1), serves it with a
 * tiny static server, prints `<metric> <value> <unit>` lines and writes bench/results/studio.json.
 * Run: npx tsx scripts/bench-studio.ts [--rebuild]
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, resolve } from "node:path";
import { chromium, type Page } from "playwright-core";

const ROOT = resolve(import.meta.dirname, "..");
const BUILD_DIR = join(ROOT, "dist", "web-bench");
const CLIPS = 1000;
const OPEN_RUNS = 5;
const GESTURE_MOVES = 60;
const PLAYBACK_MS = 10_000;
const TARGETS = { openMs: 300, dragMsPerFrame: 4, droppedFrames: 0 };

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".wasm": "application/wasm",
};

/** Builds dist/web-bench unless it exists; `--rebuild` forces a fresh build (after code changes). */
function ensureBuild(): void {
  if (existsSync(join(BUILD_DIR, "index.html")) && !process.argv.includes("--rebuild")) return;
  console.error("# building the studio into dist/web-bench (VITE_E2E=1) ...");
  const r = spawnSync("npx", ["vite", "build"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, VITE_E2E: "1", WEB_OUT_DIR: "../dist/web-bench" },
  });
  if (r.status !== 0) throw new Error("vite build failed");
}

/** Serves the build with the app's isolation headers; /api answers 503 (no GPU server needed). */
function serve(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Cross-Origin-Embedder-Policy", "require-corp");
    if (path.startsWith("/api/")) {
      res.writeHead(503, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ error: { code: "SERVER_UNREACHABLE", message: "bench: no server" } }),
      );
      return;
    }
    let file = join(BUILD_DIR, path);
    if (!file.startsWith(BUILD_DIR) || !existsSync(file) || path.endsWith("/")) {
      file = join(BUILD_DIR, "index.html");
    }
    res.writeHead(200, { "content-type": MIME[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  return new Promise(done =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      done({ server, url: `http://127.0.0.1:${port}/` });
    }),
  );
}

/** Creates a project with CLIPS V1 clips (+ a few overlay/audio clips) through window.__studio. */
async function seedProject(page: Page): Promise<string> {
  return page.evaluate(async clips => {
    type Studio = {
      actions: {
        project: { create(i: { name: string }): Promise<string>; save(): Promise<void> };
        track: { load(t: unknown): void };
      };
      state: {
        project: { status: string; current: { id: string } | null };
        tracks: { timeline: { tracks: unknown[] } };
      };
    };
    const studio = (window as unknown as { __studio: Studio }).__studio;
    const id = await studio.actions.project.create({ name: "Bench 1000" });
    // The route opens the project (as a click in the project list would).
    location.hash = `#/project/${id}`;
    await new Promise<void>(done => {
      const check = () =>
        studio.state.project.status === "open" && studio.state.project.current?.id === id
          ? done()
          : setTimeout(check, 10);
      check();
    });
    const item = (k: number, track: string, startFrame: number, sourceFrames: number) => ({
      id: `clip-${track}-${k}`,
      track,
      mediaId: null,
      shotId: null,
      sourceFrames,
      trimIn: 0,
      trimOut: 0,
      startFrame,
      opacity: 1,
      x: 0,
      y: 0,
      scale: 1,
      gain: 1,
      label: `Clip ${k + 1}`,
    });
    const items = [];
    for (let k = 0; k < clips; k += 1) items.push(item(k, "V1", 0, 25 + ((k * 37) % 100)));
    for (let k = 0; k < 20; k += 1) items.push(item(k, "V2", k * 300, 60));
    for (let k = 0; k < 20; k += 1) items.push(item(k, "A1", k * 250, 120));
    studio.actions.track.load({
      items,
      tracks: JSON.parse(JSON.stringify(studio.state.tracks.timeline.tracks)) as unknown[],
      markers: [],
    });
    await studio.actions.project.save();
    return id;
  }, CLIPS);
}

async function measureOpen(page: Page, projectId: string): Promise<number[]> {
  const runs: number[] = [];
  for (let run = 0; run < OPEN_RUNS; run += 1) {
    await page.evaluate(() => {
      location.hash = "#/";
    });
    await page.getByTestId("project-manager").waitFor();
    const ms = await page.evaluate(async id => {
      const t0 = performance.now();
      location.hash = `#/project/${id}`;
      // Opened = the project's clips are in the DOM and a frame has been painted with them.
      await new Promise<void>(done => {
        const check = () =>
          document.querySelector('[data-testid="timeline-clip"]')
            ? done()
            : requestAnimationFrame(check);
        check();
      });
      await new Promise(r => requestAnimationFrame(() => r(null)));
      return performance.now() - t0;
    }, projectId);
    runs.push(ms);
  }
  return runs;
}

/** Script ms per pointer move over one gesture, from CDP's ScriptDuration (whole main thread). */
async function measureGesture(
  page: Page,
  target: { x: number; y: number },
  dxPerMove: number,
): Promise<{ cdpMsPerMove: number; handlerMsPerMove: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const scriptSeconds = async () => {
    const { metrics } = await cdp.send("Performance.getMetrics");
    return metrics.find(m => m.name === "ScriptDuration")?.value ?? 0;
  };
  await page.evaluate(() => performance.clearMeasures("studio-drag"));
  await page.mouse.move(target.x, target.y);
  await page.mouse.down();
  const before = await scriptSeconds();
  for (let k = 1; k <= GESTURE_MOVES; k += 1) {
    await page.mouse.move(target.x + k * dxPerMove, target.y);
  }
  const after = await scriptSeconds();
  await page.mouse.up();
  const handled = await page.evaluate(() =>
    performance.getEntriesByName("studio-drag").map(e => e.duration),
  );
  // Honesty check: a gesture that never reached the timeline would measure an idle page.
  if (handled.length < GESTURE_MOVES / 2) {
    throw new Error(
      `only ${handled.length} of ${GESTURE_MOVES} pointer moves reached the timeline`,
    );
  }
  const handlerMs = handled.reduce((sum, d) => sum + d, 0);
  await cdp.detach();
  return {
    cdpMsPerMove: ((after - before) * 1000) / GESTURE_MOVES,
    handlerMsPerMove: handlerMs / GESTURE_MOVES,
  };
}

async function measureDrag(page: Page) {
  // Zoom in so clips are wide enough to grab, then trim the out handle of a clip mid-screen.
  await page.evaluate(() => {
    const s = (
      window as unknown as { __studio: { actions: { playback: { setZoom(z: number): void } } } }
    ).__studio;
    s.actions.playback.setZoom(120);
  });
  await page.waitForTimeout(100);
  // A clip at least 2 s wide (> 60 frames) whose out handle is inside the timeline's viewport.
  const scroller = await page.getByTestId("timeline-scroller").boundingBox();
  if (!scroller) throw new Error("no timeline on screen");
  const clips = page.locator('[data-testid="timeline-clip"][data-track="V1"]');
  type Box = { x: number; y: number; width: number; height: number };
  let cb: Box | null = null;
  let hb: Box | null = null;
  for (let k = 0; k < (await clips.count()); k += 1) {
    const box = await clips.nth(k).boundingBox();
    const handle = await clips.nth(k).getByTestId("trim-out").boundingBox();
    if (box && handle && box.width > 240 && handle.x + handle.width < scroller.x + scroller.width) {
      cb = box;
      hb = handle;
      break;
    }
  }
  if (!hb || !cb) throw new Error("no clip on screen to drag");
  // Shorten by 120 px (1 s) in 2 px steps, then drag a clip 240 px right in 4 px steps.
  const trim = await measureGesture(page, { x: hb.x + hb.width / 2, y: hb.y + hb.height / 2 }, -2);
  const move = await measureGesture(page, { x: cb.x + cb.width / 2, y: cb.y + cb.height / 2 }, 4);
  return { trim, move };
}

/** Waits until autosave has written everything (a pending write would land inside the measurement). */
async function waitForSaved(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      type S = { state: { ui: { save: { state: string } } } };
      const s = (window as unknown as { __studio: S }).__studio;
      return ["saved", "idle"].includes(s.state.ui.save.state);
    },
    null,
    { timeout: 10_000 },
  );
  await page.waitForTimeout(500);
}

async function measurePlayback(page: Page) {
  await waitForSaved(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const busySeconds = async () => {
    const { metrics } = await cdp.send("Performance.getMetrics");
    const get = (name: string) => metrics.find(m => m.name === name)?.value ?? 0;
    return { script: get("ScriptDuration"), task: get("TaskDuration") };
  };
  const before = await busySeconds();
  const result = await page.evaluate(async durationMs => {
    type S = { actions: { playback: { seek(f: number): void; play(): void; pause(): void } } };
    const s = (window as unknown as { __studio: S }).__studio;
    s.actions.playback.seek(0);
    // Learn the display's frame interval before playing.
    const probe: number[] = [];
    await new Promise<void>(done => {
      const step = (t: number) => {
        probe.push(t);
        if (probe.length < 30) requestAnimationFrame(step);
        else done();
      };
      requestAnimationFrame(step);
    });
    const deltas = probe
      .slice(1)
      .map((t, k) => t - (probe[k] ?? t))
      .sort((a, b) => a - b);
    const interval = deltas[Math.floor(deltas.length / 2)] ?? 16.7;
    const stamps: number[] = [];
    s.actions.playback.play();
    await new Promise<void>(done => {
      const t0 = performance.now();
      const step = (t: number) => {
        stamps.push(t);
        if (t - t0 < durationMs) requestAnimationFrame(step);
        else done();
      };
      requestAnimationFrame(step);
    });
    s.actions.playback.pause();
    let dropped = 0;
    let worst = 0;
    for (let k = 1; k < stamps.length; k += 1) {
      const gap = (stamps[k] ?? 0) - (stamps[k - 1] ?? 0);
      worst = Math.max(worst, gap);
      if (gap > 1.5 * interval) dropped += 1;
    }
    const frame = Number(
      document.querySelector('[data-testid="playhead"]')?.getAttribute("data-frame"),
    );
    return {
      dropped,
      frames: stamps.length,
      intervalMs: interval,
      worstGapMs: worst,
      playheadFrame: frame,
    };
  }, PLAYBACK_MS);
  const after = await busySeconds();
  await cdp.detach();
  return {
    ...result,
    scriptMsPerFrame: ((after.script - before.script) * 1000) / result.frames,
    taskMsPerFrame: ((after.task - before.task) * 1000) / result.frames,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

async function main(): Promise<void> {
  ensureBuild();
  const { server, url } = await serve();
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu-vsync-throttling"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", e => errors.push(String(e)));
    // tsx compiles the evaluate() callbacks with esbuild's keepNames, which calls a __name helper.
    await page.addInitScript("globalThis.__name = (fn) => fn;");
    await page.goto(url);
    await page.waitForFunction(() => "__studio" in window, null, { timeout: 30_000 });
    const projectId = await seedProject(page);
    const open = await measureOpen(page, projectId);
    await waitForSaved(page);
    const drag = await measureDrag(page);
    const playback = await measurePlayback(page);

    const results = {
      studio_open_1000_ms: round(median(open), 1),
      studio_open_1000_max_ms: round(Math.max(...open), 1),
      studio_drag_script_ms_per_frame: round(
        Math.max(drag.trim.cdpMsPerMove, drag.move.cdpMsPerMove),
        3,
      ),
      studio_trim_script_ms_per_frame: round(drag.trim.cdpMsPerMove, 3),
      studio_move_script_ms_per_frame: round(drag.move.cdpMsPerMove, 3),
      studio_trim_handler_ms_per_frame: round(drag.trim.handlerMsPerMove, 3),
      studio_move_handler_ms_per_frame: round(drag.move.handlerMsPerMove, 3),
      studio_dropped_frames_10s: playback.dropped,
      studio_playback_frames_10s: playback.frames,
      studio_playback_worst_gap_ms: round(playback.worstGapMs, 1),
      // Main-thread time per displayed frame while playing: the app's own cost, apart from the
      // machine's load (dropped frames also count frames lost to other processes).
      studio_playback_script_ms_per_frame: round(playback.scriptMsPerFrame, 3),
      studio_playback_main_thread_ms_per_frame: round(playback.taskMsPerFrame, 3),
    };
    const units: Record<string, string> = {
      studio_dropped_frames_10s: "frames",
      studio_playback_frames_10s: "frames",
    };
    for (const [metric, value] of Object.entries(results)) {
      console.log(`${metric} ${value} ${units[metric] ?? "ms"}`);
    }
    console.log(
      `# targets: open <= ${TARGETS.openMs} ms, <= ${TARGETS.dragMsPerFrame} ms per frame, ${TARGETS.droppedFrames} dropped frames` +
        ` (rAF interval ${round(playback.intervalMs)} ms, playhead reached frame ${playback.playheadFrame})`,
    );
    if (errors.length > 0) console.log(`# page errors: ${errors.join(" | ")}`);
    mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
    writeFileSync(
      join(ROOT, "bench", "results", "studio.json"),
      `${JSON.stringify(results, null, 2)}\n`,
    );
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
