import { Show, createEffect, createSignal, type JSX } from "solid-js";
import { isEndpointUrl } from "@milimo/shared/llm";
import { useStudio } from "../../store/context";
import { Dialog } from "./Dialog";
import { StorageUsage } from "./StorageUsage";

/**
 * Studio settings: where the GPU server is (URL + token), the optional LLM (endpoint, model, key)
 * and how much storage is used.
 */
export function SettingsDialog(props: { open: boolean; onClose: () => void }): JSX.Element {
  const { state, actions } = useStudio();
  const [baseUrl, setBaseUrl] = createSignal("");
  const [token, setToken] = createSignal("");
  const [urlError, setUrlError] = createSignal<string | null>(null);
  const [checking, setChecking] = createSignal(false);
  const [llmEndpoint, setLlmEndpoint] = createSignal("");
  const [llmModel, setLlmModel] = createSignal("");
  const [llmKey, setLlmKey] = createSignal("");
  const [llmError, setLlmError] = createSignal<string | null>(null);

  createEffect(() => {
    if (!props.open) return;
    setBaseUrl(state.server.config.baseUrl);
    setToken(state.server.config.token);
    setUrlError(null);
    setLlmError(null);
    void actions.project.refreshStorage();
    void actions.llm.loadConfig().then(config => {
      setLlmEndpoint(config.endpoint);
      setLlmModel(config.model);
      setLlmKey(config.apiKey);
    });
  });

  const llmInput = () => ({
    endpoint: llmEndpoint().trim(),
    model: llmModel().trim(),
    apiKey: llmKey().trim(),
  });
  const llmInputError = (): string | null => {
    const { endpoint, model } = llmInput();
    if (endpoint === "") return null;
    if (!isEndpointUrl(endpoint))
      return "Enter a full address such as http://localhost:11434, or leave it empty.";
    if (model === "") return "Enter the model name, e.g. llama3.2.";
    return null;
  };
  const saveLlm = async () => {
    const error = llmInputError();
    setLlmError(error);
    if (error) return;
    try {
      await actions.llm.setConfig(llmInput());
      actions.ui.notify({
        kind: "success",
        title: llmInput().endpoint === "" ? "LLM features turned off" : "LLM settings saved",
      });
    } catch (err) {
      actions.ui.notifyError(err);
    }
  };
  const testLlm = async () => {
    const error = llmInputError();
    setLlmError(error);
    if (error) return;
    await actions.llm.testConnection(llmInput());
  };
  const llmStatus = () => {
    const test = state.llm.test;
    switch (test.status) {
      case "idle":
        return "";
      case "testing":
        return "Testing…";
      case "ok":
        return `Connected (${test.model})`;
      case "failed":
        return `Failed: ${test.reason}`;
    }
  };

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
        <fieldset data-testid="llm-settings">
          <legend>LLM (optional)</legend>
          <label class="field">
            <span>Endpoint</span>
            <input
              type="url"
              placeholder="Off — e.g. http://localhost:11434"
              value={llmEndpoint()}
              onInput={event => setLlmEndpoint(event.currentTarget.value)}
              aria-invalid={llmError() !== null}
              data-testid="llm-endpoint"
            />
            <Show when={llmError()}>
              <span class="field-error" data-testid="llm-error">
                {llmError()}
              </span>
            </Show>
            <small class="muted">
              An OpenAI-compatible server for Parse with AI and prompt enhancement, e.g. Ollama
              (started with OLLAMA_ORIGINS set to this studio's address) or llama.cpp's server.
            </small>
          </label>
          <label class="field">
            <span>Model</span>
            <input
              type="text"
              placeholder="llama3.2"
              value={llmModel()}
              onInput={event => setLlmModel(event.currentTarget.value)}
              data-testid="llm-model"
            />
          </label>
          <label class="field">
            <span>API key</span>
            <input
              type="password"
              autocomplete="off"
              value={llmKey()}
              onInput={event => setLlmKey(event.currentTarget.value)}
              data-testid="llm-api-key"
            />
            <small class="muted">Only for servers that ask for one.</small>
          </label>
          <div class="row">
            <button
              type="button"
              class="button"
              data-testid="llm-save"
              onClick={() => void saveLlm()}
            >
              Save LLM settings
            </button>
            <button
              type="button"
              class="button"
              data-testid="llm-test"
              disabled={state.llm.test.status === "testing"}
              onClick={() => void testLlm()}
            >
              Test connection
            </button>
            <span class="muted" data-testid="llm-status">
              {llmStatus()}
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
