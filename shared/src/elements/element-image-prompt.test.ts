import { describe, expect, it } from "vitest";
import { ELEMENT_IMAGE_SIZE, elementImagePrompt } from "./element-image-prompt";

describe("elementImagePrompt", () => {
  it.each([
    [
      "character",
      "Mara",
      "a lighthouse keeper in a yellow raincoat",
      "Character sheet design for Mara: a lighthouse keeper in a yellow raincoat, full body turnaround, white background",
    ],
    [
      "location",
      "The Cliff",
      "grey rocks above a stormy sea",
      "Concept art of The Cliff: grey rocks above a stormy sea, wide shot, atmospheric, cinematic lighting",
    ],
    [
      "object",
      "Lantern",
      "a brass storm lantern",
      "Concept design of Lantern: a brass storm lantern, product studio lighting, neutral background",
    ],
  ] as const)("uses the %s template", (type, name, description, expected) => {
    expect(elementImagePrompt({ type, name, description })).toBe(expected);
  });

  it("leaves out the description part when there is none", () => {
    expect(elementImagePrompt({ type: "character", name: "Mara", description: "  " })).toBe(
      "Character sheet design for Mara, full body turnaround, white background",
    );
  });

  it("drops a trailing full stop and folds line breaks so the style words continue the sentence", () => {
    expect(
      elementImagePrompt({ type: "object", name: " Lamp ", description: "Old and\nrusty. " }),
    ).toBe("Concept design of Lamp: Old and rusty, product studio lighting, neutral background");
  });

  it("is 1024 pixels square", () => {
    expect(ELEMENT_IMAGE_SIZE).toBe(1024);
  });
});
