/**
 * Server configuration from the environment, validated once at start. Relative directories resolve
 * against the repository root, not the working directory, so `npm run serve -w gpu-server` (cwd
 * gpu-server/) and `npx tsx gpu-server/src/server.ts` (cwd root) use the same folders.
 */
import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** The repository root (two levels above this file). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const emptyAsUndefined = (v: unknown) => (v === "" ? undefined : v);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
const intFrom = (def: number, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess(emptyAsUndefined, z.coerce.number().int().min(min).max(max).default(def));

export const LogLevel = {
  debug: "debug",
  info: "info",
  warn: "warn",
  error: "error",
  silent: "silent",
} as const;
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

const EnvSchema = z.object({
  PORT: intFrom(8787, 0, 65535),
  HOST: z.preprocess(emptyAsUndefined, z.string().default("127.0.0.1")),
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default("data")),
  MODELS_DIR: z.preprocess(emptyAsUndefined, z.string().default("models/fixtures")),
  STATIC_DIR: optionalString,
  RETENTION_HOURS: z.preprocess(emptyAsUndefined, z.coerce.number().positive().default(72)),
  API_TOKEN: z.preprocess(
    emptyAsUndefined,
    z.string().min(8, "API_TOKEN must be at least 8 characters").optional(),
  ),
  /** Comma-separated origins, or "*". */
  CORS_ORIGIN: optionalString,
  UPLOAD_MAX_BYTES: intFrom(512 * 1024 * 1024, 1),
  LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(LogLevel).default("info")),
  HEARTBEAT_MS: intFrom(15_000, 10),
  /** Memory budget of loaded ONNX sessions. */
  SESSION_MEMORY_MB: intFrom(8192, 1),
  /** "auto" probes CUDA; "cpu" skips the probe; "cuda" requires it. */
  INFERENCE_DEVICE: z.preprocess(emptyAsUndefined, z.enum(["auto", "cuda", "cpu"]).default("auto")),
  /** Most events kept for Last-Event-ID replay (older ones go first). */
  EVENT_LOG_MAX: intFrom(50_000, 100),
  /** Test-only (honoured when NODE_ENV=test): replace this job kind's pipeline by a slow fake. */
  MILIMO_TEST_SLOW_PIPELINE: optionalString,
  MILIMO_TEST_STEP_MS: intFrom(50, 1),
  NODE_ENV: optionalString,
});

export interface Config {
  port: number;
  host: string;
  /** Absolute. Holds jobs.sqlite, jobs/<id>/, uploads/, embeddings/. */
  dataDir: string;
  /** Absolute. */
  modelsDir: string;
  /** Absolute; the built studio, served with an SPA fallback. */
  staticDir: string | undefined;
  retentionMs: number;
  apiToken: string | undefined;
  /** Allowed cross-origin studio origins; empty means same-origin only. */
  corsOrigins: string[];
  uploadMaxBytes: number;
  logLevel: LogLevel;
  heartbeatMs: number;
  sessionMemoryBytes: number;
  inferenceDevice: "auto" | "cuda" | "cpu";
  eventLogMax: number;
  /** Set only under NODE_ENV=test. */
  testSlowPipeline: { kind: string; stepMs: number } | undefined;
}

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return (
    h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h) || h === "::ffff:127.0.0.1"
  );
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

const toAbsolute = (p: string) => (isAbsolute(p) ? p : resolve(REPO_ROOT, p));

/** Parses and checks the environment; throws ConfigError with every problem in one message. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(i => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid server configuration:\n  ${lines.join("\n  ")}`);
  }
  const e = parsed.data;
  if (!e.API_TOKEN && !isLoopbackHost(e.HOST)) {
    throw new ConfigError(
      `API_TOKEN is required when HOST is not a loopback address (HOST=${e.HOST}); set API_TOKEN to a long random string.`,
    );
  }
  const testMode = e.NODE_ENV === "test";
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: toAbsolute(e.DATA_DIR),
    modelsDir: toAbsolute(e.MODELS_DIR),
    staticDir: e.STATIC_DIR === undefined ? undefined : toAbsolute(e.STATIC_DIR),
    retentionMs: e.RETENTION_HOURS * 3_600_000,
    apiToken: e.API_TOKEN,
    corsOrigins: (e.CORS_ORIGIN ?? "")
      .split(",")
      .map(s => s.trim())
      .filter(Boolean),
    uploadMaxBytes: e.UPLOAD_MAX_BYTES,
    logLevel: e.LOG_LEVEL,
    heartbeatMs: e.HEARTBEAT_MS,
    sessionMemoryBytes: e.SESSION_MEMORY_MB * 1024 * 1024,
    inferenceDevice: e.INFERENCE_DEVICE,
    eventLogMax: e.EVENT_LOG_MAX,
    testSlowPipeline:
      testMode && e.MILIMO_TEST_SLOW_PIPELINE
        ? { kind: e.MILIMO_TEST_SLOW_PIPELINE, stepMs: e.MILIMO_TEST_STEP_MS }
        : undefined,
  };
}
