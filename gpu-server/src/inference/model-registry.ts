/**
 * The model registry: every `MODELS_DIR/<folder>/model.json`, validated by `ModelManifestSchema`.
 * A folder whose manifest is missing, unreadable or names absent files is listed with an error
 * (MODEL_INVALID) instead of crashing the server; a model whose ONNX inputs or outputs differ from
 * its manifest is marked invalid when a session first loads it. Real models win over fixtures when
 * both offer a task.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  ErrorCode,
  ModelManifestSchema,
  type ModelManifest,
  type ModelSignature,
} from "@milimo/shared/api";
import type { Logger } from "../logger";
import type { ModelManifestView } from "../pipelines/types";
import type { LoadedSessionInfo } from "./inference-thread";

export interface ModelEntry {
  /** The manifest id, or the folder name when the manifest is unusable. */
  id: string;
  folder: string;
  dir: string;
  /** Set when the manifest parsed; may still carry `error` after a failed load. */
  manifest: ModelManifest | undefined;
  task: string;
  fixture: boolean;
  error: { code: ErrorCode; message: string } | undefined;
}

export interface ModelRegistry {
  readonly modelsDir: string;
  /** Every folder, usable or not, sorted by id. */
  list(): ModelEntry[];
  /** Usable manifests. */
  manifests(): ModelManifest[];
  get(id: string): ModelEntry | undefined;
  /** A usable model by id, or the best of a task (real before fixture, then by id). */
  find(query: { task?: string; id?: string }): ModelManifestView | undefined;
  /** Absolute path of a model file given its role (`files` key) or its file name. */
  filePath(id: string, name: string): string | undefined;
  /** Marks a model unusable (e.g. its ONNX signature does not match). */
  markInvalid(id: string, message: string): void;
}

const RESERVED_KEYS = new Set(["id", "task", "files", "inputs", "outputs", "signatures", "config"]);

/** The manifest seen by pipelines: `config` merges top-level extras, `preprocessing` and `config`. */
export function toManifestView(manifest: ModelManifest, dir: string): ModelManifestView {
  const extras = Object.fromEntries(
    Object.entries(manifest).filter(([k]) => !RESERVED_KEYS.has(k)),
  );
  return {
    id: manifest.id,
    task: manifest.task,
    dir,
    files: { ...manifest.files },
    config: { ...extras, ...(manifest.config ?? {}) },
  };
}

/** The signature model.json declares for one file role, if any. */
export function expectedSignature(
  manifest: ModelManifest,
  role: string,
): ModelSignature | undefined {
  const perFile = manifest.signatures?.[role];
  if (perFile) return perFile;
  if (Object.keys(manifest.files).length === 1 && (manifest.inputs || manifest.outputs)) {
    return { inputs: manifest.inputs ?? [], outputs: manifest.outputs ?? [] };
  }
  return undefined;
}

/**
 * Differences between a loaded session and the manifest: every declared input must exist and the
 * session may need no undeclared input; every declared output must exist. Empty when they agree.
 */
export function compareSignature(expected: ModelSignature, actual: LoadedSessionInfo): string[] {
  const problems: string[] = [];
  const declaredIn = new Set(expected.inputs.map(t => t.name));
  for (const name of declaredIn)
    if (!actual.inputNames.includes(name)) problems.push(`missing input "${name}"`);
  for (const name of actual.inputNames)
    if (!declaredIn.has(name)) problems.push(`undeclared input "${name}"`);
  for (const t of expected.outputs)
    if (!actual.outputNames.includes(t.name)) problems.push(`missing output "${t.name}"`);
  return problems;
}

function readEntry(modelsDir: string, folder: string): ModelEntry {
  const dir = join(modelsDir, folder);
  const base = { id: folder, folder, dir, manifest: undefined, task: "unknown", fixture: false };
  const invalid = (message: string): ModelEntry => ({
    ...base,
    error: { code: ErrorCode.MODEL_INVALID, message },
  });
  const manifestPath = join(dir, "model.json");
  if (!existsSync(manifestPath)) {
    return {
      ...base,
      error: { code: ErrorCode.MODEL_MISSING, message: `${folder}/model.json is missing.` },
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(manifestPath, "utf8"));
  } catch (err) {
    return invalid(`${folder}/model.json is not valid JSON (${(err as Error).message}).`);
  }
  const withId = raw && typeof raw === "object" && !("id" in raw) ? { ...raw, id: folder } : raw;
  const parsed = ModelManifestSchema.safeParse(withId);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return invalid(
      `${folder}/model.json: ${issue?.path.join(".") || "manifest"}: ${issue?.message ?? "invalid"}.`,
    );
  }
  const manifest = parsed.data;
  const entry: ModelEntry = {
    id: manifest.id,
    folder,
    dir,
    manifest,
    task: manifest.task,
    fixture: manifest.fixture,
    error: undefined,
  };
  const missing = Object.values(manifest.files).filter(f => !existsSync(join(dir, f)));
  if (missing.length) {
    entry.error = {
      code: ErrorCode.MODEL_MISSING,
      message: `Model ${manifest.id} is missing ${missing.join(", ")} in ${dir}.`,
    };
  }
  return entry;
}

/** Scans `modelsDir` once (a missing folder gives an empty registry and a warning). */
export function loadModelRegistry(args: { modelsDir: string; logger: Logger }): ModelRegistry {
  const { modelsDir, logger } = args;
  const entries = new Map<string, ModelEntry>();
  if (!existsSync(modelsDir)) {
    logger.warn("MODELS_DIR does not exist; no models are available", { modelsDir });
  } else {
    for (const folder of readdirSync(modelsDir).sort()) {
      if (folder.startsWith(".") || !statSync(join(modelsDir, folder)).isDirectory()) continue;
      const entry = readEntry(modelsDir, folder);
      if (entries.has(entry.id)) {
        logger.warn("duplicate model id; keeping the first", { id: entry.id, folder });
        continue;
      }
      if (entry.error) logger.warn("model unusable", { id: entry.id, error: entry.error.message });
      entries.set(entry.id, entry);
    }
  }

  const usable = () => [...entries.values()].filter(e => e.manifest && !e.error);

  return {
    modelsDir,
    list: () => [...entries.values()].sort((a, b) => a.id.localeCompare(b.id)),
    manifests: () => usable().map(e => e.manifest as ModelManifest),
    get: id => entries.get(id),
    find({ task, id }) {
      const candidates = usable()
        .filter(e => (id === undefined || e.id === id) && (task === undefined || e.task === task))
        .sort((a, b) => Number(a.fixture) - Number(b.fixture) || a.id.localeCompare(b.id));
      const best = candidates[0];
      return best ? toManifestView(best.manifest as ModelManifest, best.dir) : undefined;
    },
    filePath(id, name) {
      const entry = entries.get(id);
      if (!entry?.manifest) return undefined;
      const files = entry.manifest.files;
      const file = Object.hasOwn(files, name)
        ? files[name]
        : Object.values(files).find(f => f === name);
      if (!file) return undefined;
      const path = join(entry.dir, file);
      return existsSync(path) ? path : undefined;
    },
    markInvalid(id, message) {
      const entry = entries.get(id);
      if (entry) entry.error = { code: ErrorCode.MODEL_INVALID, message };
    },
  };
}
