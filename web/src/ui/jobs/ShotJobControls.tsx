import { Match, Show, Switch, createMemo, type JSX } from "solid-js";
import { isJobFinished } from "@milimo/shared/schema";
import { selectJobs, jobsActionsOf } from "../../jobs/jobs-slice";
import { isShotGenerating } from "../../jobs/jobs-state";
import { useStudio } from "../../store/context";
import { JobProgress } from "./JobProgress";

/** Generate / Regenerate / Cancel / Retry for one shot, with its job's progress or error. */
export function ShotJobControls(props: { shotId: string }): JSX.Element {
  const store = useStudio();
  const { state } = store;
  const jobs = () => jobsActionsOf(store);
  const shot = () => state.shots.byId[props.shotId];
  const job = createMemo(() => {
    const id = shot()?.lastJobId;
    return id ? selectJobs(state).jobs.byId[id] : undefined;
  });
  const busy = () => {
    const s = shot();
    return s !== undefined && isShotGenerating(s.status);
  };
  // A finished job still shows while its result downloads; it can no longer be cancelled.
  const cancellable = () => {
    const j = job();
    return j !== undefined && !isJobFinished(j.status);
  };
  const run = (fn: () => Promise<void>) => () => void fn();

  return (
    <Show when={shot()}>
      {s => (
        <div class="shot-jobs" data-testid="shot-job-controls">
          <Switch>
            <Match when={busy()}>
              <Show
                when={job()}
                fallback={<span class="shot-jobs__note">Sending to the GPU server…</span>}
              >
                {j => <JobProgress job={j()} />}
              </Show>
              <button
                type="button"
                data-testid="shot-cancel"
                disabled={!cancellable()}
                onClick={run(() => jobs().cancelShot(props.shotId))}
              >
                Cancel
              </button>
            </Match>
            <Match when={s().status === "failed" || s().status === "cancelled"}>
              <p
                class="shot-jobs__error"
                data-testid="shot-error"
                role={s().status === "failed" ? "alert" : undefined}
              >
                {s().status === "cancelled"
                  ? "Generation cancelled."
                  : (s().error?.message ?? "Generation failed.")}
              </p>
              <button
                type="button"
                data-testid="shot-retry"
                onClick={run(() => jobs().retryShot(props.shotId))}
              >
                Retry
              </button>
            </Match>
            <Match when={s().status === "ready"}>
              <button
                type="button"
                data-testid="shot-regenerate"
                onClick={run(() => jobs().generateShot(props.shotId))}
              >
                Regenerate
              </button>
            </Match>
            <Match when={s().status === "draft"}>
              <button
                type="button"
                class="shot-jobs__primary"
                data-testid="shot-generate"
                onClick={run(() => jobs().generateShot(props.shotId))}
              >
                Generate
              </button>
            </Match>
          </Switch>
        </div>
      )}
    </Show>
  );
}
