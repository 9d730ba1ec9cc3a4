/**
 * The contract between the job runner and every pipeline (sam-embed, generate-image,
 * generate-video, inpaint, track, render). A pipeline is a plain async function: it reads its
 * validated params, reports progress after every step, checks `signal` between steps, writes its
 * artifacts into `workDir`, and returns their descriptions. The runner owns status, ETA, events
 * and the job store; a pipeline never touches them.
 */
import type { InferenceSession } from "onnxruntime-node";

/** One file a pipeline wrote into its job's `workDir`. */
export interface PipelineArtifact {
  /** File name inside workDir, e.g. "video.mp4". */
  name: string;
  mime: string;
  bytes: number;
}

export interface PipelineProgress {
  /** Steps done so far (after this report), 0..total. */
  step: number;
  total: number;
  /** A sentence a filmmaker understands, e.g. "Denoising step 12/40 · chunk 2/3". */
  message: string;
}

/** Loads ONNX sessions through the runtime's LRU (CUDA provider first, CPU otherwise). */
export interface SessionProvider {
  /** `file` is a key of the model's `model.json` `files` map, e.g. "denoiser". */
  get(modelId: string, file: string): Promise<InferenceSession>;
  /** Frees every session of the model (called on cancel and before loading another heavy model). */
  release(modelId: string): Promise<void>;
}

export interface ModelManifestView {
  id: string;
  task: string;
  dir: string;
  files: Record<string, string>;
  /** Free-form constants from model.json (preprocessing, latent shapes, frame limit, ...). */
  config: Record<string, unknown>;
}

export interface PipelineContext {
  jobId: string;
  signal: AbortSignal;
  /** Absolute path of the job's artifact folder; it exists when the pipeline starts. */
  workDir: string;
  progress(p: PipelineProgress): void;
  sessions: SessionProvider;
  /** Finds a model of a task (e.g. "sam-encoder", "video-denoiser"), or by id. */
  findModel(query: { task?: string; id?: string }): ModelManifestView | undefined;
  /** Absolute path of an uploaded file, or undefined when the upload id is unknown. */
  uploadPath(uploadId: string): string | undefined;
}

export type Pipeline<P> = (params: P, ctx: PipelineContext) => Promise<PipelineArtifact[]>;
