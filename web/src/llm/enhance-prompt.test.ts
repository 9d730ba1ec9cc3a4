import { describe, expect, it } from "vitest";
import { enhancePrompt } from "./enhance-prompt";
import { makeFakeLlmFetch } from "./test-llm-fetch";

const SETTINGS = { endpoint: "http://llm.test", model: "llama3.2", apiKey: "" };
const BASE = {
  prompt: "LIGHTHOUSE. @Mara climbs.",
  numFrames: 121,
  fps: 25,
  keep: ["@Mara"],
  settings: SETTINGS,
};

describe("enhancePrompt", () => {
  it("returns the model's rewrite, cut to the sentence range of the shot's length", async () => {
    const { fetchImpl, calls } = makeFakeLlmFetch(() => ({
      content: "@Mara climbs a spiral stair. Rain lashes the glass. Thunder rolls. Her lamp sways.",
    }));
    const outcome = await enhancePrompt({ ...BASE, fetchImpl });
    expect(outcome).toEqual({
      ok: true,
      prompt: "@Mara climbs a spiral stair. Rain lashes the glass. Thunder rolls.",
      model: "llama3.2",
    });
    expect(calls[0]?.body.messages[0]?.content).toMatch(/2 to 3 sentences/);
  });

  it.each([
    ["drops a trigger", { content: "A woman climbs. Rain falls." }, "the model left out @Mara"],
    ["fails over HTTP", { status: 503, body: "" }, "the LLM answered HTTP 503"],
  ] as const)("says why when the model %s", async (_label, reply, reason) => {
    const { fetchImpl } = makeFakeLlmFetch(() => reply);
    expect(await enhancePrompt({ ...BASE, fetchImpl })).toEqual({ ok: false, reason });
  });

  it("says no LLM is configured without calling anything", async () => {
    const { fetchImpl, calls } = makeFakeLlmFetch(() => ({ content: "x" }));
    const outcome = await enhancePrompt({
      ...BASE,
      settings: { ...SETTINGS, endpoint: "" },
      fetchImpl,
    });
    expect(outcome).toEqual({ ok: false, reason: "no LLM is configured" });
    expect(calls).toEqual([]);
  });
});
