/**
 * Runs one image job at a time for a component (the Images view, an element card): uploads the
 * references, creates the job, lists it in the Jobs view through `actions.jobs.followJob`, follows
 * its progress in the store's SSE-fed jobs state (with a slow poll while the stream is down, as the
 * player's mask jobs do), then stores the picture in the media library as a generated image. The
 * follow lives in its own root, so leaving the view mid-job still lands the picture in the library.
 */
import { createSignal, type Accessor } from "solid-js";
import type { ApiClient } from "../../api/client";
import type { MediaRecord } from "../../db/records";
import { toErrorNotice } from "../../errors/report-error";
import { makeJobsApi } from "../../jobs/jobs-api";
import { followJobToEnd } from "../../jobs/follow-job";
import { makeId, type Job } from "@milimo/shared/schema";
import type { StudioStore } from "../../store/create-studio-store";
import type { ImageJobPlan } from "./image-form";

/** What a running image job shows: fraction 0..1, the server's message and ETA in seconds. */
export interface ImageJobProgress {
  jobId: string | null;
  fraction: number;
  message: string;
  etaSeconds: number | null;
}

/** How a run ended, in words for the user. */
export type ImageJobOutcome =
  { ok: true; mediaId: string } | { ok: false; cancelled: boolean; message: string };

export interface ImageJobRunner {
  progress: Accessor<ImageJobProgress | null>;
  /** Runs the plan; the picture is stored as `name` (a .png). Never throws. */
  run(args: { plan: ImageJobPlan; name: string }): Promise<ImageJobOutcome>;
  /** Cancels the running job on the server (the run then ends as cancelled). */
  cancel(): Promise<void>;
}

class JobEndedError extends Error {
  constructor(
    message: string,
    readonly cancelled: boolean,
  ) {
    super(message);
  }
}

/** An image job runner bound to the store and an api client; stops following on cleanup. */
export function createImageJobRunner({
  store,
  api,
}: {
  store: StudioStore;
  api: ApiClient;
}): ImageJobRunner {
  const { state, actions } = store;
  const jobsApi = makeJobsApi(api);
  const [progress, setProgress] = createSignal<ImageJobProgress | null>(null);
  let cancelRequested = false;

  const follow = async (job: Job): Promise<Job> => {
    const finished = await followJobToEnd({
      state,
      followJob: current => actions.jobs.followJob(current),
      getJob: id => jobsApi.getJob(id),
      job,
      onUpdate: ({ status, progress: p }) =>
        setProgress({
          jobId: job.id,
          fraction: p.fraction,
          message: p.message || (status === "queued" ? "Waiting for the GPU…" : "Starting…"),
          etaSeconds: p.etaSeconds,
        }),
    });
    if (finished.status === "completed") return finished;
    if (finished.status === "cancelled") throw new JobEndedError("Cancelled.", true);
    throw new JobEndedError(
      finished.error?.message ?? "The image could not be generated. Try again.",
      false,
    );
  };

  const uploadReferences = async (plan: ImageJobPlan) => {
    const conditioning: { uploadId: string; frame: number; strength: number }[] = [];
    for (const ref of plan.references) {
      const blob = await actions.project.readBlob(ref.mediaId, "media");
      // A reference deleted from the library meanwhile is skipped rather than failing the run.
      if (!blob) continue;
      const { id } = await jobsApi.upload(blob, ref.mediaId);
      conditioning.push({ uploadId: id, frame: 0, strength: ref.strength });
    }
    return conditioning;
  };

  const createJob = async (plan: ImageJobPlan): Promise<Job> => {
    const conditioning = await uploadReferences(plan);
    return jobsApi.createJob({
      kind: "generate-image",
      params: { ...plan.params, ...(conditioning.length > 0 ? { conditioning } : {}) },
    });
  };

  const storeImage = async ({
    job,
    plan,
    name,
  }: {
    job: Job;
    plan: ImageJobPlan;
    name: string;
  }) => {
    const project = state.project.current;
    if (!project) throw new Error("No project is open.");
    const blob = await jobsApi.fetchArtifact(job.id, "image.png");
    const record: MediaRecord = {
      id: makeId(),
      projectId: project.id,
      kind: "image",
      name,
      mime: "image/png",
      bytes: blob.size,
      durationFrames: null,
      width: plan.params.width,
      height: plan.params.height,
      createdAt: new Date().toISOString(),
      source: "generated",
    };
    await actions.project.addMedia({ media: record, blob, thumbnail: null });
    return record.id;
  };

  return {
    progress,
    async run({ plan, name }) {
      cancelRequested = false;
      setProgress({ jobId: null, fraction: 0, message: "Sending…", etaSeconds: null });
      try {
        const job = await createJob(plan);
        if (cancelRequested) await jobsApi.cancelJob(job.id).catch(() => undefined);
        const done = await follow(job);
        setProgress({ jobId: job.id, fraction: 1, message: "Saving…", etaSeconds: 0 });
        const mediaId = await storeImage({ job: done, plan, name });
        return { ok: true, mediaId };
      } catch (error) {
        if (error instanceof JobEndedError) {
          return { ok: false, cancelled: error.cancelled, message: error.message };
        }
        const notice = toErrorNotice(error);
        return {
          ok: false,
          cancelled: false,
          message: wordsOf(notice),
        };
      } finally {
        setProgress(null);
      }
    },
    async cancel() {
      cancelRequested = true;
      const jobId = progress()?.jobId;
      if (jobId) await jobsApi.cancelJob(jobId).catch(() => undefined);
    },
  };
}

// "Title. Detail Remedy" without doubled full stops.
function wordsOf(notice: { title: string; detail: string; remedy: string }): string {
  const title = notice.title.replace(/[.!?]$/, "");
  return [`${title}.`, notice.detail, notice.remedy].filter(Boolean).join(" ");
}
