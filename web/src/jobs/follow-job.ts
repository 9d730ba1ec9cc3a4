/**
 * Follows one job until it finishes, for a component that waits on its result (an inpaint, a track,
 * a generated image): lists it in the store with `followJob`, so the Jobs view shows it and its SSE
 * events keep it current, asks the server for it every `pollMs` in case the event stream is down,
 * and reports every unfinished state. The follow lives in its own root, so the component may
 * unmount meanwhile and the promise still settles.
 */
import { createEffect, createRoot } from "solid-js";
import { isJobFinished, type Job } from "@milimo/shared/schema";
import type { StudioState } from "../store/create-studio-store";
import { selectJobs } from "./jobs-slice";

/** While the event stream is down, a running job is still asked for its state this often; ms. */
export const FALLBACK_POLL_MS = 1_500;

/**
 * Resolves with the finished job (completed, failed or cancelled: the caller says what each means);
 * rejects with `signal`'s reason when it aborts first. `onUpdate` sees each unfinished state.
 */
export function followJobToEnd({
  state,
  followJob,
  getJob,
  job,
  onUpdate,
  signal,
  pollMs = FALLBACK_POLL_MS,
}: {
  state: StudioState;
  followJob: (job: Job) => void;
  getJob: (jobId: string) => Promise<Job>;
  job: Job;
  onUpdate: (job: Job) => void;
  signal?: AbortSignal;
  pollMs?: number;
}): Promise<Job> {
  followJob(job);
  return new Promise<Job>((resolve, reject) => {
    createRoot(dispose => {
      let settled = false;
      const poll = setInterval(() => {
        getJob(job.id)
          .then(current => followJob(current))
          .catch(() => undefined);
      }, pollMs);
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearInterval(poll);
        signal?.removeEventListener("abort", onAbort);
        queueMicrotask(dispose);
        outcome();
      };
      const onAbort = () =>
        settle(() => {
          const reason: unknown = signal?.reason;
          reject(reason instanceof Error ? reason : new Error("Stopped following the job."));
        });
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener("abort", onAbort, { once: true });
      createEffect(() => {
        const current = selectJobs(state).jobs.byId[job.id] ?? job;
        if (!isJobFinished(current.status)) {
          onUpdate(current);
          return;
        }
        const finished = { ...current };
        settle(() => resolve(finished));
      });
    });
  });
}
