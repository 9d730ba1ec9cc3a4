/** A fake OpenAI-compatible endpoint for unit tests: records requests, answers what it is told. */
export interface FakeLlmCall {
  url: string;
  body: { model: string; messages: { role: string; content: string }[] };
  headers: Record<string, string>;
}

export type FakeLlmReply =
  | { content: string; model?: string }
  | { status: number; body: string }
  | { networkError: true }
  | { hang: true };

/** A `fetch` that answers each call with `reply(call)`; `hang` waits until the signal aborts. */
export function makeFakeLlmFetch(reply: (call: FakeLlmCall) => FakeLlmReply) {
  const calls: FakeLlmCall[] = [];
  const fetchImpl = ((input: string, init?: RequestInit) => {
    const call: FakeLlmCall = {
      url: input,
      body: JSON.parse(typeof init?.body === "string" ? init.body : "{}") as FakeLlmCall["body"],
      headers: { ...(init?.headers as Record<string, string>) },
    };
    calls.push(call);
    const answer = reply(call);
    if ("networkError" in answer) return Promise.reject(new TypeError("Failed to fetch"));
    if ("hang" in answer) {
      return new Promise<Response>((_, reject) => {
        init?.signal?.addEventListener("abort", () =>
          reject(new DOMException("The operation was aborted.", "AbortError")),
        );
      });
    }
    if ("status" in answer)
      return Promise.resolve(new Response(answer.body, { status: answer.status }));
    return Promise.resolve(
      Response.json({
        id: "chatcmpl-1",
        object: "chat.completion",
        model: answer.model ?? call.body.model,
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: answer.content },
            finish_reason: "stop",
          },
        ],
      }),
    );
  }) as typeof fetch;
  return { fetchImpl, calls };
}
