/**
 * Export on the GPU server (the `render` job) for long or high-resolution films: upload the files
 * the spec uses that the server lacks (upload ids are sha256s, so a `HEAD /api/uploads/:sha256`
 * answer of 200 skips the upload), start the job, follow its progress, then download `film.mp4`.
 * Cancelling cancels the job; the server kills ffmpeg and removes the partial file.
 */
import { ApiPath, ErrorCode, toErrorCode } from "@milimo/shared/api";
import {
  RENDER_ARTIFACT_NAME,
  computeExportProgress,
  listSpecMediaIds,
  type ExportProgress,
  type RenderParamsInput,
  type RenderSpec,
} from "@milimo/shared/render";
import { isJobFinished, type Job } from "@milimo/shared/schema";
import { ApiError } from "../api/api-error";
import type { ApiClient } from "../api/client";
import { StudioError } from "../errors/studio-error";
import type { JobsApi } from "../jobs/job-actions";
import { makeJobsApi } from "../jobs/jobs-api";
import type { LoadMediaBlob } from "./export-client";

/** How often the job is polled, in ms. */
export const SERVER_RENDER_POLL_MS = 1000;

/** Lowercase hex sha256 of a blob (the server's upload id for the same bytes). */
export async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map(b => b.toString(16).padStart(2, "0")).join("");
}

/** Whether the server already stores an upload with this id (any failure counts as no). */
export async function hasUpload(api: ApiClient, uploadId: string): Promise<boolean> {
  try {
    await api.fetchRaw(`${ApiPath.uploads}/${encodeURIComponent(uploadId)}`, { method: "HEAD" });
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.code === ErrorCode.SERVER_UNREACHABLE) throw error;
    return false;
  }
}

/** What the dialog shows while the server works. */
export type ServerRenderStatus =
  | { phase: "uploading"; done: number; total: number }
  | { phase: "rendering"; progress: ExportProgress; message: string };

function cancelledError(): StudioError {
  return new StudioError("EXPORT_CANCELLED", "The export was cancelled.");
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** Renders the spec on the server and returns the film; rejects with a StudioError. */
export async function renderOnServer({
  api,
  jobs = makeJobsApi(api),
  spec,
  loadBlob,
  mediaNames = {},
  onStatus,
  signal,
  pollMs = SERVER_RENDER_POLL_MS,
  now = () => Date.now(),
}: {
  api: ApiClient;
  /** The job calls over `api` (tests may replace single calls). */
  jobs?: JobsApi;
  spec: RenderSpec;
  loadBlob: LoadMediaBlob;
  /** File names by media id, sent with uploads. */
  mediaNames?: Readonly<Record<string, string>>;
  onStatus: (status: ServerRenderStatus) => void;
  signal?: AbortSignal;
  pollMs?: number;
  now?: () => number;
}): Promise<Blob> {
  const mediaIds = listSpecMediaIds(spec);
  const media: RenderParamsInput["media"] = [];
  onStatus({ phase: "uploading", done: 0, total: mediaIds.length });
  for (const [index, mediaId] of mediaIds.entries()) {
    if (signal?.aborted) throw cancelledError();
    const blob = await loadBlob(mediaId).catch(() => null);
    if (!blob) {
      throw new StudioError(
        "MEDIA_MISSING",
        `The file ${mediaNames[mediaId] ?? mediaId} is missing from this browser's storage.`,
      );
    }
    const sha = await sha256Hex(blob);
    const uploadId = (await hasUpload(api, sha))
      ? sha
      : (await jobs.upload(blob, mediaNames[mediaId] ?? mediaId)).id;
    media.push({ mediaId, uploadId });
    onStatus({ phase: "uploading", done: index + 1, total: mediaIds.length });
  }
  if (signal?.aborted) throw cancelledError();

  const params: RenderParamsInput = { spec, media };
  let job: Job = await jobs.createJob({ kind: "render", params });
  const started = now();
  const cancel = () => void jobs.cancelJob(job.id).catch(() => undefined);
  signal?.addEventListener("abort", cancel, { once: true });
  try {
    while (!isJobFinished(job.status)) {
      await sleep(pollMs, signal);
      if (signal?.aborted) throw cancelledError();
      job = await jobs.getJob(job.id);
      const progress = computeExportProgress({
        framesDone: job.progress.step,
        totalFrames: job.progress.total || spec.durationFrames,
        elapsedMs: now() - started,
      });
      const etaMs =
        job.progress.etaSeconds === null ? progress.etaMs : job.progress.etaSeconds * 1000;
      onStatus({
        phase: "rendering",
        progress: { ...progress, etaMs },
        message: job.progress.message,
      });
    }
  } finally {
    signal?.removeEventListener("abort", cancel);
  }
  if (job.status === "cancelled") throw cancelledError();
  if (job.status === "failed") {
    throw new StudioError(
      toErrorCode(job.error?.code),
      job.error?.message ?? "The server could not render the film.",
    );
  }
  return jobs.fetchArtifact(job.id, RENDER_ARTIFACT_NAME);
}
