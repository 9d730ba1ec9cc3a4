import { describe, expect, it } from "vitest";
import { parseScreenplay } from "@milimo/shared/storyboard";
import { aiParse } from "./ai-parse";
import { makeFakeLlmFetch, type FakeLlmReply } from "./test-llm-fetch";

const SCRIPT =
  "INT. LIGHTHOUSE - NIGHT\n\nWaves crash against the rocks.\n\nMara climbs the stairs.";
const SETTINGS = { endpoint: "http://llm.test:11434", model: "qwen2.5", apiKey: "" };
const LLM_JSON = JSON.stringify({
  scenes: [
    {
      heading: "INT. LIGHTHOUSE - NIGHT",
      shots: [
        { action: "Storm waves hit the rocks.", shotType: "wide", characters: [] },
        { action: "Mara climbs, lamp in hand.", shotType: "tracking", characters: ["MARA"] },
        { action: "The lamp flickers.", shotType: "insert", characters: [] },
      ],
    },
  ],
});

describe("aiParse", () => {
  it("returns the model's scenes and shots and who parsed them", async () => {
    const { fetchImpl, calls } = makeFakeLlmFetch(() => ({
      content: "```json\n" + LLM_JSON + "\n```",
    }));
    const outcome = await aiParse(SCRIPT, SETTINGS, { fetchImpl });
    expect(outcome.by).toBe("ai");
    if (outcome.by !== "ai") return;
    expect(outcome.model).toBe("qwen2.5");
    expect(outcome.parsed.scenes[0]?.shots.map(s => [s.shotType, s.action])).toEqual([
      ["wide", "Storm waves hit the rocks."],
      ["tracking", "Mara climbs, lamp in hand."],
      ["insert", "The lamp flickers."],
    ]);
    expect(calls[0]?.body.messages.at(-1)?.content).toContain(SCRIPT);
  });

  it.each<[string, FakeLlmReply, string]>([
    ["the endpoint fails", { status: 500, body: "oops" }, "the LLM answered HTTP 500"],
    ["the endpoint is down", { networkError: true }, "couldn't reach the LLM"],
    ["the answer has no JSON", { content: "I am sorry." }, "the model's answer had no JSON in it"],
    ["the JSON has no scenes", { content: '{"foo": 1}' }, 'the JSON had no "scenes" list'],
  ])("falls back to the built-in parser with the reason when %s", async (_label, reply, reason) => {
    const { fetchImpl } = makeFakeLlmFetch(() => reply);
    const outcome = await aiParse(SCRIPT, SETTINGS, { fetchImpl });
    expect(outcome.by).toBe("built-in");
    if (outcome.by !== "built-in") return;
    expect(outcome.reason).toContain(reason);
    expect(outcome.parsed).toEqual(parseScreenplay(SCRIPT));
  });

  it("falls back on a timeout", async () => {
    const { fetchImpl } = makeFakeLlmFetch(() => ({ hang: true }));
    const outcome = await aiParse(SCRIPT, SETTINGS, { fetchImpl, timeoutMs: 20 });
    expect(outcome.by).toBe("built-in");
    expect(outcome.by === "built-in" && outcome.reason).toMatch(/did not answer/);
  });

  it("reports a user's cancel as cancelled, with no built-in parse", async () => {
    const { fetchImpl, calls } = makeFakeLlmFetch(() => ({ hang: true }));
    const controller = new AbortController();
    const pending = aiParse(SCRIPT, SETTINGS, { fetchImpl, signal: controller.signal });
    await Promise.resolve();
    expect(calls).toHaveLength(1);
    controller.abort();
    expect(await pending).toEqual({ by: "cancelled" });
  });

  it("does not call the LLM when already cancelled", async () => {
    const { fetchImpl, calls } = makeFakeLlmFetch(() => ({ content: LLM_JSON }));
    const controller = new AbortController();
    controller.abort();
    const outcome = await aiParse(SCRIPT, SETTINGS, { fetchImpl, signal: controller.signal });
    expect(outcome).toEqual({ by: "cancelled" });
    expect(calls).toEqual([]);
  });

  it("does not call anything when no LLM is configured", async () => {
    const { fetchImpl, calls } = makeFakeLlmFetch(() => ({ content: LLM_JSON }));
    const outcome = await aiParse(SCRIPT, { ...SETTINGS, model: "" }, { fetchImpl });
    expect(outcome).toMatchObject({ by: "built-in", reason: "no LLM is configured" });
    expect(calls).toEqual([]);
  });
});
