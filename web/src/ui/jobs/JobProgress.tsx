import { Show, type JSX } from "solid-js";
import type { Job } from "@milimo/shared/schema";
import { formatEta } from "../../jobs/jobs-state";

/** A job's progress bar with its message and ETA ("Denoising step 3/8 · about 0:12 left"). */
export function JobProgress(props: { job: Job }): JSX.Element {
  const percent = () => Math.round(props.job.progress.fraction * 100);
  const eta = () =>
    props.job.status === "running" ? formatEta(props.job.progress.etaSeconds) : "";
  return (
    <div class="job-progress" data-testid="job-progress" data-status={props.job.status}>
      <div
        class="job-progress__bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent()}
        data-testid="job-progress-bar"
        data-step={props.job.progress.step}
        data-total={props.job.progress.total}
      >
        <div class="job-progress__fill" style={{ width: `${percent()}%` }} />
      </div>
      <div class="job-progress__text">
        <span data-testid="job-message">{props.job.progress.message}</span>
        <Show when={eta()}>
          <span class="job-progress__eta" data-testid="job-eta">
            {" · about "}
            {eta()} left
          </span>
        </Show>
      </div>
    </div>
  );
}
