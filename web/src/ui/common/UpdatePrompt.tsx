import { Show, type JSX } from "solid-js";
import { useStudio } from "../../store/context";

/** "Update available — Reload" once a new service worker is waiting (workbox-window). */
export function UpdatePrompt(props: { onReload?: () => void }): JSX.Element {
  const { state, actions } = useStudio();
  const reload = async () => {
    // Save first: the reload must not lose the last edits.
    await actions.project.save().catch(() => undefined);
    props.onReload?.();
  };
  return (
    <Show when={state.ui.updateAvailable}>
      <div class="update-prompt" role="status" data-testid="update-prompt">
        <span>Update available</span>
        <button type="button" class="button button-primary" onClick={() => void reload()}>
          Reload
        </button>
        <button
          type="button"
          class="icon-button"
          aria-label="Later"
          onClick={() => actions.ui.setUpdateAvailable(false)}
        >
          ×
        </button>
      </div>
    </Show>
  );
}
