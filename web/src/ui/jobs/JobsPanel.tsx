import { For, Show, createMemo, createSignal, onMount, type JSX } from "solid-js";
import { isJobFinished, type Job } from "@milimo/shared/schema";
import { jobsActionsOf, selectJobs } from "../../jobs/jobs-slice";
import { useStudio } from "../../store/context";
import { JobProgress } from "./JobProgress";
import { JobStreamLine } from "./JobStreamLine";
import "./jobs.css";

const KIND_LABEL: Record<string, string> = {
  "generate-video": "Video",
  "generate-image": "Thumbnail",
  "sam-embed": "Segmentation",
  inpaint: "Inpaint",
  track: "Tracking",
  render: "Render",
};

/** Jobs the player's masking mode starts; they belong to a clip, not to a shot. */
const MASK_KINDS: ReadonlySet<string> = new Set(["inpaint", "track"]);

const STATUS_LABEL: Record<Job["status"], string> = {
  queued: "Queued",
  running: "Running",
  completed: "Done",
  failed: "Failed",
  cancelled: "Cancelled",
};

/** The queue: every job this studio follows, newest first, with progress, cancel and retry. */
export function JobsPanel(): JSX.Element {
  const store = useStudio();
  const { state } = store;
  const jobs = () => jobsActionsOf(store);
  const list = createMemo(() => {
    const { jobs: js } = selectJobs(state);
    return [...js.order].reverse().map(id => ({ job: js.byId[id], link: js.links[id] }));
  });
  const shotLabel = (shotId: string | undefined) => {
    if (!shotId) return "Not a shot in this project";
    const shot = state.shots.byId[shotId];
    if (!shot) return "A deleted shot";
    const text = (shot.action || shot.prompt).trim();
    return text.length > 70 ? `${text.slice(0, 70)}…` : text || "Untitled shot";
  };
  const [listError, setListError] = createSignal(false);
  onMount(() => {
    void jobs()
      .refreshAll()
      .then(ok => setListError(!ok));
  });
  const activeCount = () => list().filter(e => e.job && !isJobFinished(e.job.status)).length;

  return (
    <section class="jobs-panel" data-testid="jobs-panel" aria-label="Jobs">
      <header class="jobs-panel__header">
        <h2>Jobs</h2>
        <span class="jobs-panel__count" data-testid="jobs-active-count">
          {activeCount()} active
        </span>
        <JobStreamLine />
      </header>
      <Show when={listError()}>
        <p class="jobs-panel__empty" data-testid="jobs-list-error">
          The server's job list can't be loaded right now; jobs started here still show.
        </p>
      </Show>
      <Show
        when={list().length > 0}
        fallback={
          <p class="jobs-panel__empty" data-testid="jobs-empty">
            No jobs yet. Generate a shot from the Storyboard and it appears here.
          </p>
        }
      >
        <ol class="jobs-list">
          <For each={list()}>
            {entry => (
              <Show when={entry.job}>
                {job => (
                  <li
                    class="job-row"
                    data-testid="job-row"
                    data-job-id={job().id}
                    data-status={job().status}
                    data-shot-id={entry.link?.shotId ?? ""}
                  >
                    <div class="job-row__head">
                      <span class="job-row__kind">{KIND_LABEL[job().kind] ?? job().kind}</span>
                      <span class="job-row__shot" data-testid="job-shot">
                        {!entry.link && MASK_KINDS.has(job().kind)
                          ? "A mask on the player"
                          : shotLabel(entry.link?.shotId)}
                      </span>
                      <span
                        class={`job-row__status job-row__status--${job().status}`}
                        data-testid="job-status"
                      >
                        {STATUS_LABEL[job().status]}
                      </span>
                    </div>
                    <JobProgress job={job()} />
                    <Show when={job().error}>
                      {error => (
                        <p class="job-row__error" data-testid="job-error">
                          {error().message}
                        </p>
                      )}
                    </Show>
                    <div class="job-row__actions">
                      <Show when={!isJobFinished(job().status)}>
                        <button
                          type="button"
                          data-testid="job-cancel"
                          onClick={() => void jobs().cancelJob(job().id)}
                        >
                          Cancel
                        </button>
                      </Show>
                      <Show
                        when={
                          entry.link && (job().status === "failed" || job().status === "cancelled")
                        }
                      >
                        <button
                          type="button"
                          data-testid="job-retry"
                          onClick={() => void jobs().retryJob(job().id)}
                        >
                          Retry
                        </button>
                      </Show>
                    </div>
                  </li>
                )}
              </Show>
            )}
          </For>
        </ol>
      </Show>
    </section>
  );
}
