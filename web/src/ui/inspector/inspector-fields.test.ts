import { describe, expect, it } from "vitest";
import { SHOT_FIELDS, clipFieldsFor, parseClipField, parseShotField } from "./inspector-fields";

const shotField = (key: string) => {
  const def = SHOT_FIELDS.find(f => f.key === key);
  if (!def) throw new Error(key);
  return def;
};
const clipField = (key: string) => {
  const def = [...clipFieldsFor("V2"), ...clipFieldsFor("A1")].find(f => f.key === key);
  if (!def) throw new Error(key);
  return def;
};

describe("shot fields", () => {
  it.each([
    ["numFrames", "121", { ok: true, value: 121 }],
    ["numFrames", "10", { ok: false, error: "Frames must be between 25 and 1200" }],
    ["numFrames", "", { ok: false, error: "Frames is required" }],
    ["numFrames", "12.5", { ok: false, error: "Frames must be a whole number" }],
    ["steps", "0", { ok: false, error: "Steps must be between 1 and 200" }],
    ["guidance", "3.5", { ok: true, value: 3.5 }],
    ["guidance", "3.3", { ok: false, error: "Guidance must be in steps of 0.5" }],
    ["prompt", "a lighthouse at night", { ok: true, value: "a lighthouse at night" }],
    ["pipeline", "t2v", { ok: true, value: "t2v" }],
    ["seedLocked", true, { ok: true, value: true }],
    ["enhancePrompt", true, { ok: true, value: true }],
    ["enhancePrompt", false, { ok: true, value: false }],
  ] as const)("%s = %o -> %o", (key, raw, expected) => {
    expect(parseShotField(shotField(key), raw)).toEqual(expected);
  });

  it("rejects a width that is not a multiple of 32 with the schema's words", () => {
    const result = parseShotField(shotField("width"), "700");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/Width/);
  });
});

describe("clip fields", () => {
  it.each([
    ["opacity", "0.5", { ok: true, value: 0.5 }],
    ["opacity", "1.2", { ok: false, error: "Opacity must be between 0 and 1" }],
    ["gain", "3", { ok: false, error: "Gain must be between 0 and 2" }],
    ["trimIn", "-1", { ok: false, error: "Trim in must be at least 0 frames" }],
    ["scale", "0", { ok: false, error: "Scale must be greater than 0" }],
    ["label", "  ", { ok: true, value: undefined }],
  ] as const)("%s = %o -> %o", (key, raw, expected) => {
    expect(parseClipField(clipField(key), raw)).toEqual(expected);
  });

  it("shows look fields on V2, gain on A1, only trims on V1", () => {
    expect(clipFieldsFor("V1").map(f => f.key)).toEqual(["label", "trimIn", "trimOut"]);
    expect(clipFieldsFor("V2").map(f => f.key)).toContain("opacity");
    expect(clipFieldsFor("A1").map(f => f.key)).toContain("gain");
  });
});
