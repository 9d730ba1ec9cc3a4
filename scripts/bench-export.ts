/**
 * Export benchmark: how many times faster than real time a 30-second 720p timeline exports in the
 * browser (headless Debian Chromium, the studio's WebCodecs + mediabunny exporter in a worker) and
 * on the server (the `render` pipeline's ffmpeg graph, run in-process as the job runner would).
 * The timeline is realistic: three V1 clips with trims and a split, a translucent V2 overlay for
 * 8 s and a 30 s A1 track. Prints `export_browser_realtime_x <v> x` and `export_server_realtime_x
 * <v> x` and writes bench/results/export.json. Target: >= 3x in the browser.
 * `--verify` instead exports the identity-clip arrangement both ways and checks every frame.
 * Run: npx tsx scripts/bench-export.ts [--verify]
 */
import { spawn } from "node:child_process";
import { createReadStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";
import { chromium } from "@playwright/test";
import { toRenderSpec, type RenderSpec } from "@milimo/shared/render";
import {
  makeTimeline,
  makeTimelineItem,
  type MediaAsset,
  type Timeline,
} from "@milimo/shared/schema";
import { splitItemAt, trimTimelineItem } from "@milimo/shared/timeline";
import { build } from "vite";
import {
  ARRANGED_TONE_SECONDS,
  CLIP_COLOURS,
  EXPORT_TEST_FORMAT,
  checkExportedFilm,
  makeArrangedTimeline,
  makeExportTestFiles,
} from "../e2e/clips/export-arrangement";
import { makeToneWav } from "../e2e/clips/export-clips";

const root = resolve(import.meta.dirname, "..");
const HARNESS_OUT = join(root, "dist", "export-harness");
const TARGET_X = 3;
const verify = process.argv.includes("--verify");

/** `window.__exportHarness` as web/src/export/export-harness.ts defines it. */
type HarnessWindow = {
  __exportHarness?: {
    run(args: {
      spec: RenderSpec;
      files: Record<string, string>;
      returnFile: boolean;
    }): Promise<HarnessRun>;
  };
};

type HarnessRun = {
  ok: boolean;
  ms?: number;
  bytes?: number;
  label?: string;
  note?: string | null;
  base64?: string | null;
  code?: string;
  message?: string;
};

async function run(binary: string, args: string[]): Promise<void> {
  const child = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>(r => child.on("close", r));
  if (code !== 0) throw new Error(`${binary} failed: ${stderr}`);
}

/** A 720p test-pattern clip of `frames` frames. */
function makePatternClip(path: string, frames: number, pattern: string): Promise<void> {
  // prettier-ignore
  return run("ffmpeg", [
    "-v", "error", "-y", "-f", "lavfi", "-i", `${pattern}=size=1280x720:rate=25:duration=${frames / 25}`,
    "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", "-g", "50", path,
  ]);
}

function asset(
  id: string,
  kind: MediaAsset["kind"],
  durationFrames: number | null,
  size: number,
): MediaAsset {
  return {
    id,
    projectId: "bench",
    kind,
    name: id,
    mime: kind === "audio" ? "audio/wav" : "video/mp4",
    bytes: 1,
    durationFrames,
    width: kind === "audio" ? null : size,
    height: kind === "audio" ? null : size,
    createdAt: new Date(0).toISOString(),
    source: "import",
  };
}

/** The 30 s 720p bench timeline: 750 frames at 25 fps. */
function makeBenchTimeline(): Timeline {
  let timeline = makeTimeline({
    items: [
      makeTimelineItem({ id: "a", mediaId: "a", sourceFrames: 300, trimIn: 25, trimOut: 25 }),
      makeTimelineItem({ id: "b", mediaId: "b", sourceFrames: 300 }),
      makeTimelineItem({ id: "c", mediaId: "c", sourceFrames: 250, trimOut: 25 }),
      makeTimelineItem({
        id: "o",
        track: "V2",
        mediaId: "o",
        sourceFrames: 200,
        startFrame: 300,
        scale: 0.4,
        x: 320,
        y: -160,
        opacity: 0.9,
      }),
      makeTimelineItem({ id: "m", track: "A1", mediaId: "m", sourceFrames: 750, startFrame: 0 }),
    ],
  });
  timeline = splitItemAt({ timeline, itemId: "b", frame: 375, newId: "b2" });
  return trimTimelineItem({ timeline, itemId: "b2", edge: "in", deltaFrames: 25 });
}

function specOf(
  timeline: Timeline,
  media: MediaAsset[],
  size: { width: number; height: number },
): RenderSpec {
  const result = toRenderSpec({
    timeline,
    project: { ...size, fps: 25 },
    media,
    options: { container: "mp4", videoCodec: "avc", audioCodec: "aac", quality: "high" },
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

async function buildHarness(): Promise<void> {
  await build({
    configFile: false,
    root,
    logLevel: "warn",
    build: {
      outDir: HARNESS_OUT,
      emptyOutDir: true,
      target: "es2022",
      rollupOptions: { input: join(root, "scripts/export-harness/index.html") },
    },
    worker: { format: "es" },
  });
}

const MIME: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".mp4": "video/mp4",
  ".wav": "audio/wav",
  ".css": "text/css",
};

/** Serves the harness build and the clips (`/clips/<name>`) on 127.0.0.1. */
async function serve(clipsDir: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname.startsWith("/clips/")
      ? join(clipsDir, url.pathname.slice("/clips/".length))
      : join(
          HARNESS_OUT,
          url.pathname === "/" ? "scripts/export-harness/index.html" : url.pathname,
        );
    try {
      const size = statSync(path).size;
      res.writeHead(200, {
        "Content-Type": MIME[extname(path)] ?? "application/octet-stream",
        "Content-Length": size,
      });
      createReadStream(path).pipe(res);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>(r => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { server, origin: `http://127.0.0.1:${port}` };
}

async function exportInBrowser(
  origin: string,
  spec: RenderSpec,
  files: Record<string, string>,
  returnFile: boolean,
) {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox"],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => (window as HarnessWindow).__exportHarness !== undefined);
    return await page.evaluate(
      args => {
        const harness = (window as HarnessWindow).__exportHarness;
        if (!harness) throw new Error("the export harness did not load");
        return harness.run(args);
      },
      { spec, files, returnFile },
    );
  } finally {
    await browser.close();
  }
}

/** Runs the server's render pipeline in a child process (as the job runner would); elapsed ms. */
async function exportOnServer(
  spec: RenderSpec,
  uploads: Record<string, string>,
  workDir: string,
): Promise<number> {
  const input = join(workDir, "render-input.json");
  writeFileSync(input, JSON.stringify({ spec, uploads, workDir }));
  const code = `
    import { readFileSync } from "node:fs";
    import { renderPipeline } from "./gpu-server/src/pipelines/render.ts";
    const { spec, uploads, workDir } = JSON.parse(readFileSync(${JSON.stringify(input)}, "utf8"));
    const media = Object.keys(uploads).map(mediaId => ({ mediaId, uploadId: mediaId }));
    const started = performance.now();
    renderPipeline({ spec, media }, {
      jobId: "bench", signal: new AbortController().signal, workDir, progress: () => {},
      sessions: { get: () => Promise.reject(new Error("no models")), release: async () => {} },
      findModel: () => undefined, uploadPath: id => uploads[id],
    }).then(() => console.log("ELAPSED_MS", performance.now() - started));
  `;
  const child = spawn("npx", ["tsx", "--eval", code], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const status = await new Promise<number | null>(r => child.on("close", r));
  const match = /ELAPSED_MS ([\d.]+)/.exec(out);
  if (status !== 0 || !match) throw new Error(`server render failed: ${err || out}`);
  return Number(match[1]);
}

async function runVerify(dir: string): Promise<void> {
  const files = await makeExportTestFiles(join(dir, "clips"));
  const { width, height, fps } = EXPORT_TEST_FORMAT;
  const timeline = makeArrangedTimeline({ red: "red", green: "green", blue: "blue", tone: "tone" });
  const media = [
    asset("red", "video", 60, width),
    asset("green", "video", 60, width),
    asset("blue", "video", 60, width),
    asset("tone", "audio", 35, width),
  ];
  const spec = specOf(timeline, media, { width, height });
  const colourOf = (id: string) => CLIP_COLOURS[id as keyof typeof CLIP_COLOURS];
  await buildHarness();
  const { server, origin } = await serve(join(dir, "clips"));
  try {
    const urls = Object.fromEntries(
      ["red", "green", "blue"].map(n => [n, `${origin}/clips/${n}.mp4`]),
    );
    const result = await exportInBrowser(
      origin,
      spec,
      { ...urls, tone: `${origin}/clips/tone.wav` },
      true,
    );
    if (!result.ok || !result.base64)
      throw new Error(`browser export failed: ${result.code} ${result.message}`);
    const browserFilm = join(dir, "browser.mp4");
    writeFileSync(browserFilm, Buffer.from(result.base64, "base64"));
    console.log(`browser: ${result.label}${result.note ? ` (${result.note})` : ""}`);
    const browserProblems = await checkExportedFilm({
      path: browserFilm,
      spec,
      colourOf,
      toneSeconds: ARRANGED_TONE_SECONDS,
    });
    console.log(browserProblems.length === 0 ? "browser film OK" : browserProblems.join("\n"));
    const workDir = join(dir, "server");
    mkdirSync(workDir, { recursive: true });
    await exportOnServer(spec, files, workDir);
    const serverProblems = await checkExportedFilm({
      path: join(workDir, "film.mp4"),
      spec,
      colourOf,
      toneSeconds: ARRANGED_TONE_SECONDS,
    });
    console.log(serverProblems.length === 0 ? "server film OK" : serverProblems.join("\n"));
    if (browserProblems.length + serverProblems.length > 0) process.exitCode = 1;
  } finally {
    server.close();
  }
  void fps;
}

async function runBench(dir: string): Promise<void> {
  const clips = join(dir, "clips");
  mkdirSync(clips, { recursive: true });
  await Promise.all([
    makePatternClip(join(clips, "a.mp4"), 300, "testsrc2"),
    makePatternClip(join(clips, "b.mp4"), 300, "smptehdbars"),
  ]);
  await Promise.all([
    makePatternClip(join(clips, "c.mp4"), 250, "testsrc"),
    makePatternClip(join(clips, "o.mp4"), 200, "rgbtestsrc"),
    makeToneWav({ path: join(clips, "m.wav"), silenceSeconds: 0, toneSeconds: 30 }),
  ]);
  const media = [
    asset("a", "video", 300, 720),
    asset("b", "video", 300, 720),
    asset("c", "video", 250, 720),
    asset("o", "video", 200, 720),
    asset("m", "audio", 750, 720),
  ];
  const spec = specOf(makeBenchTimeline(), media, { width: 1280, height: 720 });
  const seconds = spec.durationFrames / spec.fps;
  await buildHarness();
  const { server, origin } = await serve(clips);
  let browserX: number;
  let label: string;
  try {
    const files = Object.fromEntries(
      media.map(m => [m.id, `${origin}/clips/${m.id}.${m.kind === "audio" ? "wav" : "mp4"}`]),
    );
    const result = await exportInBrowser(origin, spec, files, false);
    if (!result.ok || result.ms === undefined)
      throw new Error(`browser export failed: ${result.code} ${result.message}`);
    browserX = seconds / (result.ms / 1000);
    label = result.label ?? "";
  } finally {
    server.close();
  }
  const uploads = Object.fromEntries(
    media.map(m => [m.id, join(clips, `${m.id}.${m.kind === "audio" ? "wav" : "mp4"}`)]),
  );
  const workDir = join(dir, "server");
  mkdirSync(workDir, { recursive: true });
  const serverMs = await exportOnServer(spec, uploads, workDir);
  const serverX = seconds / (serverMs / 1000);
  const round = (v: number) => Math.round(v * 100) / 100;
  console.log(`export_browser_realtime_x ${round(browserX)} x`);
  console.log(`export_server_realtime_x ${round(serverX)} x`);
  console.log(
    `# ${seconds} s of 1280x720 at 25 fps; browser ${label}; target >= ${TARGET_X}x in the browser`,
  );
  mkdirSync(join(root, "bench", "results"), { recursive: true });
  writeFileSync(
    join(root, "bench", "results", "export.json"),
    `${JSON.stringify(
      {
        export_browser_realtime_x: round(browserX),
        export_server_realtime_x: round(serverX),
        export_browser_target_x: TARGET_X,
        timeline: { seconds, width: 1280, height: 720, fps: 25, browserFormat: label },
      },
      null,
      2,
    )}\n`,
  );
}

const dir = mkdtempSync(join(tmpdir(), "milimo-bench-export-"));
try {
  await (verify ? runVerify(dir) : runBench(dir));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
