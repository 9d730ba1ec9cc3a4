// `npm run bench`: runs every `bench:*` script of the root package.json in turn; each prints
// `<metric> <value> <unit>` lines and writes bench/results/<name>.json.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const pkg = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8"));
const names = Object.keys(pkg.scripts).filter(name => name.startsWith("bench:"));
let failed = 0;
for (const name of names) {
  console.log(`\n# ${name}`);
  const r = spawnSync("npm", ["run", "--silent", name], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
