/**
 * Hydration (ARCHITECTURE §3.5): on load, and after the event stream reconnects, every shot that was
 * queued or generating asks `GET /api/jobs/:id` where its job stands. Policy: a job the server no
 * longer knows fails the shot with words and a Retry; an unreachable server changes nothing (the
 * shot keeps waiting, and the next successful connection hydrates again).
 */
import type { Job, Shot, ShotError } from "@milimo/shared/schema";
import { isShotGenerating } from "./jobs-state";

/** What hydration needs from the API. */
export interface HydrationApi {
  getJob(jobId: string): Promise<Job>;
}

export interface HydrationResult {
  /** Jobs the server returned, with the shot that waits for each. */
  found: { shotId: string; job: Job }[];
  /** Shots whose job is gone for good, with the error to show. */
  lost: { shotId: string; error: ShotError }[];
  /** Shots left as they were because the server could not be asked. */
  pending: string[];
}

/** Shown when the server has no record of a shot's job (retention, or a wiped data folder). */
export const JOB_LOST_ERROR: ShotError = {
  code: "JOB_NOT_FOUND",
  message: "The server no longer has this shot's job. Generate it again.",
};

/** Shown when a shot was left "queued" before its job reached the server (e.g. a reload mid-upload). */
export const JOB_NEVER_SENT_ERROR: ShotError = {
  code: "JOB_NOT_FOUND",
  message: "This shot's generation never reached the server. Generate it again.",
};

function codeOf(error: unknown): string | undefined {
  if (error && typeof error === "object" && "code" in error) {
    const { code } = error;
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}

/** Asks the server about every generating shot, in parallel; never throws. */
export async function hydrateJobs({
  shots,
  api,
}: {
  shots: readonly Pick<Shot, "id" | "status" | "lastJobId">[];
  api: HydrationApi;
}): Promise<HydrationResult> {
  const result: HydrationResult = { found: [], lost: [], pending: [] };
  const waiting = shots.filter(shot => isShotGenerating(shot.status));
  const answers = await Promise.allSettled(
    waiting.map(shot => (shot.lastJobId ? api.getJob(shot.lastJobId) : Promise.resolve(null))),
  );
  answers.forEach((answer, i) => {
    const shot = waiting[i];
    if (!shot) return;
    if (answer.status === "fulfilled") {
      if (answer.value) result.found.push({ shotId: shot.id, job: answer.value });
      else result.lost.push({ shotId: shot.id, error: JOB_NEVER_SENT_ERROR });
    } else if (codeOf(answer.reason) === "JOB_NOT_FOUND") {
      result.lost.push({ shotId: shot.id, error: JOB_LOST_ERROR });
    } else {
      result.pending.push(shot.id);
    }
  });
  return result;
}
