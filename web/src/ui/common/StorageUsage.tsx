import { Show, type JSX } from "solid-js";
import { useStudio } from "../../store/context";
import { formatBytes } from "./format";

/** "Using 12 MB of 2 GB · kept by the browser" (persistent storage status). */
export function StorageUsage(): JSX.Element {
  const { state } = useStudio();
  return (
    <Show when={state.ui.storage}>
      {info => (
        <span
          class="storage-usage"
          data-testid="storage-usage"
          title={
            info().persisted
              ? "The browser keeps this studio's data even when disk space runs low."
              : "The browser may clear this data when disk space runs low. Export projects to keep a copy."
          }
        >
          Using {info().usageBytes === null ? "?" : formatBytes(info().usageBytes ?? 0)}
          <Show when={info().quotaBytes !== null}> of {formatBytes(info().quotaBytes ?? 0)}</Show>
          {" · "}
          {info().persisted ? "persistent" : "not persistent"}
        </span>
      )}
    </Show>
  );
}
