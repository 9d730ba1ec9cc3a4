import { afterEach, describe, expect, it, vi } from "vitest";
import { makeFakeLlmFetch } from "../../llm/test-llm-fetch";
import { makeTestStudio, type TestStudio } from "../test-studio-store";
import { LLM_CONFIG_SETTING } from "./llm";

let studio: TestStudio | undefined;
afterEach(() => studio?.dispose());

const CONFIG = { endpoint: "http://llm.test:11434", model: "llama3.2", apiKey: "k" };

describe("llm slice", () => {
  it("starts off, saves the settings, and a new studio on the same database reads them back", async () => {
    studio = makeTestStudio();
    expect(await studio.actions.llm.settings()).toEqual({ endpoint: "", model: "", apiKey: "" });
    await studio.actions.llm.setConfig({ ...CONFIG, endpoint: ` ${CONFIG.endpoint} ` });
    expect(studio.state.llm.config).toEqual(CONFIG);
    expect((await studio.db.settings.get(LLM_CONFIG_SETTING))?.value).toEqual(CONFIG);

    const again = makeTestStudio({ db: studio.db });
    try {
      expect(again.state.llm.loaded).toBe(false);
      await again.actions.llm.loadConfig();
      expect(again.state.llm).toMatchObject({ loaded: true, config: CONFIG });
    } finally {
      again.dispose();
    }
  });

  it("Test connection records OK with the model that answered, or the reason it failed", async () => {
    let fail = false;
    const { fetchImpl, calls } = makeFakeLlmFetch(() =>
      fail
        ? { status: 401, body: '{"error":{"message":"bad key"}}' }
        : { content: "OK", model: "llama3.2:3b" },
    );
    studio = makeTestStudio({ deps: { fetchLlm: fetchImpl } });
    await studio.actions.llm.setConfig(CONFIG);
    expect(await studio.actions.llm.testConnection()).toEqual({
      status: "ok",
      model: "llama3.2:3b",
    });
    expect(calls[0]?.headers.Authorization).toBe("Bearer k");
    fail = true;
    await studio.actions.llm.testConnection();
    expect(studio.state.llm.test).toEqual({
      status: "failed",
      reason: "the LLM answered HTTP 401: bad key",
    });
  });

  it("Test connection says what to set when nothing is configured, without calling out", async () => {
    const { fetchImpl, calls } = makeFakeLlmFetch(() => ({ content: "OK" }));
    studio = makeTestStudio({ deps: { fetchLlm: fetchImpl } });
    const result = await studio.actions.llm.testConnection({ endpoint: "", model: "", apiKey: "" });
    expect(result).toEqual({
      status: "failed",
      reason: "Set an LLM endpoint and model in Settings first.",
    });
    expect(calls).toEqual([]);
  });

  it("is never part of undo", async () => {
    studio = makeTestStudio();
    await studio.actions.llm.setConfig(CONFIG);
    expect(studio.actions.history.canUndo()).toBe(false);
  });
});

describe("Parse with AI through the store", () => {
  it("uses the saved settings and falls back with the reason when the endpoint fails", async () => {
    let status = 200;
    const { fetchImpl, calls } = makeFakeLlmFetch(() =>
      status === 200
        ? {
            content: JSON.stringify({
              scenes: [
                { heading: "", shots: [{ action: "A gull.", shotType: "wide", characters: [] }] },
              ],
            }),
          }
        : { status, body: "" },
    );
    studio = makeTestStudio({ deps: { fetchLlm: fetchImpl } });
    await studio.actions.llm.setConfig(CONFIG);
    const ok = await studio.actions.llm.parseScript("A gull.");
    expect(ok).toMatchObject({ by: "ai", model: "llama3.2" });
    expect(calls[0]?.body.model).toBe("llama3.2");
    status = 500;
    const failed = await studio.actions.llm.parseScript("A gull.");
    expect(failed).toMatchObject({ by: "built-in", reason: "the LLM answered HTTP 500" });
    expect(failed.by === "built-in" && failed.parsed.scenes[0]?.shots[0]?.action).toBe("A gull.");
  });

  it("Cancel aborts the request in flight and parses nothing", async () => {
    const { fetchImpl, calls } = makeFakeLlmFetch(() => ({ hang: true }));
    studio = makeTestStudio({ deps: { fetchLlm: fetchImpl } });
    await studio.actions.llm.setConfig(CONFIG);
    const controller = new AbortController();
    const pending = studio.actions.llm.parseScript("A gull.", { signal: controller.signal });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    controller.abort();
    expect(await pending).toEqual({ by: "cancelled" });
  });
});
