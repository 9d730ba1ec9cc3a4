// `npm start`: one process serves the built studio and /api (ARCHITECTURE §7).
// Builds the studio once if dist/web is missing or older than web/ sources, generates the fixture
// models when no real MODELS_DIR is given, then runs the GPU server in the foreground.
import { spawnSync, spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const run = (cmd, args, env = {}) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

run("bash", ["scripts/install-system-deps.sh"]);

const indexHtml = join(root, "dist/web/index.html");
const sourcesChanged =
  !existsSync(indexHtml) ||
  Math.max(newestMtime(join(root, "web")), newestMtime(join(root, "shared/src"))) >
    statSync(indexHtml).mtimeMs;
if (sourcesChanged) {
  console.log("Building the studio…");
  run("npx", ["vite", "build"]);
}

if (!process.env.MODELS_DIR) run("npx", ["tsx", "scripts/make-fixture-models.ts"]);

const port = process.env.PORT ?? "8787";
console.log(`\nMilimo Studio: http://localhost:${port}\n`);
const server = spawn("npx", ["tsx", "gpu-server/src/server.ts"], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...process.env,
    PORT: port,
    STATIC_DIR: process.env.STATIC_DIR ?? "dist/web",
    MODELS_DIR: process.env.MODELS_DIR ?? "models/fixtures",
  },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", code => process.exit(code ?? 0));
