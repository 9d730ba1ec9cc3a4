import { describe, expect, it } from "vitest";
import { chatComplete, LlmError, LlmErrorCode } from "./chat-client";
import { makeFakeLlmFetch, type FakeLlmReply } from "./test-llm-fetch";

const MESSAGES = [{ role: "user" as const, content: "hi" }];

async function failureOf(reply: FakeLlmReply, extra: { timeoutMs?: number } = {}) {
  const { fetchImpl } = makeFakeLlmFetch(() => reply);
  try {
    await chatComplete({
      endpoint: "http://llm.test:8080",
      model: "m",
      messages: MESSAGES,
      fetchImpl,
      ...extra,
    });
  } catch (error) {
    if (error instanceof LlmError) return { code: error.code, reason: error.reason };
    throw error;
  }
  throw new Error("expected a failure");
}

describe("chatComplete", () => {
  it("posts an OpenAI chat request to /v1/chat/completions with the key, and returns the text", async () => {
    const { fetchImpl, calls } = makeFakeLlmFetch(() => ({ content: "OK", model: "llama3.2:3b" }));
    const answer = await chatComplete({
      endpoint: "http://llm.test:8080/",
      model: "llama3.2",
      apiKey: "sk-1",
      messages: MESSAGES,
      fetchImpl,
    });
    expect(answer).toEqual({ content: "OK", model: "llama3.2:3b" });
    expect(calls[0]?.url).toBe("http://llm.test:8080/v1/chat/completions");
    expect(calls[0]?.headers.Authorization).toBe("Bearer sk-1");
    expect(calls[0]?.body).toMatchObject({ model: "llama3.2", messages: MESSAGES, stream: false });
  });

  it("sends no Authorization header without a key", async () => {
    const { fetchImpl, calls } = makeFakeLlmFetch(() => ({ content: "OK" }));
    await chatComplete({ endpoint: "http://llm.test", model: "m", messages: MESSAGES, fetchImpl });
    expect(calls[0]?.headers.Authorization).toBeUndefined();
  });

  it.each([
    [
      "a network failure",
      { networkError: true } as const,
      LlmErrorCode.LLM_UNREACHABLE,
      /couldn't reach the LLM at http:\/\/llm\.test:8080\/v1\/chat\/completions .*CORS/,
    ],
    [
      "HTTP 500 with an OpenAI error body",
      { status: 500, body: '{"error":{"message":"model crashed"}}' },
      LlmErrorCode.LLM_HTTP,
      /^the LLM answered HTTP 500: model crashed$/,
    ],
    [
      "HTTP 404 with Ollama's error string",
      { status: 404, body: '{"error":"model \\"x\\" not found"}' },
      LlmErrorCode.LLM_HTTP,
      /^the LLM answered HTTP 404: model "x" not found$/,
    ],
    [
      "HTTP 502 with HTML",
      { status: 502, body: "<html>bad gateway</html>" },
      LlmErrorCode.LLM_HTTP,
      /^the LLM answered HTTP 502$/,
    ],
    [
      "a body that is not JSON",
      { status: 200, body: "<html>hi</html>" },
      LlmErrorCode.LLM_NOT_JSON,
      /not JSON/,
    ],
    [
      "JSON of another shape",
      { status: 200, body: '{"response":"hi"}' },
      LlmErrorCode.LLM_BAD_RESPONSE,
      /not an OpenAI-compatible/,
    ],
    ["an empty answer", { content: "  " }, LlmErrorCode.LLM_BAD_RESPONSE, /answer was empty/],
  ])("turns %s into words", async (_label, reply, code, reason) => {
    const failure = await failureOf(reply);
    expect(failure.code).toBe(code);
    expect(failure.reason).toMatch(reason);
  });

  it("gives up after timeoutMs and says how long it waited", async () => {
    const failure = await failureOf({ hang: true }, { timeoutMs: 30 });
    expect(failure).toEqual({
      code: LlmErrorCode.LLM_TIMEOUT,
      reason: "the LLM did not answer within 0 s",
    });
    const longer = await failureOf({ hang: true }, { timeoutMs: 250 });
    expect(longer.reason).toBe("the LLM did not answer within 0.3 s");
  });

  it("stops when the caller's signal aborts, and says it was cancelled", async () => {
    const { fetchImpl } = makeFakeLlmFetch(() => ({ hang: true }));
    const controller = new AbortController();
    const pending = chatComplete({
      endpoint: "http://llm.test",
      model: "m",
      messages: MESSAGES,
      fetchImpl,
      signal: controller.signal,
    });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: LlmErrorCode.LLM_CANCELLED });
  });
});
