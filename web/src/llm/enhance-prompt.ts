/** Prompt enhancement (FEATURES §4): the LLM's rewrite of a built prompt, checked, or the reason it is not used. */
import { buildEnhanceMessages, fitEnhancedPrompt } from "@milimo/shared/llm";
import { chatComplete, llmReasonOf } from "./chat-client";
import { missingLlmSetting, type LlmSettings } from "./llm-settings";

export type EnhanceOutcome =
  { ok: true; prompt: string; model: string } | { ok: false; reason: string };

/**
 * Asks the LLM to enhance `prompt` for a shot of `numFrames` at `fps`; `keep` are triggers and
 * names that must survive. Never throws.
 */
export async function enhancePrompt({
  prompt,
  numFrames,
  fps,
  keep,
  settings,
  signal,
  timeoutMs,
  fetchImpl,
}: {
  prompt: string;
  numFrames: number;
  fps: number;
  keep: readonly string[];
  settings: LlmSettings;
  signal?: AbortSignal;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}): Promise<EnhanceOutcome> {
  const missing = missingLlmSetting(settings);
  if (missing) return { ok: false, reason: "no LLM is configured" };
  try {
    const answer = await chatComplete({
      endpoint: settings.endpoint,
      model: settings.model,
      apiKey: settings.apiKey || undefined,
      messages: buildEnhanceMessages({ prompt, numFrames, fps, keep }),
      temperature: 0.7,
      signal,
      timeoutMs,
      fetchImpl,
    });
    const fitted = fitEnhancedPrompt({ answer: answer.content, numFrames, fps, keep });
    return fitted.ok ? { ok: true, prompt: fitted.prompt, model: answer.model } : fitted;
  } catch (error) {
    return { ok: false, reason: llmReasonOf(error) };
  }
}
