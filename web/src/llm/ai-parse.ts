/** "Parse with AI" (FEATURES §2): the LLM's scenes and shots, or the built-in parser's with the reason. */
import { buildParseMessages, readAiParse } from "@milimo/shared/llm";
import { parseScreenplay, type ParsedScript } from "@milimo/shared/storyboard";
import { LlmError, LlmErrorCode, chatComplete, llmReasonOf } from "./chat-client";
import { missingLlmSetting, type LlmSettings } from "./llm-settings";

export type AiParseOutcome =
  | { by: "ai"; parsed: ParsedScript; model: string }
  | { by: "built-in"; parsed: ParsedScript; reason: string }
  | { by: "cancelled" };

/**
 * Parses `script` with the configured LLM; on any failure falls back to `parseScreenplay`, except
 * when `signal` aborts: the user cancelled, so nothing is parsed.
 */
export async function aiParse(
  script: string,
  settings: LlmSettings,
  options: { signal?: AbortSignal; timeoutMs?: number; fetchImpl?: typeof fetch } = {},
): Promise<AiParseOutcome> {
  const fallback = (reason: string): AiParseOutcome => ({
    by: "built-in",
    parsed: parseScreenplay(script),
    reason,
  });
  if (options.signal?.aborted) return { by: "cancelled" };
  const missing = missingLlmSetting(settings);
  if (missing) return fallback("no LLM is configured");
  if (script.trim() === "") return fallback("the script is empty");
  try {
    const answer = await chatComplete({
      endpoint: settings.endpoint,
      model: settings.model,
      apiKey: settings.apiKey || undefined,
      messages: buildParseMessages(script),
      ...options,
    });
    const result = readAiParse({ answer: answer.content, script });
    if (!result.ok) return fallback(result.reason);
    return { by: "ai", parsed: result.parsed, model: answer.model };
  } catch (error) {
    if (error instanceof LlmError && error.code === LlmErrorCode.LLM_CANCELLED) {
      return { by: "cancelled" };
    }
    return fallback(llmReasonOf(error));
  }
}
