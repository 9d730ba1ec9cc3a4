import { describe, expect, it } from "vitest";
import { elementImagePlan } from "./element-image-plan";

describe("elementImagePlan", () => {
  it.each([
    [
      "character",
      "Character sheet design for Mara: a keeper, full body turnaround, white background",
    ],
    ["location", "Concept art of Mara: a keeper, wide shot, atmospheric, cinematic lighting"],
    ["object", "Concept design of Mara: a keeper, product studio lighting, neutral background"],
  ] as const)("a %s asks for a 1024² image from its template", (type, prompt) => {
    expect(
      elementImagePlan({ element: { type, name: "Mara", description: "a keeper" }, seed: 9 }),
    ).toEqual({
      kind: "generate-image",
      references: [],
      params: { prompt, width: 1024, height: 1024, steps: 25, guidance: 2, seed: 9 },
    });
  });
});
