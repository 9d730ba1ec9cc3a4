import { describe, expect, it } from "vitest";
import { makeApiClient } from "./client";

const HEALTH = {
  status: "ok",
  version: "0.1.0",
  device: "cpu",
  models: [{ id: "sam-fixture", task: "sam", loaded: false, fixture: true }],
  queue: { queued: 0, running: 1 },
};

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

function clientAnswering(answer: (url: string, init: RequestInit) => Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const client = makeApiClient({
    config: { baseUrl: "https://gpu.example.com/", token: "" },
    fetchFn: (url, init) => {
      calls.push({ url, init });
      return answer(url, init);
    },
  });
  return { client, calls };
}

describe("api client", () => {
  it("returns the validated health answer from the configured server", async () => {
    const { client, calls } = clientAnswering(() => Promise.resolve(json(HEALTH)));
    await expect(client.health()).resolves.toEqual(HEALTH);
    expect(calls[0]?.url).toBe("https://gpu.example.com/api/health");
    expect(new Headers(calls[0]?.init.headers).has("Authorization")).toBe(false);
  });

  it("sends the bearer token once configured", async () => {
    const { client, calls } = clientAnswering(() => Promise.resolve(json(HEALTH)));
    client.configure({ baseUrl: "http://10.0.0.5:8787", token: "s3cret" });
    await client.health();
    expect(calls[0]?.url).toBe("http://10.0.0.5:8787/api/health");
    expect(new Headers(calls[0]?.init.headers).get("Authorization")).toBe("Bearer s3cret");
  });

  it.each([
    {
      name: "a network failure",
      answer: () => Promise.reject(new TypeError("Failed to fetch")),
      error: { code: "SERVER_UNREACHABLE", status: 0 },
    },
    {
      name: "a gateway page for a server that is down",
      answer: () => Promise.resolve(new Response("<html>Bad gateway</html>", { status: 502 })),
      error: { code: "SERVER_UNREACHABLE", status: 502 },
    },
    {
      name: "an answer with the wrong shape",
      answer: () => Promise.resolve(json({ ...HEALTH, device: "tpu" })),
      error: { code: "BAD_RESPONSE", status: 200 },
    },
    {
      name: "an answer that is not JSON",
      answer: () => Promise.resolve(new Response("ok")),
      error: { code: "BAD_RESPONSE" },
    },
    {
      name: "a contract error body",
      answer: () =>
        Promise.resolve(json({ error: { code: "UNAUTHORIZED", message: "Token required" } }, 401)),
      error: { code: "UNAUTHORIZED", status: 401, message: "Token required" },
    },
    {
      name: "an unknown code from a newer server",
      answer: () => Promise.resolve(json({ error: { code: "FLUX_CAPACITOR", message: "?" } }, 500)),
      error: { code: "INTERNAL", status: 500 },
    },
  ])("turns $name into an ApiError", async ({ answer, error }) => {
    const { client } = clientAnswering(answer);
    await expect(client.health()).rejects.toMatchObject({ name: "ApiError", ...error });
  });

  it("reports a server that never answers as unreachable after the timeout", async () => {
    const { client } = clientAnswering(
      (_url, init) =>
        new Promise((_resolve, reject) =>
          init.signal?.addEventListener("abort", () =>
            reject(new DOMException("aborted", "AbortError")),
          ),
        ),
    );
    await expect(client.health({ timeoutMs: 20 })).rejects.toMatchObject({
      code: "SERVER_UNREACHABLE",
      message: expect.stringContaining("No answer") as unknown,
    });
  });
});
