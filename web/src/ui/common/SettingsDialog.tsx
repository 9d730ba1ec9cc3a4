import { Show, createEffect, createSignal, type JSX } from "solid-js";
import { useStudio } from "../../store/context";
import { Dialog } from "./Dialog";
import { StorageUsage } from "./StorageUsage";

/** Studio settings: where the GPU server is (URL + token) and how much storage is used. */
export function SettingsDialog(props: { open: boolean; onClose: () => void }): JSX.Element {
  const { state, actions } = useStudio();
  const [baseUrl, setBaseUrl] = createSignal("");
  const [token, setToken] = createSignal("");
  const [urlError, setUrlError] = createSignal<string | null>(null);
  const [checking, setChecking] = createSignal(false);

  createEffect(() => {
    if (!props.open) return;
    setBaseUrl(state.server.config.baseUrl);
    setToken(state.server.config.token);
    setUrlError(null);
    void actions.project.refreshStorage();
  });

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    const url = baseUrl().trim();
    if (url !== "" && !/^https?:\/\/[^\s/]+/.test(url)) {
      setUrlError("Enter a full address such as http://192.168.1.20:8787, or leave it empty.");
      return;
    }
    setUrlError(null);
    setChecking(true);
    try {
      const status = await actions.server.setConfig({ baseUrl: url, token: token().trim() });
      if (status === "connected")
        actions.ui.notify({ kind: "success", title: "Connected to the GPU server" });
    } catch (error) {
      actions.ui.notifyError(error);
    } finally {
      setChecking(false);
    }
  };

  return (
    <Dialog
      open={props.open}
      title="Settings"
      onClose={() => props.onClose()}
      testId="settings-dialog"
    >
      <form class="form" onSubmit={event => void save(event)}>
        <fieldset>
          <legend>GPU server</legend>
          <label class="field">
            <span>Server address</span>
            <input
              type="url"
              placeholder="Same as this studio"
              value={baseUrl()}
              onInput={event => setBaseUrl(event.currentTarget.value)}
              aria-invalid={urlError() !== null}
              data-testid="server-url"
            />
            <Show when={urlError()}>
              <span class="field-error">{urlError()}</span>
            </Show>
            <small class="muted">
              Leave empty when the studio is served by the GPU server itself.
            </small>
          </label>
          <label class="field">
            <span>Access token</span>
            <input
              type="password"
              autocomplete="off"
              value={token()}
              onInput={event => setToken(event.currentTarget.value)}
              data-testid="server-token"
            />
            <small class="muted">Only for a server started with API_TOKEN.</small>
          </label>
          <div class="row">
            <button type="submit" class="button button-primary" disabled={checking()}>
              {checking() ? "Checking…" : "Save and test connection"}
            </button>
            <span class="muted" data-testid="settings-server-status">
              {state.server.status === "connected"
                ? `Connected (${state.server.health?.device ?? ""})`
                : (state.server.error?.title ?? "")}
            </span>
          </div>
        </fieldset>
        <fieldset>
          <legend>Storage</legend>
          <StorageUsage />
        </fieldset>
      </form>
    </Dialog>
  );
}
