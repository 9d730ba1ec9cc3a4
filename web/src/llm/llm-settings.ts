/** Where the optional LLM is (studio setting, not part of any project) and whether it is usable. */
import { isEndpointUrl } from "@milimo/shared/llm";

export interface LlmSettings {
  /** OpenAI-compatible base URL, e.g. "http://localhost:11434" (Ollama) or ".../v1"; "" = off. */
  endpoint: string;
  /** Model name the server knows, e.g. "llama3.2" or "qwen2.5:7b". */
  model: string;
  /** Sent as "Authorization: Bearer …" when not empty. */
  apiKey: string;
}

export const EMPTY_LLM_SETTINGS: LlmSettings = { endpoint: "", model: "", apiKey: "" };

/** Trimmed settings from anything stored; unknown shapes give the empty (off) settings. */
export function toLlmSettings(value: unknown): LlmSettings {
  const v = (value ?? {}) as Partial<Record<keyof LlmSettings, unknown>>;
  const read = (key: keyof LlmSettings) => (typeof v[key] === "string" ? v[key].trim() : "");
  return { endpoint: read("endpoint"), model: read("model"), apiKey: read("apiKey") };
}

/** What is missing before the LLM can be used, in words; null when it is configured. */
export function missingLlmSetting(settings: LlmSettings): string | null {
  if (settings.endpoint === "") return "Set an LLM endpoint and model in Settings first.";
  if (!isEndpointUrl(settings.endpoint))
    return "The LLM endpoint in Settings must be a full address such as http://localhost:11434.";
  if (settings.model === "") return "Set the LLM model name in Settings first.";
  return null;
}
