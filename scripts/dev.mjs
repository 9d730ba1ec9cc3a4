// `npm run dev`: the GPU server on PORT (default 8787) and Vite's dev server with hot reload,
// proxying /api to it (vite.config.ts).
import { spawn, spawnSync } from "node:child_process";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
if (!process.env.MODELS_DIR) {
  spawnSync("npx", ["tsx", "scripts/make-fixture-models.ts"], { cwd: root, stdio: "inherit" });
}
const children = [
  spawn("npx", ["tsx", "gpu-server/src/server.ts"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, MODELS_DIR: process.env.MODELS_DIR ?? "models/fixtures" },
  }),
  spawn("npx", ["vite"], { cwd: root, stdio: "inherit" }),
];
const stop = signal => children.forEach(c => c.kill(signal));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => stop(signal));
for (const c of children) c.on("exit", code => (stop("SIGTERM"), process.exit(code ?? 0)));
