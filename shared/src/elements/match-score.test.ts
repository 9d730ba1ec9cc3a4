import { describe, expect, it } from "vitest";
import { matchElements, type ShotText } from "./match-score";
import type { ElementLike } from "./types";

const maya: ElementLike = {
  id: "el-maya",
  type: "character",
  name: "Maya Chen",
  trigger: "@Maya",
  description: "young engineer, red jacket, short black hair",
};
const diner: ElementLike = {
  id: "el-diner",
  type: "location",
  name: "Joe's Diner",
  trigger: "@Diner",
  description: "chrome counter, neon sign, rainy window booths",
};
const zoe: ElementLike = {
  id: "el-zoe",
  type: "character",
  name: "Zoë",
  trigger: "@Zoë",
  description: "",
};
const lamp: ElementLike = {
  id: "el-lamp",
  type: "object",
  name: "Brass Lamp",
  trigger: "@Lamp",
  description: "ornate brass oil lamp glowing amber",
};

const shot = (patch: Partial<ShotText>): ShotText => ({
  action: "",
  characters: [],
  dialogue: "",
  ...patch,
});

describe("matchElements: one signal at a time", () => {
  it.each<[string, ElementLike, Partial<ShotText>, string, number, string]>([
    ["character equals name", maya, { characters: ["MAYA CHEN"] }, "", 1, "character_name"],
    ["character equals name (Unicode)", zoe, { characters: ["ZOË"] }, "", 1, "character_name"],
    ["trigger in character field", maya, { characters: ["@maya"] }, "", 0.95, "character_trigger"],
    ["trigger word as character", maya, { characters: ["MAYA"] }, "", 0.95, "character_trigger"],
    [
      "trigger with @ in action",
      maya,
      { action: "@MAYA opens the hatch" },
      "",
      0.95,
      "action_trigger",
    ],
    [
      "trigger without @ in action",
      lamp,
      { action: "The lamp flickers" },
      "",
      0.95,
      "action_trigger",
    ],
    ["location in heading", diner, {}, "INT. JOE'S DINER - NIGHT", 0.85, "heading_location"],
    [
      "name tokens in character field",
      maya,
      { characters: ["CHEN, MAYA"] },
      "",
      0.8,
      "character_tokens",
    ],
    [
      "all name tokens in characters",
      lamp,
      { characters: ["LAMP BRASS"] },
      "",
      0.8,
      "character_tokens",
    ],
    [
      "name in action",
      { ...diner, trigger: "@JoesPlace" },
      { action: "Rain outside Joe's Diner" },
      "",
      0.75,
      "action_name",
    ],
    [
      "all name tokens in action",
      maya,
      { action: "Chen, the one they call Maya" },
      "",
      0.95,
      "action_trigger",
    ],
    ["name in dialogue", diner, { dialogue: "Meet me at Joe's Diner." }, "", 0.7, "dialogue_name"],
  ])("%s", (_, element, patch, heading, score, signal) => {
    expect(
      matchElements({ shot: shot(patch), sceneHeading: heading, elements: [element] }),
    ).toEqual([{ elementId: element.id, element, score, signal }]);
  });

  it("scores all name tokens in the action 0.75 when the trigger does not match", () => {
    const el = { ...maya, trigger: "@MC" };
    expect(
      matchElements({ shot: shot({ action: "Chen, the one they call Maya" }), elements: [el] }),
    ).toMatchObject([{ score: 0.75, signal: "action_name" }]);
  });

  it("scores description overlap as 0.5 x the share of keywords found", () => {
    const el = { ...lamp, name: "Heirloom", trigger: "@Heirloom" };
    // keywords: ornate, brass, oil, lamp, glowing, amber (6); 5 found -> 0.5 * 5/6 = 0.42
    const action = "An ornate brass oil lamp sits glowing on the desk";
    expect(matchElements({ shot: shot({ action }), elements: [el] })).toEqual([
      { elementId: el.id, element: el, score: 0.42, signal: "description_overlap" },
    ]);
  });

  it.each([
    ["3 of 6 keywords (0.25) is dropped", "An ornate brass lamp on the desk"],
    ["2 shared keywords never count", "ornate brass"],
    ["stop words do not count as keywords", "the and with ornate brass"],
  ])("%s", (_, action) => {
    const el = { ...lamp, name: "Heirloom", trigger: "@Heirloom" };
    expect(matchElements({ shot: shot({ action }), elements: [el] })).toEqual([]);
  });
});

describe("matchElements: combining", () => {
  it("keeps each element's best signal and sorts best first", () => {
    const result = matchElements({
      shot: shot({
        action: "Maya Chen switches on the brass lamp",
        characters: ["ZOË"],
        dialogue: "This is Joe's Diner?",
      }),
      sceneHeading: "INT. WAREHOUSE - NIGHT",
      elements: [diner, lamp, maya, zoe],
    });
    expect(result.map(m => [m.elementId, m.score, m.signal])).toEqual([
      ["el-zoe", 1, "character_name"],
      ["el-lamp", 0.95, "action_trigger"],
      ["el-maya", 0.95, "action_trigger"],
      ["el-diner", 0.7, "dialogue_name"],
    ]);
  });

  it("does not match on parts of words", () => {
    const result = matchElements({
      shot: shot({ action: "Mayan ruins, a lampshade, @Mayday" }),
      sceneHeading: "EXT. JOE'S DINERS - DAY",
      elements: [maya, lamp, diner],
    });
    expect(result).toEqual([]);
  });

  it("only places locations through the scene heading", () => {
    const result = matchElements({
      shot: shot({}),
      sceneHeading: "INT. BRASS LAMP FACTORY - DAY",
      elements: [lamp],
    });
    expect(result).toEqual([]);
  });

  it("returns nothing for no elements", () => {
    expect(matchElements({ shot: shot({ action: "anything" }), elements: [] })).toEqual([]);
  });
});
