/**
 * AI parse (FEATURES §2): the messages that ask a chat model to split a script into scenes and
 * shots as strict JSON, and the reading of its answer into the very `ParsedScript` the built-in
 * parser returns, so the preview, Commit and re-parse rules do not care who parsed. Whatever the
 * model says is checked: unknown shot types are guessed from the action, scenes keep 1–8 shots,
 * empty scenes are dropped, and every change is a warning the user sees.
 */
import { z } from "zod";
import { ShotType } from "../schema/shot";
import {
  guessShotType,
  parseSceneHeading,
  parseScreenplay,
  type ParsedScene,
  type ParsedScript,
  type ParsedShot,
  type ParseWarning,
} from "../storyboard";
import type { ChatMessage } from "./chat";
import { extractJson } from "./extract-json";

/** Shots per scene an AI parse may return (FEATURES §2). */
export const AI_SHOTS_PER_SCENE = { min: 1, max: 8 } as const;

const SHOT_TYPES = Object.values(ShotType);

const PARSE_SYSTEM_PROMPT = [
  "You are a film storyboard assistant. You split a script into scenes and shots.",
  "Answer with one JSON object and nothing else: no markdown, no code fences, no comments.",
  "The JSON has this shape:",
  '{"scenes":[{"heading":"INT. KITCHEN - NIGHT","name":"KITCHEN","location":"KITCHEN","timeOfDay":"NIGHT",' +
    '"shots":[{"action":"What the camera sees, one or two sentences.","shotType":"medium","characters":["MARA"],"dialogue":"What is said, if anything."}]}]}',
  `Rules: every scene has between ${AI_SHOTS_PER_SCENE.min} and ${AI_SHOTS_PER_SCENE.max} shots, in script order.`,
  `shotType is one of: ${SHOT_TYPES.join(", ")}.`,
  "characters lists the names of people in the shot as written in the script.",
  'Use "" for a missing heading and leave out location, timeOfDay and dialogue when unknown.',
  "Keep the script's own words and any @triggers exactly as written.",
].join("\n");

/** The system and user messages of an AI parse of `script`. */
export function buildParseMessages(script: string): ChatMessage[] {
  return [
    { role: "system", content: PARSE_SYSTEM_PROMPT },
    { role: "user", content: `Split this script into scenes and shots as JSON.\n\n${script}` },
  ];
}

const text = z.preprocess(value => (value === null ? undefined : value), z.string().optional());

const AiShotSchema = z.object({
  action: z.string(),
  shotType: text,
  characters: z.array(z.string()).nullish(),
  dialogue: text,
});

const AiSceneSchema = z.object({
  heading: text,
  name: text,
  location: text,
  timeOfDay: text,
  shots: z.array(z.unknown()).nullish(),
});

const AiScriptSchema = z.object({ scenes: z.array(z.unknown()) });

export type AiParseResult = { ok: true; parsed: ParsedScript } | { ok: false; reason: string };

/**
 * Reads a model's answer (any text) into a `ParsedScript` for `script`: mode, title page and line
 * count come from the script, scenes and shots from the answer. Fails, with a reason in words, when
 * no JSON is found, it has no `scenes` list, or no scene has a usable shot.
 */
export function readAiParse({ answer, script }: { answer: string; script: string }): AiParseResult {
  const json = extractJson(answer);
  if (json === null) return { ok: false, reason: "the model's answer had no JSON in it" };
  const root = AiScriptSchema.safeParse(Array.isArray(json) ? { scenes: json } : json);
  if (!root.success) return { ok: false, reason: 'the JSON had no "scenes" list' };

  const base = parseScreenplay(script);
  const lines = script.split(/\r\n?|\n/u);
  const warnings: ParseWarning[] = [];
  const scenes: ParsedScene[] = [];
  let searchFrom = 0;

  root.data.scenes.forEach((raw, sceneIndex) => {
    const label = `Scene ${sceneIndex + 1}`;
    const scene = AiSceneSchema.safeParse(raw);
    if (!scene.success) {
      warnings.push({
        line: 1,
        message: `${label} from the model was not readable and was left out.`,
      });
      return;
    }
    const heading = clean(scene.data.heading);
    const headingLine = heading === "" ? -1 : findLine(lines, heading, searchFrom);
    if (headingLine >= 0) searchFrom = headingLine;
    const line = headingLine >= 0 ? headingLine + 1 : Math.min(searchFrom + 1, lines.length);
    const shots = readShots(scene.data.shots ?? [], line);
    if (shots.length === 0) {
      warnings.push({ line, message: `${label} came back without shots and was left out.` });
      return;
    }
    if (shots.length > AI_SHOTS_PER_SCENE.max) {
      warnings.push({
        line,
        message: `${label} came back with ${shots.length} shots; only the first ${AI_SHOTS_PER_SCENE.max} were kept.`,
      });
      shots.length = AI_SHOTS_PER_SCENE.max;
    }
    const parts = heading === "" ? null : parseSceneHeading(heading);
    const name = clean(scene.data.name) || parts?.name || heading;
    const location = clean(scene.data.location) || parts?.location;
    const timeOfDay = clean(scene.data.timeOfDay) || parts?.timeOfDay;
    scenes.push({
      heading,
      name,
      ...(location ? { location } : {}),
      ...(timeOfDay ? { timeOfDay } : {}),
      line,
      shots,
      characters: uniqueInOrder(shots.flatMap(shot => shot.characters)),
    });
  });

  if (scenes.length === 0) return { ok: false, reason: "the model returned no scenes with shots" };
  return {
    ok: true,
    parsed: {
      mode: base.mode,
      scenes,
      warnings,
      titlePage: base.titlePage,
      lineCount: base.lineCount,
    },
  };
}

function readShots(raw: readonly unknown[], line: number): ParsedShot[] {
  const shots: ParsedShot[] = [];
  for (const item of raw) {
    const shot = AiShotSchema.safeParse(item);
    if (!shot.success) continue;
    const action = clean(shot.data.action);
    const dialogue = clean(shot.data.dialogue);
    if (action === "" && dialogue === "") continue;
    const characters = uniqueInOrder(
      (shot.data.characters ?? []).map(clean).filter(name => name !== ""),
    );
    shots.push({
      action,
      characters,
      dialogue,
      shotType: toShotType(shot.data.shotType) ?? guessShotType(action),
      line,
    });
  }
  return shots;
}

/** "Close-up", "CLOSE UP", "close_up" -> close_up; anything outside the allowed set -> undefined. */
export function toShotType(value: string | undefined): ShotType | undefined {
  if (value === undefined) return undefined;
  const key = value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/gu, "_");
  const alias: Record<string, ShotType> = { closeup: ShotType.close_up, close: ShotType.close_up };
  return (SHOT_TYPES as readonly string[]).includes(key) ? (key as ShotType) : alias[key];
}

function clean(value: string | undefined): string {
  return (value ?? "").replace(/\s+/gu, " ").trim();
}

function uniqueInOrder(names: readonly string[]): string[] {
  return [...new Set(names)];
}

/** 0-based index of the first line at or after `from` whose text equals `heading` (case-insensitive). */
function findLine(lines: readonly string[], heading: string, from: number): number {
  const wanted = heading.toLowerCase();
  for (let i = from; i < lines.length; i++) {
    if (clean(lines[i]).toLowerCase() === wanted) return i;
  }
  return -1;
}
