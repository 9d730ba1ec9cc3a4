import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { HealthResponseSchema, JobResponseSchema } from "@milimo/shared/api";
import type { Job } from "@milimo/shared/schema";
import { REPO_ROOT } from "./config";
import { openJobStore } from "./jobs/job-store";
import { ensureFixtureModels } from "./test/make-test-app";
import { renderJob } from "./test/requests";

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Starts `gpu-server/src/server.ts` as its own process (through tsx) and waits for /api/health. */
async function startServer(dataDir: string) {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(REPO_ROOT, "gpu-server/src/server.ts")],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        NODE_ENV: "test",
        PORT: String(port),
        HOST: "127.0.0.1",
        DATA_DIR: dataDir,
        MODELS_DIR: await ensureFixtureModels(),
        INFERENCE_DEVICE: "cpu",
        LOG_LEVEL: "warn",
        MILIMO_TEST_SLOW_PIPELINE: "render",
        MILIMO_TEST_STEP_MS: "20",
      },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  children.push(child);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early: ${stderr}`);
    const ok = await fetch(`${base}/api/health`).then(
      r => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`server did not start: ${stderr}`);
    await new Promise(r => setTimeout(r, 50));
  }
  const exited = new Promise<number | null>(resolve => child.once("exit", code => resolve(code)));
  return { child, base, exited };
}

async function getJob(base: string, id: string): Promise<Job> {
  return JobResponseSchema.parse(await (await fetch(`${base}/api/jobs/${id}`)).json()).job;
}

async function waitFor<T>(
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met: ${JSON.stringify(value)}`);
    await new Promise(r => setTimeout(r, 25));
  }
}

describe("server process", () => {
  it("after kill -9 mid-job, a restart marks the job failed with SERVER_RESTARTED and keeps queued jobs", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "milimo-restart-"));
    dirs.push(dataDir);
    const first = await startServer(dataDir);
    const post = async () => {
      const res = await fetch(`${first.base}/api/jobs`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(renderJob("restart")),
      });
      return JobResponseSchema.parse(await res.json()).job;
    };
    const running = await post();
    const queued = await post();
    await waitFor(
      () => getJob(first.base, running.id),
      j => j.status === "running" && j.progress.step >= 2,
    );

    first.child.kill("SIGKILL");
    await first.exited;

    const second = await startServer(dataDir);
    const failed = await getJob(second.base, running.id);
    expect(failed.status).toBe("failed");
    expect(failed.error?.code).toBe("SERVER_RESTARTED");
    expect(failed.finishedAt).toBeDefined();
    // The queued job never started, so it runs now instead of being lost.
    await waitFor(
      () => getJob(second.base, queued.id),
      j => j.status === "running",
    );
    const health = HealthResponseSchema.parse(
      await (await fetch(`${second.base}/api/health`)).json(),
    );
    expect(health.queue).toEqual({ queued: 0, running: 1 });

    // Graceful stop: the running job is failed with a reason, the process exits 0, SQLite is closed.
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
    const store = openJobStore(join(dataDir, "jobs.sqlite"));
    try {
      expect(store.getJob(queued.id)?.error?.code).toBe("SERVER_RESTARTED");
      expect(store.runningJobIds()).toEqual([]);
      const types = store.eventsAfter({ afterId: 0, jobIds: [running.id] }).map(e => e.type);
      expect(types.at(-1)).toBe("error");
    } finally {
      store.close();
    }
  }, 60_000);
});
