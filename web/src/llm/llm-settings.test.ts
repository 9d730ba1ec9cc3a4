import { describe, expect, it } from "vitest";
import { missingLlmSetting, toLlmSettings } from "./llm-settings";

describe("LLM settings", () => {
  it.each([
    [null, { endpoint: "", model: "", apiKey: "" }],
    [
      { endpoint: " http://a:1 ", model: " m ", apiKey: 3 },
      { endpoint: "http://a:1", model: "m", apiKey: "" },
    ],
  ])("reads %j as %j", (stored, expected) => {
    expect(toLlmSettings(stored)).toEqual(expected);
  });

  it.each([
    [{ endpoint: "", model: "m" }, /Set an LLM endpoint and model/],
    [{ endpoint: "localhost:11434", model: "m" }, /full address/],
    [{ endpoint: "http://localhost:11434", model: "" }, /model name/],
    [{ endpoint: "http://localhost:11434", model: "llama3.2" }, null],
  ])("%j -> %s", (partial, expected) => {
    const missing = missingLlmSetting({ apiKey: "", ...partial });
    if (expected === null) expect(missing).toBeNull();
    else expect(missing).toMatch(expected);
  });
});
