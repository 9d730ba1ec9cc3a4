import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, REPO_ROOT, isLoopbackHost, loadConfig } from "./config";

describe("loadConfig", () => {
  it("has defaults and resolves relative folders against the repository root", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8787,
      host: "127.0.0.1",
      dataDir: join(REPO_ROOT, "data"),
      modelsDir: join(REPO_ROOT, "models/fixtures"),
      staticDir: undefined,
      retentionMs: 72 * 3_600_000,
      apiToken: undefined,
      corsOrigins: [],
      heartbeatMs: 15_000,
      logLevel: "info",
      testSlowPipeline: undefined,
    });
  });

  it("reads the environment", () => {
    const config = loadConfig({
      PORT: "18123",
      DATA_DIR: "/var/milimo",
      STATIC_DIR: "dist/web",
      RETENTION_HOURS: "0.5",
      CORS_ORIGIN: "https://a.example, https://b.example",
      UPLOAD_MAX_BYTES: "1024",
      API_TOKEN: "",
    });
    expect(config).toMatchObject({
      port: 18123,
      dataDir: "/var/milimo",
      staticDir: join(REPO_ROOT, "dist/web"),
      retentionMs: 1_800_000,
      corsOrigins: ["https://a.example", "https://b.example"],
      uploadMaxBytes: 1024,
      apiToken: undefined,
    });
  });

  it.each([
    [{ PORT: "http" }, /PORT:/],
    [{ PORT: "70000" }, /PORT:/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL:/],
    [{ API_TOKEN: "short" }, /API_TOKEN must be at least 8 characters/],
    [{ HOST: "0.0.0.0" }, /API_TOKEN is required when HOST is not a loopback address/],
  ])("refuses %j", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("binds a public address when a token is set", () => {
    expect(loadConfig({ HOST: "0.0.0.0", API_TOKEN: "long-enough-token" }).host).toBe("0.0.0.0");
  });

  it("honours the test-only slow pipeline only under NODE_ENV=test", () => {
    expect(loadConfig({ MILIMO_TEST_SLOW_PIPELINE: "render" }).testSlowPipeline).toBeUndefined();
    expect(
      loadConfig({ MILIMO_TEST_SLOW_PIPELINE: "render", NODE_ENV: "test" }).testSlowPipeline,
    ).toEqual({
      kind: "render",
      stepMs: 50,
    });
  });
});

describe("isLoopbackHost", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.1.2.3", true],
    ["localhost", true],
    ["::1", true],
    ["[::1]", true],
    ["0.0.0.0", false],
    ["192.168.1.4", false],
    ["::", false],
  ])("%s -> %s", (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
