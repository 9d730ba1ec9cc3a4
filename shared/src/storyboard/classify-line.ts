// Line classifiers for the Fountain conventions the storyboard parser understands
// (https://fountain.io/syntax). Each takes one trimmed line; all are linear-time regexes so
// a huge pasted line cannot stall the parser.

const SCENE_HEADING =
  /^(int\.?\s*\/\s*ext|ext\.?\s*\/\s*int|i\s*\/\s*e|e\s*\/\s*i|int|ext|est)(?:\.\s*|\s+)(.*)$/iu;
const FORCED_HEADING = /^\.(?=[\p{L}\p{N}])(.*)$/u;
const SCENE_NUMBER = /\s*#[^#]*#\s*$/u;
const TIME_SEPARATOR = /\s+[-–—]+\s+/gu;

const KNOWN_TRANSITION =
  /^(?:(?:smash |match |jump |hard |quick )?cut(?: to)?(?: black)?|fade (?:in|out|to black|to white|to)|dissolve(?: to)?|iris (?:in|out)|wipe(?: to)?|intercut(?: with)?)\s*[.:]?$/iu;

const CUE_NAME = /^[\p{Lu}\p{Lt}\p{N}][\p{Lu}\p{Lt}\p{N}\p{M} .'’\-&#/]*$/u;
const CUE_EXTENSION = /\s*\(([^()]*)\)\s*$/u;
const CUE_MAX_CHARS = 40;
const CUE_MAX_WORDS = 5;
const CUE_MAX_LINE_CHARS = 120;

const NUMBERED =
  /^(?:#\s*(\d{1,6})\s*[.):-]?|(\d{1,6})\s*[.):]|shot\s*#?\s*(\d{1,6})\s*[.):\-–—]?)(?=\s|$)\s*(.*)$/iu;

/** Scene name is limited by the Scene schema. */
const SCENE_NAME_MAX = 200;

export interface SceneHeadingParts {
  heading: string;
  name: string;
  location?: string;
  timeOfDay?: string;
}

/** Reads "INT. KITCHEN - NIGHT", "I/E CAR - DAY", "EST. CITY" or a forced ".FLASHBACK"; null otherwise. */
export function parseSceneHeading(text: string): SceneHeadingParts | null {
  const standard = SCENE_HEADING.exec(text);
  const forced = standard ? null : FORCED_HEADING.exec(text);
  const rest = standard ? standard[2] : forced?.[1];
  if (rest === undefined) return null;

  // Bounded before the suffix regexes, which would be quadratic on a huge run of spaces.
  const bounded = rest.slice(0, SCENE_NAME_MAX * 2);
  const name = bounded.replace(SCENE_NUMBER, "").trim().slice(0, SCENE_NAME_MAX);
  const written = forced ? text.slice(1) : text;
  const heading =
    written.length > SCENE_NAME_MAX * 2 ? written.trim() : written.replace(SCENE_NUMBER, "").trim();
  const separators = [...name.matchAll(TIME_SEPARATOR)];
  const last = separators[separators.length - 1];
  if (last?.index === undefined) {
    return name === "" ? { heading, name } : { heading, name, location: name };
  }
  const location = name.slice(0, last.index).trim();
  const timeOfDay = name.slice(last.index + last[0].length).trim();
  return {
    heading,
    name,
    ...(location === "" ? {} : { location }),
    ...(timeOfDay === "" ? {} : { timeOfDay }),
  };
}

/** True for "CUT TO:", "FADE OUT.", "FADE IN:", "SMASH CUT TO:" and forced ">TRANSITION". */
export function isTransition(text: string): boolean {
  if (text.startsWith(">")) return !text.endsWith("<");
  if (!isUppercase(text)) return false;
  return text.endsWith("TO:") || KNOWN_TRANSITION.test(text);
}

export interface CharacterCue {
  name: string;
  extensions: string[];
}

/** Reads a character cue such as "MAYA (V.O.)" or "OLD TOM (CONT'D) ^"; null when not a cue. */
export function parseCharacterCue(text: string): CharacterCue | null {
  if (text.length > CUE_MAX_LINE_CHARS) return null;
  let rest = text.replace(/\s*\^$/u, "");
  const extensions: string[] = [];
  for (let match = CUE_EXTENSION.exec(rest); match; match = CUE_EXTENSION.exec(rest)) {
    extensions.unshift((match[1] ?? "").trim());
    rest = rest.slice(0, match.index);
  }
  const name = rest.trim();
  if (name.length > CUE_MAX_CHARS || name.split(/\s+/u).length > CUE_MAX_WORDS) return null;
  // Sentences shouted in capitals end with punctuation; names ("MR. SMITH") do not.
  if (!CUE_NAME.test(name) || !/\p{Lu}/u.test(name) || /[.'’\-&/]$/u.test(name)) return null;
  return { name, extensions };
}

/** True for a dialogue parenthetical such as "(quietly)". */
export function isParenthetical(text: string): boolean {
  return text.startsWith("(") && text.endsWith(")");
}

/** Fountain sections ("# Act one"), synopses ("= She runs") and page breaks ("==="): not shown. */
export function isStructureOnly(text: string): boolean {
  return /^#(?!\s*\d)/u.test(text) || text.startsWith("=");
}

/** Text of a centered line ">THE END<", or null. */
export function centeredText(text: string): string | null {
  return text.length >= 2 && text.startsWith(">") && text.endsWith("<")
    ? text.slice(1, -1).trim()
    : null;
}

export interface NumberedLine {
  number: number;
  text: string;
}

/** Reads "1. …", "#2) …", "Shot 3: …"; null when the line is not numbered. */
export function parseNumberedLine(text: string): NumberedLine | null {
  const match = NUMBERED.exec(text);
  if (!match) return null;
  const digits = match[1] ?? match[2] ?? match[3] ?? "0";
  return { number: Number(digits), text: (match[4] ?? "").trim() };
}

/** Has at least one cased letter and no lowercase letter. */
export function isUppercase(text: string): boolean {
  return /\p{Lu}/u.test(text) && !/\p{Ll}/u.test(text);
}
