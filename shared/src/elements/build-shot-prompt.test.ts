import { describe, expect, it } from "vitest";
import { buildShotPrompt } from "./build-shot-prompt";
import type { ElementLike } from "./types";

const maya: ElementLike = {
  id: "el-maya",
  type: "character",
  name: "Maya",
  trigger: "@Maya",
  description: "young engineer in a red jacket",
};
const kitchen: ElementLike = {
  id: "el-kitchen",
  type: "location",
  name: "Kitchen",
  trigger: "@Kitchen",
  description: "tiled, warm morning light",
};

describe("buildShotPrompt", () => {
  it("joins scene, shot type, character, dialogue and action in order", () => {
    expect(
      buildShotPrompt({
        sceneName: "KITCHEN - NIGHT",
        shotType: "close_up",
        characters: ["MAYA", "TOM"],
        dialogue: "Where were you?",
        action: "Maya turns.",
      }),
    ).toBe(
      "KITCHEN - NIGHT. Shot type: close up. Character: MAYA, TOM. Dialogue: Where were you? Maya turns.",
    );
  });

  it("prefers the prompt over the action and leaves out empty parts", () => {
    expect(
      buildShotPrompt({ shotType: "wide", prompt: "A harbour at dawn", action: "ignored" }),
    ).toBe("Shot type: wide. A harbour at dawn");
  });

  it("injects elements and appends the matched location from the heading", () => {
    expect(
      buildShotPrompt({
        sceneName: "MORNING",
        sceneHeading: "INT. KITCHEN - MORNING",
        shotType: "medium",
        action: "@Maya pours coffee.",
        elements: [maya, kitchen],
      }),
    ).toBe(
      "MORNING. Shot type: medium. Maya (young engineer in a red jacket) pours coffee. Setting: Kitchen (tiled, warm morning light)",
    );
  });

  it("adds the previous shot as context last", () => {
    expect(
      buildShotPrompt({
        sceneName: "ROOF",
        shotType: "tracking",
        action: "She runs",
        previousAction: "Maya climbs the ladder.",
      }),
    ).toBe(
      "ROOF. Shot type: tracking. She runs. Context: following a shot where Maya climbs the ladder.",
    );
  });

  it("uses the matches it is given instead of matching again", () => {
    expect(
      buildShotPrompt({
        shotType: "medium",
        action: "Steam rises.",
        elements: [kitchen],
        matched: [
          { elementId: kitchen.id, element: kitchen, score: 0.5, signal: "description_overlap" },
        ],
      }),
    ).toBe("Shot type: medium. Steam rises. Setting: Kitchen (tiled, warm morning light)");
  });
});
