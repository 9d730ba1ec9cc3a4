/**
 * A minimal PipelineContext over a folder of models, for pipeline tests and the pipeline bench:
 * sessions come straight from onnxruntime-node (CPU), model.json files are read as the registry
 * would ("config" is the manifest's free-form constants), and progress reports are recorded.
 */
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InferenceSession } from "onnxruntime-node";
import type {
  ModelManifestView,
  PipelineContext,
  PipelineProgress,
  SessionProvider,
} from "../types";

export interface FixturePipelineContext extends PipelineContext {
  reports: PipelineProgress[];
  controller: AbortController;
  released: string[];
}

/** Reads every `<modelsDir>/<folder>/model.json` into manifest views. */
export async function readModelManifests(modelsDir: string): Promise<ModelManifestView[]> {
  const entries = await readdir(modelsDir, { withFileTypes: true });
  const models: ModelManifestView[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const dir = join(modelsDir, entry.name);
    const text = await readFile(join(dir, "model.json"), "utf8").catch(() => undefined);
    if (text === undefined) continue;
    const json = JSON.parse(text) as {
      id: string;
      task: string;
      files: Record<string, string>;
      config?: Record<string, unknown>;
    };
    models.push({
      id: json.id,
      task: json.task,
      dir,
      files: json.files,
      config: json.config ?? {},
    });
  }
  return models;
}

/** Sessions created on first use and cached per model and file; `wrap` may decorate each one. */
export function makeDirectSessionProvider({
  models,
  released,
  wrap = s => s,
}: {
  models: readonly ModelManifestView[];
  released?: string[];
  wrap?: (session: InferenceSession) => InferenceSession;
}): SessionProvider {
  const cache = new Map<string, Promise<InferenceSession>>();
  return {
    get(modelId, file) {
      const key = `${modelId}/${file}`;
      const hit = cache.get(key);
      if (hit) return hit;
      const model = models.find(m => m.id === modelId);
      const name = model?.files[file];
      if (!model || !name) return Promise.reject(new Error(`unknown model file ${key}`));
      const created = InferenceSession.create(join(model.dir, name)).then(wrap);
      cache.set(key, created);
      return created;
    },
    async release(modelId) {
      released?.push(modelId);
      for (const [key, session] of cache) {
        if (!key.startsWith(`${modelId}/`)) continue;
        cache.delete(key);
        await (await session).release();
      }
    },
  };
}

/** A context with a fresh temp workDir; uploads map upload ids to file paths. */
export async function makeFixturePipelineContext({
  models,
  uploads = {},
  sessions,
}: {
  models: readonly ModelManifestView[];
  uploads?: Record<string, string>;
  sessions?: SessionProvider;
}): Promise<FixturePipelineContext> {
  const controller = new AbortController();
  const reports: PipelineProgress[] = [];
  const released: string[] = [];
  return {
    jobId: `job-${Math.random().toString(36).slice(2)}`,
    signal: controller.signal,
    controller,
    reports,
    released,
    workDir: await mkdtemp(join(tmpdir(), "milimo-job-")),
    progress: p => reports.push(p),
    sessions: sessions ?? makeDirectSessionProvider({ models, released }),
    findModel: ({ task, id }) =>
      models.find(
        m => (id === undefined || m.id === id) && (task === undefined || m.task === task),
      ),
    uploadPath: uploadId => uploads[uploadId],
  };
}
