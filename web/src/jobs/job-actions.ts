/**
 * Generation jobs for shots: submit, follow, cancel, retry, and bring results home. Policy: the
 * server owns the job (ARCHITECTURE §1), the shot only remembers `lastJobId`; every copy of a job
 * (create response, SSE event, hydration snapshot) goes through `mergeJob`, so arrival order never
 * matters. A completed job's artifacts are downloaded into IndexedDB exactly once per job, and only
 * if the job is still the shot's latest, so a late result never overwrites a newer one. Errors are
 * caught here, at the action entry points (STYLE §6), and end up on the shot with a Retry.
 */
import type { CreateJobRequest } from "@milimo/shared/api";
import type {
  Element,
  Job,
  JobEvent,
  MediaAsset,
  Project,
  Scene,
  Shot,
  ShotError,
} from "@milimo/shared/schema";
import { isJobFinished } from "@milimo/shared/schema";
import { findTriggers } from "@milimo/shared/elements";
import { StudioError } from "../errors/studio-error";
import { grabLastFrame, type FrameGrabber } from "./grab-last-frame";
import { makeJobEventStream, type JobEventStream, type JobStreamStatus } from "./job-events";
import { hydrateJobs } from "./hydrate-jobs";
import {
  findContinuityShot,
  planThumbnailJob,
  planVideoJob,
  type ConditioningSource,
} from "./job-plan";
import { applyJobEvent, shotStatusForJob, type JobLink } from "./jobs-state";
import type { EventSourceConstructor, TimerApi } from "./job-events";

/** An API failure as the client reports it: a code from `shared/api/errors` and words. */
export interface JobsApiError {
  code: string;
  message: string;
}

/** The HTTP calls jobs need (a subset of the studio's api client). */
export interface JobsApi {
  /** `POST /api/uploads`; returns the upload id (the file's sha256). */
  upload(file: Blob, name: string): Promise<{ id: string }>;
  /** `POST /api/jobs`; the created job (202). */
  createJob(request: CreateJobRequest): Promise<Job>;
  /** `GET /api/jobs/:id`; rejects with code JOB_NOT_FOUND when the server forgot it. */
  getJob(jobId: string): Promise<Job>;
  /** `POST /api/jobs/:id/cancel`; rejects with JOB_FINISHED (409) when already finished. */
  cancelJob(jobId: string): Promise<Job>;
  /** `GET /api/jobs/:id/artifacts/:name` as a Blob. */
  fetchArtifact(jobId: string, name: string): Promise<Blob>;
  /** `GET /api/jobs`: the server's recent jobs, newest first. */
  listJobs(): Promise<Job[]>;
}

/** What the prompt enhancer is asked (FEATURES §4): the built prompt and the shot's length. */
export interface PromptEnhanceRequest {
  shotId: string;
  prompt: string;
  numFrames: number;
  fps: number;
  /** Triggers and character names that must survive the rewrite. */
  keep: string[];
}

/** The enhancer's answer: the prompt to send, or why the built one is sent instead. */
export type PromptEnhanceOutcome = { ok: true; prompt: string } | { ok: false; reason: string };

/** A non-error message for the user (a toast). */
export interface JobsNotice {
  kind: "info";
  title: string;
  detail?: string;
}

/** The store reads and writes jobs need; an adapter over `{state, actions}` provides them. */
export interface JobsStudio {
  project(): Pick<Project, "id" | "fps"> | null;
  shot(shotId: string): Shot | undefined;
  /** Every shot in storyboard order (scene by scene). */
  shots(): Shot[];
  scene(sceneId: string | null): Scene | undefined;
  elements(): Element[];
  job(jobId: string): Job | undefined;
  /** The Blob of a local media asset, or undefined when it is gone. */
  mediaBlob(mediaId: string): Promise<Blob | undefined>;
  /** Job-driven shot changes (status, seed, lastJobId, media, error): saved, not undoable. */
  patchShot(shotId: string, patch: Partial<Shot>): void;
  /** Merges a job into the server slice (through `mergeJob`), recording its link when given. */
  putJob(job: Job, link?: JobLink): void;
  linkOf(jobId: string): JobLink | undefined;
  /** Stores a generated file (asset row + blob) in IndexedDB. */
  addMedia(asset: MediaAsset, blob: Blob): Promise<void>;
  /** Points the shot's V1 item at the media (appending one if the shot has none). */
  attachShotMedia(args: { shotId: string; mediaId: string; sourceFrames: number }): void;
  setStreamStatus(status: JobStreamStatus, info: { attempt: number }): void;
}

export interface JobActionsDeps {
  api: JobsApi;
  studio: JobsStudio;
  newId: () => string;
  /** Epoch ms. */
  now: () => number;
  /** URL of the event stream, e.g. `${baseUrl}/api/events`. */
  eventsUrl: string;
  token?: string;
  random?: () => number;
  EventSourceImpl?: EventSourceConstructor;
  timers?: TimerApi;
  /** Called after each stream event is applied (e2e builds record them); default: nothing. */
  onEventApplied?: (event: JobEvent) => void;
  /** Called with errors nobody else shows (e.g. a failed cancel); default: ignored. */
  onError?: (error: JobsApiError) => void;
  /** Reads a video's last frame for continuity; default: the browser's `grabLastFrame`. */
  grabLastFrame?: FrameGrabber;
  /** Rewrites the prompt of shots with "enhance prompt" on; default: none (sent as built). */
  enhancePrompt?: (request: PromptEnhanceRequest) => Promise<PromptEnhanceOutcome>;
  /** Progress and fallbacks worth telling the user ("Enhancing the prompt…"); default: ignored. */
  onNotice?: (notice: JobsNotice) => void;
}

export interface GenerateOptions {
  /** Keep the shot's seed even when unlocked (Retry runs the same thing again). */
  reuseSeed?: boolean;
}

export type JobActions = ReturnType<typeof makeJobActions>[0];

/** What a failure on the shot says when the cause is not an API error. */
function toShotError(error: unknown): ShotError {
  if (error && typeof error === "object" && "code" in error && "message" in error) {
    const { code, message } = error as JobsApiError;
    if (typeof code === "string" && typeof message === "string") return { code, message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: "INTERNAL", message };
}

function errorCodeOf(error: unknown): string | undefined {
  if (error && typeof error === "object" && "code" in error) {
    const code = error.code;
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}

/** Length in frames at the project's fps of `numFrames` generated at `fps`. */
export function toProjectFrames({
  numFrames,
  fps,
  projectFps,
}: {
  numFrames: number;
  fps: number;
  projectFps: number;
}): number {
  return Math.max(1, Math.round((numFrames * projectFps) / fps));
}

/**
 * Job actions over `deps`; returns `[actions, dispose]` (non-reactive, STYLE §3). `start()` opens
 * the event stream and hydrates the shots that were generating.
 */
export function makeJobActions(deps: JobActionsDeps) {
  const { api, studio } = deps;
  const random = deps.random ?? Math.random;
  const grab = deps.grabLastFrame ?? grabLastFrame;
  const finalizing = new Map<string, Promise<void>>();
  /** Shots between "Generate" and the server's answer; hydration must not judge them. */
  const submitting = new Set<string>();
  let stream: JobEventStream | null = null;
  let disposeStream: (() => void) | null = null;
  let openedBefore = false;
  const nowIso = () => new Date(deps.now()).toISOString();

  /** Mirrors a job onto its shot; a completed one is brought home. */
  function syncShot(job: Job): void {
    const link = studio.linkOf(job.id);
    if (!link) return;
    const shot = studio.shot(link.shotId);
    if (!shot) return;
    if (link.purpose === "thumbnail") {
      if (job.status === "completed") void finalize(job, link);
      return;
    }
    // An older job of the shot (replaced by a regenerate) must not touch it.
    if (shot.lastJobId !== job.id) return;
    if (job.status === "completed") {
      void finalize(job, link);
      return;
    }
    const status = shotStatusForJob(job.status);
    if (job.status === "failed") {
      studio.patchShot(shot.id, {
        status,
        error: job.error ?? { code: "PIPELINE_FAILED", message: job.progress.message },
      });
    } else if (shot.status !== status) {
      studio.patchShot(shot.id, { status, error: undefined });
    }
  }

  function putAndSync(job: Job, link?: JobLink): void {
    studio.putJob(job, link);
    const merged = studio.job(job.id) ?? job;
    syncShot(merged);
  }

  /** Downloads a completed job's artifacts once and points the shot (and V1 item) at them. */
  function finalize(job: Job, link: JobLink): Promise<void> {
    const existing = finalizing.get(job.id);
    if (existing) return existing;
    const run = (async () => {
      try {
        if (link.purpose === "thumbnail") await storeThumbnail(job, link.shotId);
        else await storeVideo(job, link.shotId);
      } catch (error) {
        finalizing.delete(job.id); // a later snapshot or Retry may try again
        const shot = studio.shot(link.shotId);
        if (shot && link.purpose === "video" && shot.lastJobId === job.id) {
          studio.patchShot(shot.id, { status: "failed", error: toShotError(error) });
        } else {
          deps.onError?.(toShotError(error));
        }
      }
    })();
    finalizing.set(job.id, run);
    return run;
  }

  async function downloadAsset({
    job,
    artifactName,
    kind,
    shot,
    durationFrames,
  }: {
    job: Job;
    artifactName: string;
    kind: "video" | "image";
    shot: Shot;
    durationFrames: number | null;
  }): Promise<MediaAsset | null> {
    const artifact = job.artifacts.find(a => a.name === artifactName);
    if (!artifact) return null;
    const project = studio.project();
    if (!project) throw new StudioError("INTERNAL", "No project is open.");
    const blob = await api.fetchArtifact(job.id, artifact.name);
    const params = job.params as { width?: unknown; height?: unknown };
    const asset: MediaAsset = {
      id: deps.newId(),
      projectId: project.id,
      kind,
      name: `${shotLabel(shot)} · ${artifact.name}`,
      mime: blob.type || artifact.mime,
      bytes: blob.size,
      durationFrames,
      width: typeof params.width === "number" ? params.width : shot.width,
      height: typeof params.height === "number" ? params.height : shot.height,
      createdAt: nowIso(),
      source: "generated",
    };
    await studio.addMedia(asset, blob);
    return asset;
  }

  async function storeVideo(job: Job, shotId: string): Promise<void> {
    const shot = studio.shot(shotId);
    const project = studio.project();
    if (!shot || !project || shot.lastJobId !== job.id) return;
    if (shot.status === "ready" && shot.mediaId) return;
    const params = job.params as { numFrames?: unknown; fps?: unknown };
    const numFrames = typeof params.numFrames === "number" ? params.numFrames : shot.numFrames;
    const fps = typeof params.fps === "number" ? params.fps : shot.fps;
    const durationFrames = toProjectFrames({ numFrames, fps, projectFps: project.fps });
    const videoName = job.artifacts.find(a => a.mime.startsWith("video/"))?.name ?? "video.mp4";
    const video = await downloadAsset({
      job,
      artifactName: videoName,
      kind: "video",
      shot,
      durationFrames,
    });
    if (!video) throw new StudioError("ARTIFACT_NOT_FOUND", "The job finished without a video.");
    const poster = await downloadAsset({
      job,
      artifactName: "poster.png",
      kind: "image",
      shot,
      durationFrames: null,
    });
    // The user may have regenerated while we downloaded; the newer job wins.
    if (studio.shot(shotId)?.lastJobId !== job.id) return;
    studio.patchShot(shotId, {
      status: "ready",
      mediaId: video.id,
      thumbnailMediaId: poster?.id ?? shot.thumbnailMediaId,
      error: undefined,
    });
    studio.attachShotMedia({ shotId, mediaId: video.id, sourceFrames: durationFrames });
  }

  async function storeThumbnail(job: Job, shotId: string): Promise<void> {
    const shot = studio.shot(shotId);
    if (!shot) return;
    const name = job.artifacts.find(a => a.mime.startsWith("image/"))?.name ?? "image.png";
    const image = await downloadAsset({
      job,
      artifactName: name,
      kind: "image",
      shot,
      durationFrames: null,
    });
    if (image) studio.patchShot(shotId, { thumbnailMediaId: image.id });
  }

  /** The previous shot's last frame as a PNG; a decode failure says how to go on without it. */
  async function lastFrameOf(video: Blob, fps: number): Promise<Blob> {
    try {
      return (await grab(video, { fps })).image;
    } catch (cause) {
      throw new StudioError(
        "CODEC_UNSUPPORTED",
        "The last frame of the previous shot could not be read for continuity. Put an image at " +
          "frame 0 of this shot, or choose text-to-video, then generate again.",
        { cause },
      );
    }
  }

  async function uploadConditioning(items: readonly ConditioningSource[]) {
    const uploaded: { uploadId: string; frame: number; strength: number }[] = [];
    for (const item of items) {
      const blob = await studio.mediaBlob(item.mediaId);
      // A deleted reference image (or previous video) is skipped rather than failing the shot.
      if (!blob) continue;
      const { id } = item.lastFrameOf
        ? await api.upload(
            await lastFrameOf(blob, item.lastFrameOf.fps),
            `${item.mediaId}-last-frame.png`,
          )
        : await api.upload(blob, item.mediaId);
      uploaded.push({ uploadId: id, frame: item.frame, strength: item.strength });
    }
    return uploaded;
  }

  function previousShotOf(shot: Shot): Shot | undefined {
    const inScene = studio.shots().filter(s => s.sceneId === shot.sceneId);
    const at = inScene.findIndex(s => s.id === shot.id);
    return at > 0 ? inScene[at - 1] : undefined;
  }

  /**
   * The LLM's rewrite of `prompt` (FEATURES §4); on any failure the built prompt goes out as is
   * and the user is told why, since a missing LLM must never block generation.
   */
  async function enhancedPromptOf(shot: Shot, prompt: string): Promise<string> {
    if (!deps.enhancePrompt) return prompt;
    deps.onNotice?.({ kind: "info", title: "Enhancing the prompt…", detail: shotLabel(shot) });
    const keep = [...new Set([...findTriggers(prompt).map(t => t.trigger), ...shot.characters])];
    let outcome: PromptEnhanceOutcome;
    try {
      outcome = await deps.enhancePrompt({
        shotId: shot.id,
        prompt,
        numFrames: shot.numFrames,
        fps: shot.fps,
        keep,
      });
    } catch (error) {
      outcome = { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
    if (outcome.ok) return outcome.prompt;
    deps.onNotice?.({
      kind: "info",
      title: "Generating with the prompt as built",
      detail: `Prompt enhancement failed (${outcome.reason}).`,
    });
    return prompt;
  }

  /** Submits a video job for the shot; the shot shows "queued" at once and the error on failure. */
  async function generateShot(shotId: string, options: GenerateOptions = {}): Promise<void> {
    const shot = studio.shot(shotId);
    if (!shot) return;
    const current = shot.lastJobId ? studio.job(shot.lastJobId) : undefined;
    if (submitting.has(shotId) || (current && !isJobFinished(current.status))) return;
    const plan = planVideoJob({
      shot,
      scene: studio.scene(shot.sceneId),
      previousShot: previousShotOf(shot),
      continuityShot: findContinuityShot({ shot, shots: studio.shots() }),
      elements: studio.elements(),
      reuseSeed: options.reuseSeed ?? false,
      random,
    });
    const before = { lastJobId: shot.lastJobId };
    studio.patchShot(shotId, { status: "queued", seed: plan.seed, error: undefined });
    submitting.add(shotId);
    try {
      const prompt = shot.enhancePrompt
        ? await enhancedPromptOf(shot, plan.params.prompt)
        : plan.params.prompt;
      const conditioning = await uploadConditioning(plan.conditioning);
      // The job records the prompt actually sent, enhanced or not.
      const job = await api.createJob({
        kind: "generate-video",
        params: { ...plan.params, prompt, ...(conditioning.length > 0 ? { conditioning } : {}) },
      });
      studio.patchShot(shotId, { lastJobId: job.id });
      putAndSync(job, { shotId, purpose: "video" });
    } catch (error) {
      studio.patchShot(shotId, {
        status: "failed",
        error: toShotError(error),
        lastJobId: before.lastJobId,
      });
    } finally {
      submitting.delete(shotId);
    }
  }

  /** Submits one job per shot, in the given order (the server queues them). */
  async function generateShots(shotIds: readonly string[]): Promise<void> {
    for (const id of shotIds) await generateShot(id);
  }

  /** Asks the server to cancel a job; the `cancelled` event (or the answer) updates the shot. */
  async function cancelJob(jobId: string): Promise<void> {
    try {
      putAndSync(await api.cancelJob(jobId));
    } catch (error) {
      if (errorCodeOf(error) === "JOB_FINISHED") {
        try {
          putAndSync(await api.getJob(jobId));
        } catch (inner) {
          deps.onError?.(toShotError(inner));
        }
        return;
      }
      deps.onError?.(toShotError(error));
    }
  }

  /** Cancels the shot's running or queued job, if any. */
  async function cancelShot(shotId: string): Promise<void> {
    const jobId = studio.shot(shotId)?.lastJobId;
    if (jobId) await cancelJob(jobId);
  }

  /** Cancels the jobs of every shot given. */
  async function cancelShots(shotIds: readonly string[]): Promise<void> {
    for (const id of shotIds) await cancelShot(id);
  }

  /** Runs the shot's last generation again with the same seed. */
  async function retryShot(shotId: string): Promise<void> {
    const shot = studio.shot(shotId);
    if (!shot) return;
    const job = shot.lastJobId ? studio.job(shot.lastJobId) : undefined;
    // A completed job whose download failed only needs the download again.
    if (job?.status === "completed") {
      const link = studio.linkOf(job.id) ?? { shotId, purpose: "video" as const };
      studio.patchShot(shotId, { status: "generating", error: undefined });
      await finalize(job, link);
      return;
    }
    await generateShot(shotId, { reuseSeed: true });
  }

  /** Retries the job from the queue panel: its shot's generation, or the thumbnail. */
  async function retryJob(jobId: string): Promise<void> {
    const link = studio.linkOf(jobId);
    if (!link) return;
    if (link.purpose === "thumbnail") await generateThumbnail(link.shotId);
    else await retryShot(link.shotId);
  }

  /** Submits a 512×320 storyboard thumbnail job for the shot. */
  async function generateThumbnail(shotId: string): Promise<void> {
    const shot = studio.shot(shotId);
    if (!shot) return;
    try {
      const params = planThumbnailJob({
        shot,
        scene: studio.scene(shot.sceneId),
        elements: studio.elements(),
      });
      const job = await api.createJob({ kind: "generate-image", params });
      putAndSync(job, { shotId, purpose: "thumbnail" });
    } catch (error) {
      deps.onError?.(toShotError(error));
    }
  }

  /**
   * Lists a job started elsewhere in the studio (an inpaint or track job from the player) in the
   * queue panel at once, before its first event; it stays unlinked, so no shot changes with it.
   */
  function followJob(job: Job): void {
    putAndSync(job);
  }

  /** Applies one SSE event (exported for the stream and for tests). */
  function applyEvent(event: JobEvent): void {
    const job = applyJobEvent({ job: studio.job(event.data.jobId), event, nowIso: nowIso() });
    putAndSync(job);
  }

  /** Fetches every shot that was generating and applies what the server says (ARCHITECTURE §3.5). */
  async function hydrate(): Promise<void> {
    const shots = studio.shots().filter(shot => !submitting.has(shot.id));
    const result = await hydrateJobs({ shots, api });
    for (const { shotId, job } of result.found) {
      putAndSync(job, studio.linkOf(job.id) ?? { shotId, purpose: "video" });
    }
    for (const { shotId, error } of result.lost) {
      studio.patchShot(shotId, { status: "failed", error });
    }
  }

  /**
   * Loads the server's recent jobs into the queue panel, linking each to the shot whose latest job
   * it is. Never throws; returns false when the server could not be asked.
   */
  async function refreshAll(): Promise<boolean> {
    let jobs: Job[];
    try {
      jobs = await api.listJobs();
    } catch {
      return false;
    }
    const shotByJob = new Map<string, string>();
    for (const shot of studio.shots()) if (shot.lastJobId) shotByJob.set(shot.lastJobId, shot.id);
    // Oldest first, so the panel's order (first seen) matches creation order.
    for (const job of [...jobs].reverse()) {
      const shotId = shotByJob.get(job.id);
      const link =
        studio.linkOf(job.id) ?? (shotId ? { shotId, purpose: "video" as const } : undefined);
      putAndSync(job, link);
    }
    return true;
  }

  /** Jobs this studio follows that are not finished, re-read after a reconnect. */
  async function refreshUnfinished(): Promise<void> {
    await hydrate();
  }

  function start(): void {
    if (stream) return;
    [stream, disposeStream] = makeJobEventStream({
      url: deps.eventsUrl,
      token: deps.token,
      onEvent: event => {
        applyEvent(event);
        deps.onEventApplied?.(event);
      },
      onStatus: (status, info) => {
        studio.setStreamStatus(status, info);
        // Replay covers what the server still logs; a snapshot covers the rest.
        if (status === "open") {
          if (openedBefore) void refreshUnfinished().catch(() => undefined);
          openedBefore = true;
        }
      },
      EventSourceImpl: deps.EventSourceImpl,
      timers: deps.timers,
      random,
    });
    void hydrate().catch(() => undefined);
  }

  const actions = {
    start,
    generateShot,
    generateShots,
    cancelJob,
    cancelShot,
    cancelShots,
    retryShot,
    retryJob,
    generateThumbnail,
    followJob,
    applyEvent,
    hydrate,
    refreshAll,
    /** The stream's reconnect, e.g. on the browser's `online` event. */
    reconnect(): void {
      stream?.reconnectNow();
    },
    /** Resolves when every artifact download started so far has finished (tests, e2e). */
    async settled(): Promise<void> {
      await Promise.all([...finalizing.values()]);
    },
  };
  const dispose = () => {
    disposeStream?.();
    disposeStream = null;
    stream = null;
  };
  return [actions, dispose] as const;
}

function shotLabel(shot: Shot): string {
  const text = (shot.action || shot.prompt).trim().replace(/\s+/g, " ");
  return text.length > 40 ? `${text.slice(0, 40)}…` : text || "Shot";
}
