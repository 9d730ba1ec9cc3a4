/**
 * Starts the GPU server: `npx tsx gpu-server/src/server.ts` (or `npm run serve -w gpu-server`).
 * SIGTERM / SIGINT shut down gracefully: running jobs are failed with SERVER_RESTARTED (queued ones
 * stay queued for the next start), event streams end, SQLite closes; a second signal or 10 s later
 * the process exits regardless.
 */
import { serve } from "@hono/node-server";
import { ConfigError, loadConfig, type Config } from "./config";
import { makeLogger } from "./logger";
import { makeRuntime } from "./runtime";

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}

const logger = makeLogger(config.logLevel);
const runtime = makeRuntime(config, { logger });
const server = serve(
  { fetch: runtime.app.fetch, port: config.port, hostname: config.host },
  info => {
    logger.info(`Milimo GPU server listening on http://${config.host}:${info.port}`, {
      device: runtime.deps.device,
      modelsDir: config.modelsDir,
      dataDir: config.dataDir,
      staticDir: config.staticDir,
      auth: config.apiToken ? "token" : "none",
    });
  },
);
server.on("error", (err: NodeJS.ErrnoException) => {
  logger.error(
    err.code === "EADDRINUSE"
      ? `Port ${config.port} is already in use; set PORT to another port.`
      : "server error",
    { error: err },
  );
  process.exit(1);
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) process.exit(1);
  stopping = true;
  logger.info(`${signal}: shutting down`);
  setTimeout(() => process.exit(1), 10_000).unref();
  server.close();
  await runtime.close().catch((err: unknown) => logger.error("shutdown error", { error: err }));
  if ("closeAllConnections" in server) server.closeAllConnections();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
