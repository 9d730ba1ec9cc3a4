/**
 * A chat-completions call from the browser straight to the user's LLM server (local-first: no GPU
 * server in between). The page is cross-origin isolated (COEP require-corp), which does not block
 * a CORS fetch, but the LLM server must send Access-Control-Allow-Origin: Ollama needs
 * OLLAMA_ORIGINS, llama.cpp's server allows any origin. Every failure is an `LlmError` whose
 * `reason` is a short phrase a user can act on.
 */
import {
  ChatCompletionResponseSchema,
  readChatContent,
  toChatCompletionsUrl,
  type ChatCompletionRequest,
  type ChatMessage,
} from "@milimo/shared/llm";

export const LlmErrorCode = {
  LLM_UNREACHABLE: "LLM_UNREACHABLE",
  LLM_TIMEOUT: "LLM_TIMEOUT",
  LLM_HTTP: "LLM_HTTP",
  LLM_NOT_JSON: "LLM_NOT_JSON",
  LLM_BAD_RESPONSE: "LLM_BAD_RESPONSE",
  LLM_CANCELLED: "LLM_CANCELLED",
} as const;
export type LlmErrorCode = (typeof LlmErrorCode)[keyof typeof LlmErrorCode];

export class LlmError extends Error {
  override name = "LlmError";
  readonly code: LlmErrorCode;
  /** HTTP status for LLM_HTTP. */
  readonly status: number | undefined;

  constructor(
    code: LlmErrorCode,
    reason: string,
    options: { cause?: unknown; status?: number } = {},
  ) {
    super(reason, { cause: options.cause });
    this.code = code;
    this.status = options.status;
  }

  /** The failure as a short phrase, e.g. "the LLM answered HTTP 500". */
  get reason(): string {
    return this.message;
  }
}

/** Default wait for an answer; local models on CPU are slow. */
export const DEFAULT_LLM_TIMEOUT_MS = 60_000;

export interface ChatCompleteOptions {
  endpoint: string;
  model: string;
  apiKey?: string;
  messages: ChatMessage[];
  signal?: AbortSignal;
  /** Give up after this long; default 60000. */
  timeoutMs?: number;
  temperature?: number;
  fetchImpl?: typeof fetch;
}

export interface ChatAnswer {
  content: string;
  /** The model that answered (as the server names it), else the one asked for. */
  model: string;
}

/** POSTs one chat-completions request; resolves with the answer's text or rejects with an `LlmError`. */
export async function chatComplete(options: ChatCompleteOptions): Promise<ChatAnswer> {
  const url = toChatCompletionsUrl(options.endpoint);
  const timeoutMs = options.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS;
  const doFetch = options.fetchImpl ?? globalThis.fetch.bind(globalThis);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = () => controller.abort();
  options.signal?.addEventListener("abort", onAbort);
  const body: ChatCompletionRequest = {
    model: options.model,
    messages: options.messages,
    temperature: options.temperature ?? 0.2,
    stream: false,
  };
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (options.apiKey) headers.Authorization = `Bearer ${options.apiKey}`;

  try {
    if (options.signal?.aborted) throw cancelled();
    let response: Response;
    try {
      response = await doFetch(url, {
        method: "POST",
        headers,
        body: JSON.stringify(body),
        signal: controller.signal,
      });
    } catch (cause) {
      if (timedOut) throw timeout(timeoutMs, cause);
      if (options.signal?.aborted) throw cancelled(cause);
      throw new LlmError(
        LlmErrorCode.LLM_UNREACHABLE,
        `couldn't reach the LLM at ${url} — is it running, and does it allow requests from this page (CORS)?`,
        { cause },
      );
    }
    let text: string;
    try {
      text = await response.text();
    } catch (cause) {
      if (timedOut) throw timeout(timeoutMs, cause);
      if (options.signal?.aborted) throw cancelled(cause);
      throw new LlmError(LlmErrorCode.LLM_UNREACHABLE, "the LLM's answer was cut off", { cause });
    }
    if (!response.ok) {
      const detail = errorDetailOf(text);
      throw new LlmError(
        LlmErrorCode.LLM_HTTP,
        `the LLM answered HTTP ${response.status}${detail ? `: ${detail}` : ""}`,
        { status: response.status },
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new LlmError(LlmErrorCode.LLM_NOT_JSON, "the LLM's answer was not JSON", { cause });
    }
    const parsed = ChatCompletionResponseSchema.safeParse(json);
    if (!parsed.success) {
      throw new LlmError(
        LlmErrorCode.LLM_BAD_RESPONSE,
        "the LLM's answer is not an OpenAI-compatible chat completion",
        { cause: parsed.error },
      );
    }
    const content = readChatContent(parsed.data);
    if (content === null)
      throw new LlmError(LlmErrorCode.LLM_BAD_RESPONSE, "the LLM's answer was empty");
    return { content, model: parsed.data.model || options.model };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
}

function timeout(timeoutMs: number, cause?: unknown): LlmError {
  const seconds = Math.round(timeoutMs / 100) / 10;
  return new LlmError(LlmErrorCode.LLM_TIMEOUT, `the LLM did not answer within ${seconds} s`, {
    cause,
  });
}

function cancelled(cause?: unknown): LlmError {
  return new LlmError(LlmErrorCode.LLM_CANCELLED, "the request was cancelled", { cause });
}

/** `{error:{message}}` (OpenAI, llama.cpp) or `{error:"…"}` (Ollama), shortened; else "". */
function errorDetailOf(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown };
    const error = body.error;
    const message =
      typeof error === "string"
        ? error
        : typeof (error as { message?: unknown } | undefined)?.message === "string"
          ? (error as { message: string }).message
          : "";
    return message.length > 120 ? `${message.slice(0, 120)}…` : message;
  } catch {
    return "";
  }
}

/** Any thrown value as a short reason phrase. */
export function llmReasonOf(error: unknown): string {
  if (error instanceof LlmError) return error.reason;
  return error instanceof Error ? error.message : String(error);
}
