import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseScreenplay } from "./parse-screenplay";
import type { ParsedScript } from "./types";

const script = (...lines: string[]) => lines.join("\n");
function expectOneWarning(result: ParsedScript, line: number, words: string) {
  expect(result.warnings.map(warning => warning.line)).toEqual([line]);
  expect(result.warnings[0]?.message).toContain(words);
}
const shotsOf = (result: ParsedScript) => result.scenes.flatMap(scene => scene.shots);

describe("parseScreenplay: mode", () => {
  it.each([
    ["a heading", script("INT. FLAT - DAY", "", "Maya reads."), "screenplay"],
    ["a forced heading", script(".DREAM", "", "Clouds."), "screenplay"],
    ["numbered shots", script("1. A door.", "2. A hand.", "3. A key."), "numbered"],
    ["half numbered", script("1. A door.", "It creaks.", "2. A hand.", "It shakes."), "numbered"],
    ["one numbered line", script("1. A door.", "It creaks.", "Rain."), "freeform"],
    ["mostly prose", script("1. A door.", "2. A hand.", "a", "b", "c"), "freeform"],
    ["prose", script("A lighthouse at night.", "", "Waves crash."), "freeform"],
  ])("%s -> %s", (_, text, mode) => {
    expect(parseScreenplay(text).mode).toBe(mode);
  });
});

describe("parseScreenplay: screenplay conventions", () => {
  it("turns headings into scenes with location and time of day", () => {
    const result = parseScreenplay(
      script("INT. KITCHEN - NIGHT", "", "Maya boils water.", "", "EXT. GARDEN - DAY", "", "Rain."),
    );
    expect(result.scenes.map(s => [s.heading, s.name, s.location, s.timeOfDay, s.line])).toEqual([
      ["INT. KITCHEN - NIGHT", "KITCHEN - NIGHT", "KITCHEN", "NIGHT", 1],
      ["EXT. GARDEN - DAY", "GARDEN - DAY", "GARDEN", "DAY", 5],
    ]);
    expect(result.warnings).toEqual([]);
  });

  it("makes one shot per action paragraph, joining its lines", () => {
    const result = parseScreenplay(
      script(
        "INT. HALL - DAY",
        "",
        "The door opens.",
        "Wind blows in.",
        "",
        "A wide shot of the hall.",
      ),
    );
    expect(shotsOf(result).map(s => [s.action, s.shotType, s.line])).toEqual([
      ["The door opens. Wind blows in.", "medium", 3],
      ["A wide shot of the hall.", "wide", 6],
    ]);
  });

  it("reads a cue, its parenthetical and dialogue until the blank line", () => {
    const result = parseScreenplay(
      script(
        "INT. CAR - NIGHT",
        "",
        "MAYA (V.O.)",
        "(whispering)",
        "Keep driving.",
        "Don't stop.",
        "",
        "She looks back.",
      ),
    );
    const [dialogue, action] = shotsOf(result);
    expect(dialogue).toMatchObject({
      characters: ["MAYA"],
      dialogue: "Keep driving. Don't stop.",
      parenthetical: "(whispering)",
      extensions: ["V.O."],
      line: 3,
    });
    expect(action?.action).toBe("She looks back.");
  });

  it.each([
    ["(V.O.)", "V.O."],
    ["(O.S.)", "O.S."],
    ["(CONT'D)", "CONT'D"],
    ["(cont'd)", "cont'd"],
  ])("strips the %s extension from the name", (extension, kept) => {
    const result = parseScreenplay(script("INT. ROOM - DAY", "", `TOM ${extension}`, "Hello."));
    expect(shotsOf(result)[0]).toMatchObject({ characters: ["TOM"], extensions: [kept] });
    expect(result.scenes[0]?.characters).toEqual(["TOM"]);
  });

  it("rotates dialogue framing within a scene and restarts it in the next", () => {
    const exchange = [
      "MAYA",
      "One.",
      "",
      "TOM",
      "Two.",
      "",
      "MAYA",
      "Three.",
      "",
      "TOM",
      "Four.",
      "",
      "MAYA",
      "Five.",
      "",
      "TOM",
      "Six.",
    ];
    const result = parseScreenplay(
      script("INT. A - DAY", "", ...exchange, "", "INT. B - DAY", "", "TOM", "Again."),
    );
    const [first, second] = result.scenes;
    expect(first?.shots.map(s => [s.framing, s.shotType])).toEqual([
      ["close up", "close_up"],
      ["medium", "medium"],
      ["over-the-shoulder", "medium"],
      ["two-shot", "medium"],
      ["reaction", "close_up"],
      ["close up", "close_up"],
    ]);
    expect(first?.shots[3]?.characters).toEqual(["TOM", "MAYA"]);
    expect(first?.shots[3]?.action).toBe("Two-shot of TOM and MAYA.");
    expect(second?.shots[0]?.framing).toBe("close up");
  });

  it.each(["CUT TO:", "FADE OUT.", "FADE IN:", "SMASH CUT TO:", "DISSOLVE TO:", "> WIPE TO:"])(
    "treats %j as a transition, not a character or a shot",
    transition => {
      const result = parseScreenplay(
        script("INT. ROOM - DAY", "", "Maya waits.", "", transition, "", "Tom arrives."),
      );
      expect(shotsOf(result).map(s => s.action)).toEqual(["Maya waits.", "Tom arrives."]);
      expect(result.scenes[0]?.characters).toEqual([]);
    },
  );

  it("does not read FADE IN: before the first heading as an untitled scene", () => {
    const result = parseScreenplay(script("FADE IN:", "", "INT. ROOM - DAY", "", "Dust."));
    expect(result.scenes).toHaveLength(1);
    expect(result.warnings).toEqual([]);
  });

  it("keeps text before the first heading in an untitled scene, with a warning", () => {
    const result = parseScreenplay(script("A storm gathers.", "", "INT. ROOM - DAY", "", "Dust."));
    expect(result.scenes.map(s => [s.heading, s.shots[0]?.action])).toEqual([
      ["", "A storm gathers."],
      ["INT. ROOM - DAY", "Dust."],
    ]);
    expectOneWarning(result, 1, "untitled scene");
  });

  it("uses a shot line's framing for the action under it", () => {
    const result = parseScreenplay(
      script(
        "INT. STUDY - NIGHT",
        "",
        "CLOSE ON THE LETTER",
        "",
        "It trembles.",
        "",
        "INSERT - THE KEY",
      ),
    );
    expect(shotsOf(result).map(s => [s.action, s.shotType, s.shotLine, s.line])).toEqual([
      ["CLOSE ON THE LETTER. It trembles.", "close_up", "CLOSE ON THE LETTER", 3],
      ["INSERT - THE KEY", "insert", "INSERT - THE KEY", 7],
    ]);
  });

  it("ignores the title page and reports its fields", () => {
    const result = parseScreenplay(
      script(
        "Title: Night Shift",
        "Author: Ana Lima",
        "Draft date: 1 May",
        "",
        "INT. ROOM - DAY",
        "",
        "Dust.",
      ),
    );
    expect(result.titlePage).toEqual({
      title: "Night Shift",
      author: "Ana Lima",
      "draft date": "1 May",
    });
    expect(result.scenes).toHaveLength(1);
    expect(shotsOf(result).map(s => s.action)).toEqual(["Dust."]);
  });

  it.each([
    ["an inline note", script("INT. ROOM - DAY", "", "Maya [[fix later]] sits."), ["Maya sits."]],
    [
      "a multi-line note",
      script("INT. ROOM - DAY", "", "Maya [[a note", "over lines]] sits."),
      ["Maya sits."],
    ],
    ["inline boneyard", script("INT. ROOM - DAY", "", "Maya /* cut */ sits."), ["Maya sits."]],
    [
      "multi-line boneyard",
      script("INT. ROOM - DAY", "", "/*", "Old scene.", "", "More old text.", "*/", "Maya sits."),
      ["Maya sits."],
    ],
  ])("ignores %s", (_, text, actions) => {
    const result = parseScreenplay(text);
    expect(shotsOf(result).map(s => s.action)).toEqual(actions);
    expect(result.warnings).toEqual([]);
  });

  it("keeps dialogue together when a note sits between its lines", () => {
    const result = parseScreenplay(
      script("INT. ROOM - DAY", "", "MAYA", "[[check this]]", "Hello."),
    );
    expect(shotsOf(result)[0]).toMatchObject({ characters: ["MAYA"], dialogue: "Hello." });
  });

  it("keeps the text after an unclosed /* and warns with its line", () => {
    const result = parseScreenplay(
      script("INT. ROOM - DAY", "", "Maya sits. /* oops", "", "Tom stands."),
    );
    expect(shotsOf(result).map(s => s.action)).toEqual(["Maya sits. /* oops", "Tom stands."]);
    expectOneWarning(result, 3, "*/");
  });

  it("numbers shots and scenes by their line in the original text, comments included", () => {
    const result = parseScreenplay(script("/* a", "b */", "", "INT. ROOM - DAY", "", "Dust."));
    expect(result.scenes[0]?.line).toBe(4);
    expect(shotsOf(result)[0]?.line).toBe(6);
  });

  it("does not read a capitalised line with no text under it as a character", () => {
    const result = parseScreenplay(script("INT. ROOM - DAY", "", "BANG", "", "Tom ducks."));
    expect(shotsOf(result).map(s => [s.action, s.characters])).toEqual([
      ["BANG", []],
      ["Tom ducks.", []],
    ]);
  });

  it("names known speakers found in action shots and collects scene characters", () => {
    const result = parseScreenplay(
      script(
        "INT. ROOM - DAY",
        "",
        "Tom hands Zoë a cup.",
        "",
        "ZOË",
        "Thanks.",
        "",
        "TOM",
        "Sure.",
      ),
    );
    expect(shotsOf(result)[0]?.characters).toEqual(["TOM", "ZOË"]);
    expect(result.scenes[0]?.characters).toEqual(["TOM", "ZOË"]);
  });

  it("treats ! lines as action even when they look like a heading", () => {
    const result = parseScreenplay(script("INT. ROOM - DAY", "", "!EXT. is written on the sign."));
    expect(result.scenes).toHaveLength(1);
    expect(shotsOf(result)[0]?.action).toBe("EXT. is written on the sign.");
  });

  it("warns about a scene with no shots", () => {
    const result = parseScreenplay(script("INT. ROOM - DAY", "", "EXT. YARD - DAY", "", "Birds."));
    expect(result.scenes[0]?.shots).toEqual([]);
    expectOneWarning(result, 1, "no shots");
  });
});

describe("parseScreenplay: numbered and freeform", () => {
  it("makes each numbered line a shot and joins continuation lines", () => {
    const result = parseScreenplay(
      script(
        "1. Aerial view of the bay.",
        "Boats drift.",
        "#2) Close up of her hands.",
        "Shot 3: Maya walking home.",
      ),
    );
    expect(result.scenes).toHaveLength(1);
    expect(shotsOf(result).map(s => [s.action, s.shotType, s.line])).toEqual([
      ["Aerial view of the bay. Boats drift.", "establishing", 1],
      ["Close up of her hands.", "close_up", 3],
      ["Maya walking home.", "tracking", 4],
    ]);
    expect(result.warnings).toEqual([]);
  });

  it("warns about numbers out of sequence and text before shot 1", () => {
    const result = parseScreenplay(script("Storyboard:", "1. A", "3. B", "4. C"));
    expect(shotsOf(result).map(s => s.action)).toEqual(["Storyboard:", "A", "B", "C"]);
    expect(result.warnings.map(w => w.line)).toEqual([1, 3]);
  });

  it("makes each freeform paragraph a shot of one scene", () => {
    const result = parseScreenplay(
      script("", "A lighthouse on a cliff,", "lit by lightning.", "", "", "Waves chase the shore."),
    );
    expect(result.scenes).toHaveLength(1);
    expect(result.scenes[0]?.line).toBe(2);
    expect(shotsOf(result).map(s => [s.action, s.shotType, s.line])).toEqual([
      ["A lighthouse on a cliff, lit by lightning.", "medium", 2],
      ["Waves chase the shore.", "tracking", 6],
    ]);
  });

  it.each(["", "   ", "\n\n\n", "/* everything hidden */"])("warns on an empty script %j", text => {
    const result = parseScreenplay(text);
    expect(result.scenes).toEqual([]);
    expectOneWarning(result, 1, "empty");
  });

  it("handles Windows and old Mac line endings", () => {
    const result = parseScreenplay("INT. ROOM - DAY\r\n\r\nMAYA\r\nHi.\r\rTom waves.");
    expect(shotsOf(result).map(s => [s.dialogue || s.action, s.line])).toEqual([
      ["Hi.", 3],
      ["Tom waves.", 6],
    ]);
  });
});

describe("parseScreenplay: robustness", () => {
  const scriptish = fc.array(
    fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 40 }),
      fc.constantFrom(
        "",
        "INT. ROOM - DAY",
        ".X",
        "MAYA (V.O.)",
        "(beat)",
        "CUT TO:",
        "/*",
        "*/",
        "[[",
        "]]",
        "1. A",
        "Title: T",
        ">X<",
        "!INT. Y",
        "=== ",
        "# Act",
      ),
    ),
    { maxLength: 30 },
  );

  it("never throws and keeps every line number within the text", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 300 }),
          scriptish.map(l => l.join("\n")),
        ),
        text => {
          const result = parseScreenplay(text);
          const lineCount = text.split(/\r\n?|\n/).length;
          expect(result.lineCount).toBe(lineCount);
          const lines = [
            ...result.warnings.map(w => w.line),
            ...result.scenes.map(s => s.line),
            ...result.scenes.flatMap(s => s.shots.map(shot => shot.line)),
          ];
          for (const line of lines) {
            expect(Number.isInteger(line)).toBe(true);
            expect(line).toBeGreaterThanOrEqual(1);
            expect(line).toBeLessThanOrEqual(lineCount);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("copes with a huge line quickly", () => {
    const huge = `INT. ${"A ".repeat(100_000)}- DAY\n\n${"word ".repeat(200_000)}\n\nMAYA${" ".repeat(100_000)}(V.O.)\nHi`;
    const started = Date.now();
    const result = parseScreenplay(huge);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result.scenes[0]?.name.length).toBeLessThanOrEqual(200);
    expect(shotsOf(result)).toHaveLength(2);
  });

  it("returns a result for input that is not a string", () => {
    expect(parseScreenplay(undefined as unknown as string).scenes).toEqual([]);
  });
});
