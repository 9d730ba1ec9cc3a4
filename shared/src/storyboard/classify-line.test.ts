import { describe, expect, it } from "vitest";
import {
  isTransition,
  parseCharacterCue,
  parseNumberedLine,
  parseSceneHeading,
} from "./classify-line";

describe("parseSceneHeading", () => {
  it.each([
    ["INT. KITCHEN - NIGHT", { name: "KITCHEN - NIGHT", location: "KITCHEN", timeOfDay: "NIGHT" }],
    [
      "EXT. CITY STREET - DAY",
      { name: "CITY STREET - DAY", location: "CITY STREET", timeOfDay: "DAY" },
    ],
    ["INT./EXT. CAR - MOVING", { name: "CAR - MOVING", location: "CAR", timeOfDay: "MOVING" }],
    ["INT/EXT CAR - DUSK", { name: "CAR - DUSK", location: "CAR", timeOfDay: "DUSK" }],
    ["I/E TRAIN - NIGHT", { name: "TRAIN - NIGHT", location: "TRAIN", timeOfDay: "NIGHT" }],
    ["EST. HARBOUR", { name: "HARBOUR", location: "HARBOUR" }],
    ["int. small flat - morning", { name: "small flat - morning", location: "small flat" }],
    [
      "INT. HOUSE - KITCHEN - CONTINUOUS",
      {
        name: "HOUSE - KITCHEN - CONTINUOUS",
        location: "HOUSE - KITCHEN",
        timeOfDay: "CONTINUOUS",
      },
    ],
    ["INT. BAR — NIGHT", { name: "BAR — NIGHT", location: "BAR", timeOfDay: "NIGHT" }],
    [
      "EXT. FIELD - DAY #12A#",
      { heading: "EXT. FIELD - DAY", location: "FIELD", timeOfDay: "DAY" },
    ],
    [".FLASHBACK", { heading: "FLASHBACK", name: "FLASHBACK" }],
    [
      ".ZOË'S ROOM - DAWN",
      { name: "ZOË'S ROOM - DAWN", location: "ZOË'S ROOM", timeOfDay: "DAWN" },
    ],
  ])("%j is a heading", (line, expected) => {
    expect(parseSceneHeading(line)).toMatchObject(expected);
  });

  it.each([
    "...and then it ended.",
    ". leading dot and space",
    "Interior design matters",
    "INTERIOR OF THE CAR",
    "EXTRA! EXTRA!",
    "She waits.",
    "",
  ])("%j is not a heading", line => {
    expect(parseSceneHeading(line)).toBeNull();
  });
});

describe("isTransition", () => {
  it.each([
    "CUT TO:",
    "SMASH CUT TO:",
    "FADE OUT.",
    "FADE IN:",
    "FADE TO BLACK.",
    "DISSOLVE TO:",
    "MATCH CUT TO:",
    "> BURN TO WHITE",
  ])("%j is a transition", line => {
    expect(isTransition(line)).toBe(true);
  });

  it.each(["MAYA", "Cut to the chase:", "She fades out.", ">THE END<", "WE CUT THE ROPE"])(
    "%j is not a transition",
    line => {
      expect(isTransition(line)).toBe(false);
    },
  );
});

describe("parseCharacterCue", () => {
  it.each([
    ["MAYA", { name: "MAYA", extensions: [] }],
    ["MAYA (V.O.)", { name: "MAYA", extensions: ["V.O."] }],
    ["OLD TOM (O.S.)", { name: "OLD TOM", extensions: ["O.S."] }],
    ["MAYA (CONT'D)", { name: "MAYA", extensions: ["CONT'D"] }],
    ["MAYA (V.O.) (CONT'D)", { name: "MAYA", extensions: ["V.O.", "CONT'D"] }],
    ["DR. KIM ^", { name: "DR. KIM", extensions: [] }],
    ["ZOË", { name: "ZOË", extensions: [] }],
    ["R2-D2", { name: "R2-D2", extensions: [] }],
  ])("%j is a cue", (line, expected) => {
    expect(parseCharacterCue(line)).toEqual(expected);
  });

  it.each([
    "Maya",
    "THE DOOR EXPLODES.",
    "BANG!",
    "WHAT?",
    "THIS LINE HAS FAR TOO MANY WORDS TO BE A NAME",
    "123",
    "(V.O.)",
  ])("%j is not a cue", line => {
    expect(parseCharacterCue(line)).toBeNull();
  });
});

describe("parseNumberedLine", () => {
  it.each([
    ["1. A man walks in", { number: 1, text: "A man walks in" }],
    ["2) The door opens", { number: 2, text: "The door opens" }],
    ["#3) Rain", { number: 3, text: "Rain" }],
    ["# 4 Night falls", { number: 4, text: "Night falls" }],
    ["Shot 5: Close on the key", { number: 5, text: "Close on the key" }],
    ["shot #6 - Wide of the bay", { number: 6, text: "Wide of the bay" }],
    ["7:", { number: 7, text: "" }],
  ])("%j", (line, expected) => {
    expect(parseNumberedLine(line)).toEqual(expected);
  });

  it.each(["1.5 seconds later", "2024 was a year", "Shotgun blast", "A. B. C."])(
    "%j is not numbered",
    line => {
      expect(parseNumberedLine(line)).toBeNull();
    },
  );
});
