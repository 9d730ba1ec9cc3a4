/**
 * `npx tsx scripts/make-fixture-models.ts [outDir=models/fixtures]` (also `npm run models`): runs every
 * generator in scripts/fixtures/*.ts (each exports `makeFixture(outDir): Promise<void>`; other files
 * there are helpers and are skipped). A generator is skipped while its source is unchanged and the
 * files it wrote last time are still there with the same sizes (`<outDir>/.stamps/<name>.json`).
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = resolve(import.meta.dirname, "..");
const FIXTURES_DIR = join(ROOT, "scripts/fixtures");

interface Stamp {
  sourceHash: string;
  files: Record<string, number>;
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name);
    if (entry.name.startsWith(".")) return [];
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}

function readStamp(path: string): Stamp | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Stamp;
  } catch {
    return undefined;
  }
}

function isUpToDate(stamp: Stamp | undefined, sourceHash: string, outDir: string): boolean {
  if (!stamp || stamp.sourceHash !== sourceHash) return false;
  const files = Object.entries(stamp.files);
  return (
    files.length > 0 &&
    files.every(([file, size]) => {
      const path = join(outDir, file);
      return existsSync(path) && statSync(path).size === size;
    })
  );
}

/** Generates every fixture into `outDir`; returns the names it (re)built and those it skipped. */
export async function makeFixtureModels(
  outDir: string,
): Promise<{ built: string[]; skipped: string[] }> {
  const out = resolve(outDir);
  const stampsDir = join(out, ".stamps");
  mkdirSync(stampsDir, { recursive: true });
  const built: string[] = [];
  const skipped: string[] = [];
  const modules = readdirSync(FIXTURES_DIR)
    .filter(f => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith(".d.ts"))
    .sort();
  for (const file of modules) {
    const name = file.replace(/\.ts$/, "");
    const sourcePath = join(FIXTURES_DIR, file);
    const mod = (await import(pathToFileURL(sourcePath).href)) as {
      makeFixture?: (outDir: string) => Promise<void>;
    };
    if (typeof mod.makeFixture !== "function") continue;
    const sourceHash = createHash("sha256").update(readFileSync(sourcePath)).digest("hex");
    const stampPath = join(stampsDir, `${name}.json`);
    if (isUpToDate(readStamp(stampPath), sourceHash, out)) {
      skipped.push(name);
      continue;
    }
    const before = new Map(listFiles(out).map(p => [p, statSync(p).mtimeMs]));
    const startedMs = Date.now() - 1;
    await mod.makeFixture(out);
    const files: Record<string, number> = {};
    for (const path of listFiles(out)) {
      const info = statSync(path);
      const changed =
        !before.has(path) || info.mtimeMs >= startedMs || info.mtimeMs !== before.get(path);
      if (changed) files[relative(out, path)] = info.size;
    }
    writeFileSync(stampPath, `${JSON.stringify({ sourceHash, files } satisfies Stamp, null, 2)}\n`);
    built.push(name);
  }
  return { built, skipped };
}

const isMain = process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url;
if (isMain) {
  const outDir = process.argv[2] ? resolve(process.argv[2]) : join(ROOT, "models/fixtures");
  const started = performance.now();
  makeFixtureModels(outDir).then(
    ({ built, skipped }) => {
      const ms = Math.round(performance.now() - started);
      console.log(
        `Fixture models in ${relative(process.cwd(), outDir) || "."}: built ${built.join(", ") || "none"}; up to date ${skipped.join(", ") || "none"} (${ms} ms)`,
      );
    },
    (err: unknown) => {
      console.error("Could not generate the fixture models:", err);
      process.exit(1);
    },
  );
}
