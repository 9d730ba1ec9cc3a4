import { For, Show, type JSX } from "solid-js";
import { useStudio } from "../../store/context";

/** Notices raised by actions (errors stay until dismissed; info and success fade on their own). */
export function Toasts(): JSX.Element {
  const { state, actions } = useStudio();
  return (
    <div class="toasts" aria-live="polite">
      <For each={state.ui.notices}>
        {notice => (
          <div
            class={`toast toast-${notice.kind}`}
            role={notice.kind === "error" ? "alert" : "status"}
            data-testid="toast"
            data-kind={notice.kind}
            data-code={notice.code}
          >
            <div class="toast-text">
              <strong>{notice.title}</strong>
              <Show when={notice.detail}>
                <p>{notice.detail}</p>
              </Show>
              <Show when={notice.remedy}>
                <p class="toast-remedy">{notice.remedy}</p>
              </Show>
              <Show when={notice.technical && notice.technical !== notice.detail}>
                <p class="toast-technical">{notice.technical}</p>
              </Show>
            </div>
            <button
              type="button"
              class="icon-button"
              aria-label="Dismiss"
              onClick={() => actions.ui.dismiss(notice.id)}
            >
              ×
            </button>
          </div>
        )}
      </For>
    </div>
  );
}
