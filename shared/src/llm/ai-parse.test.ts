import { describe, expect, it } from "vitest";
import { parseScreenplay } from "../storyboard";
import { AI_SHOTS_PER_SCENE, buildParseMessages, readAiParse, toShotType } from "./ai-parse";

const SCRIPT = [
  "Title: The Lamp",
  "",
  "INT. LIGHTHOUSE - NIGHT",
  "",
  "Waves crash against the rocks.",
  "",
  "MARA",
  "The lamp is out again.",
  "",
  "EXT. CLIFF - DAWN",
  "",
  "Mara walks to the edge.",
].join("\n");

const shot = (action: string, extra: Record<string, unknown> = {}) => ({
  action,
  shotType: "medium",
  characters: [],
  ...extra,
});

describe("buildParseMessages", () => {
  it("asks for strict JSON with 1–8 shots per scene and the allowed shot types, then sends the script", () => {
    const [system, user] = buildParseMessages(SCRIPT);
    expect(system?.role).toBe("system");
    expect(system?.content).toMatch(/JSON/);
    expect(system?.content).toMatch(/between 1 and 8 shots/);
    for (const type of ["close_up", "medium", "wide", "establishing", "insert", "tracking"]) {
      expect(system?.content).toContain(type);
    }
    expect(system?.content).toContain('"scenes"');
    expect(user?.role).toBe("user");
    expect(user?.content.endsWith(SCRIPT)).toBe(true);
  });
});

describe("readAiParse", () => {
  it("gives the same shape the built-in parser gives, with lines found in the script", () => {
    const answer = JSON.stringify({
      scenes: [
        {
          heading: "INT. LIGHTHOUSE - NIGHT",
          name: "LIGHTHOUSE",
          location: "LIGHTHOUSE",
          timeOfDay: "NIGHT",
          shots: [
            shot("Waves crash against the rocks below the lighthouse.", { shotType: "wide" }),
            shot("Mara looks up at the dark lamp.", {
              shotType: "close_up",
              characters: ["MARA"],
              dialogue: "The lamp is out again.",
            }),
          ],
        },
        {
          heading: "EXT. CLIFF - DAWN",
          shots: [shot("Mara walks to the edge.", { characters: ["MARA"] })],
        },
      ],
    });
    const result = readAiParse({ answer, script: SCRIPT });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const builtIn = parseScreenplay(SCRIPT);
    expect(result.parsed.mode).toBe(builtIn.mode);
    expect(result.parsed.titlePage).toEqual(builtIn.titlePage);
    expect(result.parsed.lineCount).toBe(builtIn.lineCount);
    expect(result.parsed.warnings).toEqual([]);
    const [first, second] = result.parsed.scenes;
    expect(first).toEqual({
      heading: "INT. LIGHTHOUSE - NIGHT",
      name: "LIGHTHOUSE",
      location: "LIGHTHOUSE",
      timeOfDay: "NIGHT",
      line: 3,
      characters: ["MARA"],
      shots: [
        {
          action: "Waves crash against the rocks below the lighthouse.",
          characters: [],
          dialogue: "",
          shotType: "wide",
          line: 3,
        },
        {
          action: "Mara looks up at the dark lamp.",
          characters: ["MARA"],
          dialogue: "The lamp is out again.",
          shotType: "close_up",
          line: 3,
        },
      ],
    });
    // Name, location and time of day come from the heading when the model leaves them out.
    expect(second).toMatchObject({
      name: builtIn.scenes[1]?.name,
      location: "CLIFF",
      timeOfDay: "DAWN",
      line: 10,
    });
  });

  it("keeps only the first 8 shots of a scene and says so", () => {
    const shots = Array.from({ length: 11 }, (_, i) => shot(`Shot number ${i + 1}.`));
    const result = readAiParse({
      answer: JSON.stringify({ scenes: [{ heading: "INT. LIGHTHOUSE - NIGHT", shots }] }),
      script: SCRIPT,
    });
    if (!result.ok) throw new Error(result.reason);
    expect(result.parsed.scenes[0]?.shots).toHaveLength(AI_SHOTS_PER_SCENE.max);
    expect(result.parsed.scenes[0]?.shots.at(-1)?.action).toBe("Shot number 8.");
    expect(result.parsed.warnings[0]?.message).toMatch(/11 shots; only the first 8/);
  });

  it("drops scenes without usable shots with a warning, and unreadable shots silently", () => {
    const result = readAiParse({
      answer: JSON.stringify({
        scenes: [
          { heading: "INT. LIGHTHOUSE - NIGHT", shots: [] },
          { heading: "EXT. CLIFF - DAWN", shots: [{ foo: 1 }, shot("  "), shot("Mara walks.")] },
          "nonsense",
        ],
      }),
      script: SCRIPT,
    });
    if (!result.ok) throw new Error(result.reason);
    expect(result.parsed.scenes.map(s => s.heading)).toEqual(["EXT. CLIFF - DAWN"]);
    expect(result.parsed.scenes[0]?.shots.map(s => s.action)).toEqual(["Mara walks."]);
    expect(result.parsed.warnings.map(w => w.message)).toEqual([
      "Scene 1 came back without shots and was left out.",
      "Scene 3 from the model was not readable and was left out.",
    ]);
  });

  it("guesses the shot type from the action when the model's type is not allowed", () => {
    const result = readAiParse({
      answer: JSON.stringify({
        scenes: [
          {
            heading: "",
            shots: [
              shot("An aerial view of the coast.", { shotType: "drone" }),
              shot("Her hand on the rail.", { shotType: undefined }),
              shot("She waits.", { shotType: "Close-Up" }),
            ],
          },
        ],
      }),
      script: "She waits.",
    });
    if (!result.ok) throw new Error(result.reason);
    expect(result.parsed.scenes[0]?.shots.map(s => s.shotType)).toEqual([
      "establishing",
      "close_up",
      "close_up",
    ]);
    expect(result.parsed.scenes[0]).toMatchObject({ heading: "", name: "", line: 1 });
  });

  it("reads an answer wrapped in a fence with prose, and null fields", () => {
    const answer =
      "Here is the breakdown:\n```json\n" +
      JSON.stringify({
        scenes: [
          {
            heading: "INT. LIGHTHOUSE - NIGHT",
            location: null,
            shots: [shot("Waves.", { dialogue: null, characters: null })],
          },
        ],
      }) +
      "\n```";
    const result = readAiParse({ answer, script: SCRIPT });
    if (!result.ok) throw new Error(result.reason);
    expect(result.parsed.scenes[0]?.shots[0]).toMatchObject({ dialogue: "", characters: [] });
    expect(result.parsed.scenes[0]?.location).toBe("LIGHTHOUSE");
  });

  it.each([
    ["prose only", "Sorry, I can't do that.", "the model's answer had no JSON in it"],
    ["JSON without scenes", '{"shots": []}', 'the JSON had no "scenes" list'],
    [
      "no scene with shots",
      '{"scenes": [{"heading": "X", "shots": []}]}',
      "the model returned no scenes with shots",
    ],
  ])("fails with a reason for %s", (_label, answer, reason) => {
    expect(readAiParse({ answer, script: SCRIPT })).toEqual({ ok: false, reason });
  });
});

describe("toShotType", () => {
  it.each([
    ["close_up", "close_up"],
    ["Close Up", "close_up"],
    ["close-up", "close_up"],
    ["CLOSEUP", "close_up"],
    ["Wide", "wide"],
    ["tracking", "tracking"],
    ["dolly zoom", undefined],
    [undefined, undefined],
  ])("%s -> %s", (input, expected) => {
    expect(toShotType(input)).toBe(expected);
  });
});
