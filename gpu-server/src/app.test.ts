import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ErrorBodySchema, HealthResponseSchema } from "@milimo/shared/api";
import { makeTestApp, type TestApp, type TestAppOptions } from "./test/make-test-app";
import { expectBody, expectError } from "./test/requests";
import { readSse } from "./test/sse";

let t: TestApp | undefined;
const start = async (options?: TestAppOptions) => (t = await makeTestApp(options));
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const TOKEN = "a-long-test-token";

describe("errors", () => {
  it("answers unknown paths with NOT_FOUND as JSON", async () => {
    const app = await start();
    expect(await expectError(await app.request("/api/nope"), 404, "NOT_FOUND")).toBe(
      "Nothing at GET /api/nope.",
    );
    await expectError(await app.request("/nope", { method: "POST" }), 404, "NOT_FOUND");
  });

  it("answers unexpected failures with 500 INTERNAL and a generic message, never a stack", async () => {
    const app = await start();
    app.deps.store.close(); // every query now throws inside better-sqlite3
    const res = await app.request("/api/jobs/x");
    const body = await expectBody(res, 500, ErrorBodySchema);
    expect(body.error).toEqual({
      code: "INTERNAL",
      message: "The server hit an unexpected error.",
    });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts|database/i);
  });

  it("gives every response a request id, echoing a sane incoming one", async () => {
    const app = await start();
    expect((await app.request("/api/health")).headers.get("X-Request-Id")).toMatch(/^[\w-]{8,}$/);
    const echoed = await app.request("/api/health", { headers: { "X-Request-Id": "req-123" } });
    expect(echoed.headers.get("X-Request-Id")).toBe("req-123");
  });
});

describe("cross-origin isolation", () => {
  it("sends COOP and COEP everywhere and CORP cross-origin on /api", async () => {
    const app = await start();
    for (const path of ["/api/health", "/api/nope"]) {
      const res = await app.request(path);
      expect(res.headers.get("Cross-Origin-Opener-Policy")).toBe("same-origin");
      expect(res.headers.get("Cross-Origin-Embedder-Policy")).toBe("require-corp");
      expect(res.headers.get("Cross-Origin-Resource-Policy")).toBe("cross-origin");
    }
  });
});

describe("API token", () => {
  it.each([
    ["no token", {}, 401],
    ["a wrong token", { Authorization: "Bearer wrong-token-value" }, 401],
    ["the right token", { Authorization: `Bearer ${TOKEN}` }, 200],
  ])("with %s /api/health answers %i", async (_label, headers, status) => {
    const app = await start({ env: { API_TOKEN: TOKEN } });
    const res = await app.request("/api/health", { headers });
    if (status === 200) await expectBody(res, 200, HealthResponseSchema);
    else await expectError(res, 401, "UNAUTHORIZED");
  });

  it("accepts ?token= for the event stream (EventSource) but not for other routes", async () => {
    const app = await start({ env: { API_TOKEN: TOKEN } });
    const stream = await app.request(`/api/events?token=${TOKEN}`);
    expect(stream.status).toBe(200);
    await readSse(stream).close();
    await expectError(await app.request(`/api/health?token=${TOKEN}`), 401, "UNAUTHORIZED");
    await expectError(await app.request(`/api/events?token=nope-nope-nope`), 401, "UNAUTHORIZED");
  });

  it("lets CORS preflights through without a token", async () => {
    const app = await start({ env: { API_TOKEN: TOKEN, CORS_ORIGIN: "https://studio.example" } });
    const res = await app.request("/api/jobs", {
      method: "OPTIONS",
      headers: {
        Origin: "https://studio.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("https://studio.example");
    expect(res.headers.get("Access-Control-Allow-Headers")).toMatch(/Authorization/);
  });
});

describe("CORS", () => {
  it("allows the configured studio origin and exposes the embedding headers", async () => {
    const app = await start({ env: { CORS_ORIGIN: "https://studio.example" } });
    const res = await app.request("/api/health", { headers: { Origin: "https://studio.example" } });
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("https://studio.example");
    expect(res.headers.get("Access-Control-Expose-Headers")).toMatch(/X-Embedding-Shape/);
    const other = await app.request("/api/health", { headers: { Origin: "https://evil.example" } });
    expect(other.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("sends no CORS headers when no origin is configured", async () => {
    const app = await start();
    const res = await app.request("/api/health", { headers: { Origin: "https://studio.example" } });
    expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });
});

describe("the built studio (STATIC_DIR)", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "milimo-static-"));
    mkdirSync(join(dir, "assets"));
    writeFileSync(join(dir, "index.html"), "<!doctype html><title>Milimo</title>");
    writeFileSync(join(dir, "assets", "app-1234.js"), "console.log('app')");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ["/", "text/html", "<!doctype html><title>Milimo</title>", "no-cache"],
    ["/project/42", "text/html", "<!doctype html><title>Milimo</title>", "no-cache"],
    ["/assets/app-1234.js", "text/javascript", "console.log('app')", "immutable"],
  ])("GET %s serves %s", async (path, type, body, cache) => {
    const app = await start({ env: { STATIC_DIR: dir } });
    const res = await app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain(type);
    expect(res.headers.get("Cache-Control")).toContain(cache);
    expect(res.headers.get("Cross-Origin-Embedder-Policy")).toBe("require-corp");
    expect(res.headers.get("Cross-Origin-Resource-Policy")).toBeNull();
    expect(await res.text()).toBe(body);
  });

  it.each(["/assets/missing.js", "/api/missing"])(
    "GET %s is a JSON 404, not the page",
    async path => {
      const app = await start({ env: { STATIC_DIR: dir } });
      await expectError(await app.request(path), 404, "NOT_FOUND");
    },
  );
});
