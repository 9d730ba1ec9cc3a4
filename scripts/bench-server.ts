/**
 * GPU server benchmark (issue 4): SSE fan-out latency to 100 and 1,000 subscribers on loopback,
 * the job runner's bookkeeping per job and per event, and SAM embed latency on the fixture encoder.
 * The server runs in this process on 127.0.0.1 (CPU, fixture models, temp data dir); the SSE clients
 * are plain node:http streams in a child process, and events go out at 10 per second (a busy
 * studio). On a machine shared with other work the figures are an upper bound. Targets: p99 <= 50 ms at 1,000 subscribers;
 * bookkeeping <= 1 ms per event.
 * Prints `<metric> <value> <unit>` lines and writes bench/results/server.json.
 * Run: npx tsx scripts/bench-server.ts
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { serve } from "@hono/node-server";
import { CreateJobRequestSchema } from "@milimo/shared/api";
import { loadConfig } from "../gpu-server/src/config";
import type { PipelineMap } from "../gpu-server/src/jobs/job-queue";
import { makeLogger } from "../gpu-server/src/logger";
import { makeRuntime, type Runtime } from "../gpu-server/src/runtime";
import { encodePng } from "../gpu-server/src/test/media";
import { renderJob } from "../gpu-server/src/test/requests";
import { makeFixtureModels } from "./make-fixture-models";

const ROOT = resolve(import.meta.dirname, "..");
/** Progress events of a studio arrive about once a second per job; 10 per second is a busy server. */
const SSE_EVENTS = 30;
const SSE_GAP_MS = 100;
const JOBS_WARMUP = 50;
const JOBS_MEASURED = 500;
const PROGRESS_STEPS = 10;
const EMBED_WARMUP = 3;
const EMBED_RUNS = 20;

const results: Record<string, number> = {};
function report(key: string, value: number, unit: string) {
  const rounded = Math.round(value * 1000) / 1000;
  results[key] = rounded;
  console.log(`${key} ${rounded} ${unit}`);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

function makeBenchRuntime(dataDir: string, modelsDir: string, pipelines?: PipelineMap) {
  const config = loadConfig({
    DATA_DIR: dataDir,
    MODELS_DIR: modelsDir,
    LOG_LEVEL: "error",
    INFERENCE_DEVICE: "cpu",
  });
  return makeRuntime(config, {
    logger: makeLogger("error"),
    pipelines,
    progressIntervalMs: 0,
    retentionTimer: false,
  });
}

/**
 * The SSE clients run in a child process (node:http, no framework) so their parsing does not share
 * the server's event loop. Receive times are epoch milliseconds (`timeOrigin + now()`), comparable
 * across the two processes.
 */
const CLIENT_SCRIPT = `
import { request } from "node:http";
const [port, count, expected] = process.argv.slice(1).map(Number);
const received = new Map();
let open = 0, done = 0;
const reqs = [];
const finish = () => {
  for (const r of reqs) r.destroy();
  // A pipe write is asynchronous: exit only once the (large) line is flushed.
  process.stdout.write(JSON.stringify([...received.entries()]) + "\\n", () => process.exit(0));
};
for (let i = 0; i < count; i++) {
  const req = request({ host: "127.0.0.1", port, path: "/api/events" }, res => {
    res.setEncoding("utf8");
    let buffer = "", seen = 0;
    if (++open === count) process.stdout.write("ready\\n");
    res.on("data", chunk => {
      const at = performance.timeOrigin + performance.now();
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf("\\n\\n")) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const m = /^id: (\\d+)$/m.exec(block);
        if (!m) continue;
        const list = received.get(m[1]) ?? [];
        list.push(at);
        received.set(m[1], list);
        if (++seen === expected && ++done === count) finish();
      }
    });
  });
  req.on("error", e => { console.error(String(e)); process.exit(1); });
  req.end();
  reqs.push(req);
}
setTimeout(finish, 60000);
`;

const epochNow = () => performance.timeOrigin + performance.now();

async function benchSseFanOut(runtime: Runtime, port: number, subscribers: number) {
  const child = spawn(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      CLIENT_SCRIPT,
      String(port),
      String(subscribers),
      String(SSE_EVENTS),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let output = "";
  const lines: string[] = [];
  let wake: (() => void) | undefined;
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    output += chunk;
    let nl = output.indexOf("\n");
    while (nl !== -1) {
      lines.push(output.slice(0, nl));
      output = output.slice(nl + 1);
      nl = output.indexOf("\n");
    }
    wake?.();
  });
  const nextLine = async () => {
    while (lines.length === 0) await new Promise<void>(r => (wake = r));
    return lines.shift() as string;
  };
  if ((await nextLine()) !== "ready") throw new Error("SSE clients failed to connect");
  while (runtime.deps.hub.subscriberCount() < subscribers) await sleep(10);

  const sent = new Map<string, number>();
  const jobId = `bench-${subscribers}`;
  for (let i = 1; i <= SSE_EVENTS; i++) {
    const at = epochNow();
    const event = runtime.deps.hub.publish({
      jobId,
      type: "progress",
      data: {
        jobId,
        kind: "generate-video",
        status: "running",
        message: `Denoising step ${i}/${SSE_EVENTS}`,
        progress: {
          step: i,
          total: SSE_EVENTS,
          fraction: i / SSE_EVENTS,
          etaSeconds: 10,
          message: "x",
        },
      },
    });
    sent.set(String(event.id), at);
    await sleep(SSE_GAP_MS);
  }
  const received = new Map(JSON.parse(await nextLine()) as Array<[string, number[]]>);
  const latencies: number[] = [];
  let missing = 0;
  for (const [id, at] of sent) {
    const times = received.get(id) ?? [];
    missing += subscribers - times.length;
    for (const t of times) latencies.push(t - at);
  }
  latencies.sort((a, b) => a - b);
  while (runtime.deps.hub.subscriberCount() > 0) await sleep(10);
  if (missing > 0)
    console.error(`warning: ${missing} deliveries missing at ${subscribers} subscribers`);
  report(`sse_p50_ms_${subscribers}`, percentile(latencies, 50), "ms");
  report(`sse_p99_ms_${subscribers}`, percentile(latencies, 99), "ms");
}

async function benchBookkeeping(dataDir: string, modelsDir: string) {
  const pipelines: PipelineMap = {
    render: (_params, ctx) => {
      for (let step = 1; step <= PROGRESS_STEPS; step++) {
        ctx.progress({ step, total: PROGRESS_STEPS, message: `Step ${step}` });
      }
      return Promise.resolve([]);
    },
  };
  const runtime = makeBenchRuntime(dataDir, modelsDir, pipelines);
  const { queue } = runtime.deps;
  const submit = (n: number) => {
    for (let i = 0; i < n; i++) queue.submit(CreateJobRequestSchema.parse(renderJob(String(i))));
    return queue.whenIdle();
  };
  await submit(JOBS_WARMUP);
  const started = performance.now();
  await submit(JOBS_MEASURED);
  const perJob = (performance.now() - started) / JOBS_MEASURED;
  await runtime.close();
  const eventsPerJob = PROGRESS_STEPS + 3; // queued, started, progress × N, complete
  report("job_bookkeeping_ms", perJob, "ms");
  report("job_bookkeeping_ms_per_event", perJob / eventsPerJob, "ms");
}

async function benchSamEmbed(runtime: Runtime) {
  const embed = async (seed: number) => {
    const png = encodePng(640, 480, (x, y) => [
      (x + seed) % 256,
      (y * 2) % 256,
      x < 320 ? 200 : 30,
    ]);
    const form = new FormData();
    form.append("image", new Blob([new Uint8Array(png)]), "frame.png");
    const started = performance.now();
    const res = await runtime.app.request("/api/sam/embed", { method: "POST", body: form });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`embed failed: ${res.status}`);
    return { ms: performance.now() - started, cache: res.headers.get("X-Embedding-Cache") };
  };
  for (let i = 0; i < EMBED_WARMUP; i++) await embed(1000 + i);
  const misses: number[] = [];
  const hits: number[] = [];
  for (let i = 0; i < EMBED_RUNS; i++) {
    const miss = await embed(i);
    if (miss.cache !== "miss") throw new Error("expected a cache miss");
    misses.push(miss.ms);
    hits.push((await embed(i)).ms);
  }
  misses.sort((a, b) => a - b);
  hits.sort((a, b) => a - b);
  report("sam_embed_fixture_ms", percentile(misses, 50), "ms");
  report("sam_embed_cached_ms", percentile(hits, 50), "ms");
}

async function main() {
  const scratch = mkdtempSync(join(tmpdir(), "milimo-bench-server-"));
  try {
    const modelsDir = join(scratch, "models");
    await makeFixtureModels(modelsDir);
    const runtime = makeBenchRuntime(join(scratch, "data"), modelsDir);
    const server = serve({ fetch: runtime.app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise<void>(r => server.once("listening", () => r()));
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;

    await benchSseFanOut(runtime, port, 100);
    await benchSseFanOut(runtime, port, 1000);
    await benchSamEmbed(runtime);
    await runtime.close();
    await new Promise(r => server.close(r));

    await benchBookkeeping(join(scratch, "data-jobs"), modelsDir);

    const outDir = join(ROOT, "bench/results");
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, "server.json"), `${JSON.stringify(results, null, 2)}\n`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
