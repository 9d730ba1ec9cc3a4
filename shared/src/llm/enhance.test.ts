import { describe, expect, it } from "vitest";
import {
  buildEnhanceMessages,
  fitEnhancedPrompt,
  sentenceRangeFor,
  splitSentences,
  stripMarkdown,
} from "./enhance";

const sentences = (n: number) =>
  Array.from({ length: n }, (_, i) => `@Mara stands in the light number ${i + 1}.`).join(" ");

describe("sentenceRangeFor", () => {
  it.each([
    [121, 25, { min: 2, max: 3 }], // 4.84 s
    [150, 25, { min: 2, max: 3 }], // exactly 6 s
    [151, 25, { min: 3, max: 5 }],
    [300, 25, { min: 3, max: 5 }], // exactly 12 s
    [301, 25, { min: 4, max: 8 }],
    [1200, 24, { min: 4, max: 8 }],
    [144, 24, { min: 2, max: 3 }],
  ])("%i frames at %i fps -> %o", (numFrames, fps, expected) => {
    expect(sentenceRangeFor({ numFrames, fps })).toEqual(expected);
  });
});

describe("buildEnhanceMessages", () => {
  it("asks for the duration's sentence range, no markdown, and the words to keep", () => {
    const [system, user] = buildEnhanceMessages({
      prompt: "LIGHTHOUSE. Shot type: wide. @Mara climbs the stairs.",
      numFrames: 250,
      fps: 25,
      keep: ["@Mara", "MARA"],
    });
    expect(system?.content).toMatch(/3 to 5 sentences/);
    expect(system?.content).toMatch(/No markdown/);
    expect(system?.content).toMatch(/@trigger/);
    expect(user?.content).toContain("10 seconds");
    expect(user?.content).toContain("@Mara, MARA");
    expect(user?.content.endsWith("@Mara climbs the stairs.")).toBe(true);
  });
});

describe("splitSentences", () => {
  it.each([
    ["One. Two! Three?", ["One.", "Two!", "Three?"]],
    ["Dr. Lee waits. Rain falls", ["Dr. Lee waits.", "Rain falls"]],
    ['She says "go." He goes…  Then\nsilence.', ['She says "go."', "He goes…", "Then silence."]],
    ["  ", []],
  ])("%j", (text, expected) => {
    expect(splitSentences(text)).toEqual(expected);
  });
});

describe("stripMarkdown", () => {
  it.each([
    ["**Enhanced prompt:** A wide shot.", "A wide shot."],
    ["Prompt: A wide shot.", "A wide shot."],
    ["```\nA wide shot.\n```", "A wide shot."],
    ["# Shot\n- A wide shot.\n- Rain *falls*.", "Shot A wide shot. Rain falls."],
    ['"A wide shot."', "A wide shot."],
  ])("%j -> %j", (text, expected) => {
    expect(stripMarkdown(text)).toBe(expected);
  });
});

describe("fitEnhancedPrompt", () => {
  const short = { numFrames: 121, fps: 25, keep: ["@Mara"] }; // 2–3 sentences
  const long = { numFrames: 400, fps: 25, keep: ["@Mara"] }; // 4–8 sentences

  it("accepts an answer inside the range as is", () => {
    expect(fitEnhancedPrompt({ ...short, answer: sentences(3) })).toEqual({
      ok: true,
      prompt: sentences(3),
      sentences: 3,
      trimmed: false,
    });
  });

  it("cuts sentences beyond the maximum for the duration", () => {
    const result = fitEnhancedPrompt({ ...short, answer: sentences(6) });
    expect(result).toEqual({ ok: true, prompt: sentences(3), sentences: 3, trimmed: true });
    const longer = fitEnhancedPrompt({ ...long, answer: sentences(12) });
    expect(longer.ok && longer.sentences).toBe(8);
  });

  it("strips markdown before counting", () => {
    const result = fitEnhancedPrompt({ ...short, answer: `**Prompt:**\n- ${sentences(2)}` });
    expect(result).toMatchObject({ ok: true, prompt: sentences(2) });
  });

  it.each([
    ["empty", "", "the model returned an empty prompt"],
    ["too short for 4–8", sentences(2), "the model wrote 2 sentences; at least 4 were asked for"],
    [
      "missing the trigger",
      "A woman stands in the light. The sea is dark. Waves roll. Gulls cry.",
      "the model left out @Mara",
    ],
  ])("rejects an answer that is %s", (_label, answer, reason) => {
    expect(fitEnhancedPrompt({ ...long, answer })).toEqual({ ok: false, reason });
  });

  it("matches kept words case-insensitively", () => {
    expect(fitEnhancedPrompt({ ...short, keep: ["MARA"], answer: sentences(2) }).ok).toBe(true);
  });
});
