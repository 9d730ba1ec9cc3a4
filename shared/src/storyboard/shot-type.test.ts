import { describe, expect, it } from "vitest";
import { guessShotType, shotTypeFromShotLine } from "./shot-type";

describe("guessShotType", () => {
  it.each([
    ["Aerial view over the city skyline at dusk", "establishing"],
    ["An establishing view of the farm", "establishing"],
    ["The exterior of the motel, neon buzzing", "establishing"],
    ["Close up of her trembling lips", "close_up"],
    ["A close-up on the ring", "close_up"],
    ["Extreme closeup of the clock", "close_up"],
    ["Detail of the lock mechanism", "close_up"],
    ["Her eyes widen", "close_up"],
    ["His hand reaches for the gun", "close_up"],
    ["Wide shot of the empty beach", "wide"],
    ["A wide angle of the stadium", "wide"],
    ["A panorama of the valley", "wide"],
    ["The vista opens before them", "wide"],
    ["Insert: the note on the table", "insert"],
    ["A cutaway to the clock", "insert"],
    ["A strange object glows on the shelf", "insert"],
    ["The prop sword falls", "insert"],
    ["Tracking alongside the car", "tracking"],
    ["The camera follows her down the hall", "tracking"],
    ["A chase through the market", "tracking"],
    ["Maya is running for the train", "tracking"],
    ["Two friends walking by the river", "tracking"],
    ["Maya sits at the table", "medium"],
    ["", "medium"],
  ])("%j -> %s", (text, expected) => {
    expect(guessShotType(text)).toBe(expected);
  });

  it.each([
    // Category order decides, not position in the sentence (FEATURES §2: first match wins).
    ["Close up of a hand against the city skyline", "establishing"],
    ["Walking through the landscape, eyes closed", "establishing"],
    ["A panorama, then her eye", "close_up"],
    ["Following the prop cart", "insert"],
  ])("first category wins: %j -> %s", (text, expected) => {
    expect(guessShotType(text)).toBe(expected);
  });

  it.each([
    ["He grabs the door handle", "medium"],
    ["That is not proper", "medium"],
    ["The handheld radio crackles", "medium"],
    ["She speaks in detailed sentences", "medium"],
  ])("keywords match whole words only: %j -> %s", (text, expected) => {
    expect(guessShotType(text)).toBe(expected);
  });
});

describe("shotTypeFromShotLine", () => {
  it.each([
    ["CLOSE ON THE LETTER", "close_up"],
    ["EXTREME CLOSE-UP - HER EYE", "close_up"],
    ["INSERT - THE PHOTOGRAPH", "insert"],
    ["WIDE SHOT - THE HARBOUR", "wide"],
    ["AERIAL SHOT - THE CITY", "establishing"],
    ["TRACKING SHOT", "tracking"],
    ["ANGLE ON MAYA", "medium"],
    ["POV - THROUGH THE KEYHOLE", "medium"],
    ["BACK TO SCENE", "medium"],
  ])("%j -> %s", (line, expected) => {
    expect(shotTypeFromShotLine(line)).toBe(expected);
  });

  it.each(["Close on the letter", "MAYA", "THE DOOR SLAMS.", "CUT TO:", ""])(
    "%j is not a shot line",
    line => {
      expect(shotTypeFromShotLine(line)).toBeNull();
    },
  );
});
