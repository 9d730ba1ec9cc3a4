/**
 * Glue between the jobs actions and the LLM (FEATURES §4): the enhancer reads the saved LLM
 * settings through the store and calls `enhancePrompt`; notices go to the toasts and clear
 * themselves like the ui slice's info toasts do.
 */
import type { JobsNotice, PromptEnhanceOutcome, PromptEnhanceRequest } from "../jobs/job-actions";
import type { SliceContext } from "../store/slice-context";
import { createLlmActions } from "../store/slices/llm";
import { MAX_NOTICES, NOTICE_TIMEOUT_MS } from "../store/slices/ui";
import { enhancePrompt } from "./enhance-prompt";

/** The jobs' `enhancePrompt` dependency over the store's LLM settings. */
export function makeJobsPromptEnhancer(
  ctx: SliceContext,
): (request: PromptEnhanceRequest) => Promise<PromptEnhanceOutcome> {
  const llm = createLlmActions(ctx);
  return async request => {
    const settings = await llm.settings();
    const outcome = await enhancePrompt({ ...request, settings, fetchImpl: ctx.deps.fetchLlm });
    return outcome.ok ? { ok: true, prompt: outcome.prompt } : outcome;
  };
}

/** The jobs' `onNotice` dependency: an info toast that goes away by itself. */
export function makeJobsNotifier(ctx: SliceContext): (notice: JobsNotice) => void {
  return notice => {
    const id = ctx.deps.newId();
    ctx.setState("ui", "notices", list => [...list, { ...notice, id }].slice(-MAX_NOTICES));
    setTimeout(() => {
      ctx.setState("ui", "notices", list => list.filter(n => n.id !== id));
    }, NOTICE_TIMEOUT_MS);
  };
}
