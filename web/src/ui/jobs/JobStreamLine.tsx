import { Match, Switch, type JSX } from "solid-js";
import { UNREACHABLE_AFTER_ATTEMPTS, selectJobs } from "../../jobs/jobs-slice";
import { useStudio } from "../../store/context";

/**
 * Whether live job updates are flowing. When the stream keeps failing the studio says the GPU
 * server is unreachable, and that everything else keeps working.
 */
export function JobStreamLine(): JSX.Element {
  const { state } = useStudio();
  const stream = () => selectJobs(state).jobStream;
  const unreachable = () =>
    stream().status === "reconnecting" && stream().attempt >= UNREACHABLE_AFTER_ATTEMPTS;
  return (
    <span
      class="job-stream"
      data-testid="job-stream-status"
      data-status={unreachable() ? "unreachable" : stream().status}
      role="status"
    >
      <Switch fallback="Not connected to the GPU server yet.">
        <Match when={stream().status === "open"}>Live updates on.</Match>
        <Match when={unreachable()}>
          The GPU server can't be reached. Generation waits; editing, playback and saving keep
          working. Retrying…
        </Match>
        <Match when={stream().status === "reconnecting"}>Reconnecting to the GPU server…</Match>
        <Match when={stream().status === "connecting"}>Connecting to the GPU server…</Match>
      </Switch>
    </span>
  );
}
