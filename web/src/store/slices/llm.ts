/**
 * LLM slice (session scope: never undone, not part of any project): where the optional
 * OpenAI-compatible LLM is (endpoint, model, API key, saved as a studio setting like the GPU
 * server's address) and the result of the last "Test connection". The settings load lazily on
 * first use, so nothing at startup waits for them.
 */
import { reconcile } from "solid-js/store";
import { chatComplete, llmReasonOf } from "../../llm/chat-client";
import {
  EMPTY_LLM_SETTINGS,
  missingLlmSetting,
  toLlmSettings,
  type LlmSettings,
} from "../../llm/llm-settings";
import { aiParse, type AiParseOutcome } from "../../llm/ai-parse";
import { readSetting, writeSetting } from "../../db/settings";
import type { SliceContext } from "../slice-context";

/** Settings key of the LLM endpoint, model and key. */
export const LLM_CONFIG_SETTING = "llm.config";

/** Give a connection test this long: one tiny answer, even from a cold local model. */
export const LLM_TEST_TIMEOUT_MS = 30_000;

export type LlmTestState =
  | { status: "idle" }
  | { status: "testing" }
  | { status: "ok"; model: string }
  | { status: "failed"; reason: string };

// Fresh objects each time: reconcile edits the store's object in place, so a shared constant would
// be mutated.
const testIdle = (): LlmTestState => ({ status: "idle" });
const testRunning = (): LlmTestState => ({ status: "testing" });

export interface LlmSlice {
  config: LlmSettings;
  /** True once the saved settings have been read. */
  loaded: boolean;
  test: LlmTestState;
}

/** Fresh LLM state: off until the saved settings are read. */
export function initialLlmState(): LlmSlice {
  return { config: { ...EMPTY_LLM_SETTINGS }, loaded: false, test: testIdle() };
}

export type LlmActions = ReturnType<typeof createLlmActions>;

// `test` changes shape between states; reconcile replaces it so no field of an old state lingers.

/** Session actions: load, save and test the LLM settings. */
export function createLlmActions(ctx: SliceContext, options: { fetchImpl?: typeof fetch } = {}) {
  const { state, setState, deps } = ctx;
  let loading: Promise<LlmSettings> | null = null;
  const fetchLlm = () => options.fetchImpl;

  function loadConfig(): Promise<LlmSettings> {
    loading ??= (async () => {
      try {
        const saved = toLlmSettings(await readSetting<unknown>(deps.db, LLM_CONFIG_SETTING, null));
        // A save made while the read was in flight wins.
        if (!state.llm.loaded) setState("llm", { config: saved, loaded: true });
      } catch {
        // Unreadable settings mean "no LLM": the features stay off rather than break the studio.
        if (!state.llm.loaded) setState("llm", "loaded", true);
      }
      return { ...state.llm.config };
    })();
    return loading;
  }

  return {
    /** Reads the saved settings once (later calls share the first read); resolves with them. */
    loadConfig,
    /** The settings, loading them first if needed. */
    async settings(): Promise<LlmSettings> {
      if (!state.llm.loaded) await loadConfig();
      return { ...state.llm.config };
    },
    /** Saves new settings (trimmed); clears the last test result. */
    async setConfig(config: LlmSettings): Promise<void> {
      const normalized = toLlmSettings(config);
      setState("llm", { config: normalized, loaded: true });
      setState("llm", "test", reconcile(testIdle()));
      await writeSetting(deps.db, LLM_CONFIG_SETTING, normalized);
    },
    /**
     * "Parse with AI": the LLM's scenes and shots, or the built-in parser's with the reason, or
     * `{ by: "cancelled" }` once `signal` aborts. Never throws.
     */
    async parseScript(
      script: string,
      options: { signal?: AbortSignal } = {},
    ): Promise<AiParseOutcome> {
      if (!state.llm.loaded) await loadConfig();
      if (options.signal?.aborted) return { by: "cancelled" };
      return aiParse(script, { ...state.llm.config }, { ...options, fetchImpl: fetchLlm() });
    },
    /** Sends one tiny chat request with `config` (default: the saved one); records and returns the result. */
    async testConnection(config?: LlmSettings): Promise<LlmTestState> {
      const settings = toLlmSettings(config ?? state.llm.config);
      const missing = missingLlmSetting(settings);
      if (missing) {
        const result: LlmTestState = { status: "failed", reason: missing };
        setState("llm", "test", reconcile(result));
        return result;
      }
      setState("llm", "test", reconcile(testRunning()));
      let result: LlmTestState;
      try {
        const answer = await chatComplete({
          endpoint: settings.endpoint,
          model: settings.model,
          apiKey: settings.apiKey || undefined,
          messages: [{ role: "user", content: "Reply with the single word OK." }],
          timeoutMs: LLM_TEST_TIMEOUT_MS,
          fetchImpl: fetchLlm(),
        });
        result = { status: "ok", model: answer.model };
      } catch (error) {
        result = { status: "failed", reason: llmReasonOf(error) };
      }
      setState("llm", "test", reconcile(result));
      return result;
    },
  };
}
