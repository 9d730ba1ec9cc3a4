/**
 * A fresh server per test: temp DATA_DIR, the generated fixture models (built once per test process
 * into a temp MODELS_DIR), CPU inference, silent logs, progress events unthrottled. Call `close()`
 * in afterEach; it also deletes the data dir.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_ROOT, loadConfig, type Config } from "../config";
import type { PipelineMap } from "../jobs/job-queue";
import { makeLogger } from "../logger";
import { makeRuntime, type Runtime } from "../runtime";

let fixtureDir: Promise<string> | undefined;

/** Generates every fixture model once per process into a temp folder; returns its path. */
export function ensureFixtureModels(): Promise<string> {
  fixtureDir ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), "milimo-models-"));
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
    const script = pathToFileURL(join(REPO_ROOT, "scripts/make-fixture-models.ts")).href;
    const { makeFixtureModels } = (await import(script)) as {
      makeFixtureModels: (outDir: string) => Promise<unknown>;
    };
    await makeFixtureModels(dir);
    return dir;
  })();
  return fixtureDir;
}

export interface TestApp extends Runtime {
  config: Config;
  dataDir: string;
  /** `app.request` with the path under the app. */
  request(path: string, init?: RequestInit): Promise<Response>;
}

export interface TestAppOptions {
  /** Extra environment, e.g. `{ API_TOKEN: "secret-token" }`. */
  env?: Record<string, string>;
  pipelines?: PipelineMap;
  /** Defaults to the generated fixtures. */
  modelsDir?: string;
  /** Reuse a data dir (restart tests); a new temp dir otherwise. */
  dataDir?: string;
  now?: () => Date;
  progressIntervalMs?: number;
}

/** Builds a runtime for one test. */
export async function makeTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const modelsDir = options.modelsDir ?? (await ensureFixtureModels());
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "milimo-data-"));
  const config = loadConfig({
    DATA_DIR: dataDir,
    MODELS_DIR: modelsDir,
    LOG_LEVEL: "silent",
    INFERENCE_DEVICE: "cpu",
    ...options.env,
  });
  const runtime = makeRuntime(config, {
    logger: makeLogger(config.logLevel),
    pipelines: options.pipelines,
    now: options.now,
    progressIntervalMs: options.progressIntervalMs ?? 0,
    retentionTimer: false,
  });
  return {
    ...runtime,
    config,
    dataDir,
    request: (path, init) => Promise.resolve(runtime.app.request(path, init)),
    async close() {
      await runtime.close();
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
