import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HealthResponseSchema } from "@milimo/shared/api";
import { makeLogger } from "../logger";
import { ensureFixtureModels, makeTestApp, type TestApp } from "../test/make-test-app";
import { redBluePng } from "../test/media";
import { expectBody, expectError } from "../test/requests";
import { loadModelRegistry } from "./model-registry";
import { makeSessionCache } from "./session-cache";

const logger = makeLogger("silent");
let dir: string;
let t: TestApp | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "milimo-registry-"));
});
afterEach(async () => {
  await t?.close();
  t = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Copies a fixture model folder into the temp models dir, optionally editing its model.json. */
async function copyFixture(
  folder: string,
  as = folder,
  edit?: (manifest: Record<string, unknown>) => void,
) {
  const source = join(await ensureFixtureModels(), folder);
  cpSync(source, join(dir, as), { recursive: true });
  if (edit) {
    const path = join(dir, as, "model.json");
    const manifest = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
    edit(manifest);
    writeFileSync(path, JSON.stringify(manifest));
  }
}

function writeFolder(name: string, files: Record<string, string>) {
  mkdirSync(join(dir, name), { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, name, file), text);
}

describe("model registry", () => {
  it("lists usable models and explains each unusable folder instead of crashing", async () => {
    await copyFixture("sam-fixture-encoder");
    writeFolder("no-manifest", { "model.onnx": "x" });
    writeFolder("bad-json", { "model.json": "{ nope" });
    writeFolder("no-files", {
      "model.json": JSON.stringify({ id: "no-files", task: "sam-encoder", files: {} }),
    });
    writeFolder("missing-file", {
      "model.json": JSON.stringify({ task: "sam-decoder", files: { decoder: "decoder.onnx" } }),
    });
    const registry = loadModelRegistry({ modelsDir: dir, logger });
    const summary = registry.list().map(e => [e.id, e.error?.code ?? "ok", e.error?.message ?? ""]);
    expect(summary).toEqual([
      [
        "bad-json",
        "MODEL_INVALID",
        expect.stringMatching(/bad-json\/model.json is not valid JSON/),
      ],
      ["missing-file", "MODEL_MISSING", expect.stringMatching(/missing decoder.onnx/)],
      [
        "no-files",
        "MODEL_INVALID",
        expect.stringMatching(/files: A model needs at least one file/),
      ],
      ["no-manifest", "MODEL_MISSING", "no-manifest/model.json is missing."],
      ["sam-fixture-encoder", "ok", ""],
    ]);
    expect(registry.manifests().map(m => m.id)).toEqual(["sam-fixture-encoder"]);
    expect(registry.find({ task: "sam-decoder" })).toBeUndefined();
  });

  it("prefers a real model over a fixture for the same task, and finds by id", async () => {
    await copyFixture("sam-fixture-encoder");
    await copyFixture("sam-fixture-encoder", "my-sam", m => {
      m.id = "my-sam";
      m.fixture = false;
    });
    const registry = loadModelRegistry({ modelsDir: dir, logger });
    expect(registry.find({ task: "sam-encoder" })?.id).toBe("my-sam");
    expect(registry.find({ id: "sam-fixture-encoder" })?.id).toBe("sam-fixture-encoder");
    const view = registry.find({ task: "sam-encoder" });
    expect(view?.config.preprocessing).toMatchObject({ longestSide: 1024 });
    expect(view?.files).toEqual({ encoder: "encoder.onnx" });
  });
});

describe("loading sessions", () => {
  it("refuses a model whose ONNX inputs differ from model.json (MODEL_INVALID) and health says why", async () => {
    await copyFixture("sam-fixture-encoder", "sam-fixture-encoder", m => {
      m.inputs = [{ name: "input_image", shape: [1024, 1024, 3] }];
    });
    t = await makeTestApp({ modelsDir: dir });
    const form = new FormData();
    form.append("image", new Blob([redBluePng(16, 16)]));
    const message = await expectError(
      await t.request("/api/sam/embed", { method: "POST", body: form }),
      500,
      "MODEL_INVALID",
    );
    expect(message).toMatch(
      /does not match its model.json: missing input "input_image"; undeclared input "image"/,
    );
    const health = await expectBody(await t.request("/api/health"), 200, HealthResponseSchema);
    expect(health.models[0]).toMatchObject({
      id: "sam-fixture-encoder",
      loaded: false,
      error: { code: "MODEL_INVALID" },
    });
  });

  it("reports a corrupt ONNX file as MODEL_INVALID and keeps serving", async () => {
    await copyFixture("sam-fixture-encoder");
    writeFileSync(join(dir, "sam-fixture-encoder", "encoder.onnx"), "this is not a protobuf");
    t = await makeTestApp({ modelsDir: dir });
    const form = new FormData();
    form.append("image", new Blob([redBluePng(16, 16)]));
    const message = await expectError(
      await t.request("/api/sam/embed", { method: "POST", body: form }),
      500,
      "MODEL_INVALID",
    );
    expect(message).toMatch(/could not be loaded/);
    expect((await t.request("/api/health")).status).toBe(200);
  });

  it("unloads the least recently used idle model to stay within the memory budget", async () => {
    const budget = 1000;
    for (const id of ["a", "b"]) {
      await copyFixture("sam-fixture-decoder", id, m => {
        m.id = id;
        m.memoryBytes = 600;
      });
    }
    const registry = loadModelRegistry({ modelsDir: dir, logger });
    const pinned = new Set<string>();
    const cache = makeSessionCache({
      registry,
      device: "cpu",
      budgetBytes: budget,
      logger,
      pinned: () => pinned,
    });
    try {
      await cache.get("a", "decoder");
      expect([...cache.loadedModelIds()]).toEqual(["a"]);
      await cache.get("b", "decoder");
      expect([...cache.loadedModelIds()]).toEqual(["b"]);
      // A model a running job holds is never unloaded, even past the budget.
      pinned.add("b");
      await cache.get("a", "decoder");
      expect([...cache.loadedModelIds()].sort()).toEqual(["a", "b"]);
      await cache.release("a");
      expect([...cache.loadedModelIds()]).toEqual(["b"]);
      await expect(cache.get("b", "encoder")).rejects.toThrow(/has no "encoder" file/);
      await expect(cache.get("zzz", "decoder")).rejects.toThrow(/not installed/);
    } finally {
      await cache.close();
    }
  });
});
