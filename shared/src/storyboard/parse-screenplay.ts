import type { ShotType } from "../schema/shot";
import {
  centeredText,
  isParenthetical,
  isStructureOnly,
  isTransition,
  parseCharacterCue,
  parseNumberedLine,
  parseSceneHeading,
  type SceneHeadingParts,
} from "./classify-line";
import { prepareLines } from "./prepare-lines";
import {
  attachCharacters,
  makeActionShot,
  makeDialogueShot,
  normalizeSpaces,
  type DialogueBlock,
} from "./scenes-to-shots";
import { shotTypeFromShotLine } from "./shot-type";
import {
  ScriptMode,
  type ParsedScene,
  type ParsedShot,
  type ParsedScript,
  type ParseWarning,
  type ScriptLine,
} from "./types";

/** FEATURES §2: numbered mode needs this share of non-empty lines to look numbered. */
const NUMBERED_MIN_SHARE = 0.5;
const NUMBERED_MIN_LINES = 2;

/**
 * Parses a script into scenes and shots (FEATURES §2). The mode is chosen from the text:
 * screenplay (Fountain) when any scene heading exists, numbered when most lines look like
 * "1." / "#2)" / "Shot 3:", freeform otherwise. Never throws: problems become warnings with
 * 1-based line numbers.
 */
export function parseScreenplay(text: string): ParsedScript {
  const source = typeof text === "string" ? text : "";
  try {
    return parseScript(source);
  } catch {
    // Defensive: the parser is meant to be total, but a preview must never crash the editor.
    return {
      mode: ScriptMode.freeform,
      scenes: [],
      warnings: [
        { line: 1, message: "The script could not be read. Try splitting it into paragraphs." },
      ],
      titlePage: {},
      lineCount: Math.max(1, source.split(/\r\n?|\n/u).length),
    };
  }
}

function parseScript(text: string): ParsedScript {
  const prepared = prepareLines(text);
  const warnings = [...prepared.warnings];
  const content = prepared.lines.filter(entry => !entry.blank);
  const mode = chooseMode(content);

  const scenes =
    mode === ScriptMode.screenplay
      ? readScreenplay(prepared.lines, warnings)
      : mode === ScriptMode.numbered
        ? readNumbered(content, warnings)
        : readFreeform(prepared.lines);

  if (content.length === 0) {
    warnings.push({
      line: 1,
      message: "The script is empty. Write or paste a script, then parse.",
    });
  }
  attachCharacters(scenes);
  warnings.sort((a, b) => a.line - b.line);
  return { mode, scenes, warnings, titlePage: prepared.titlePage, lineCount: prepared.lineCount };
}

function chooseMode(content: ScriptLine[]): ScriptMode {
  const hasHeading = content.some(entry => {
    const text = entry.text.trim();
    return !text.startsWith("!") && parseSceneHeading(text) !== null;
  });
  if (hasHeading) return ScriptMode.screenplay;
  const numbered = content.filter(entry => parseNumberedLine(entry.text.trim()) !== null).length;
  if (numbered >= NUMBERED_MIN_LINES && numbered >= content.length * NUMBERED_MIN_SHARE) {
    return ScriptMode.numbered;
  }
  return ScriptMode.freeform;
}

interface SceneState {
  scene: ParsedScene;
  dialogueCount: number;
  speakers: string[];
}

/** Fountain: headings start scenes, action paragraphs and dialogue blocks become shots. */
function readScreenplay(lines: ScriptLine[], warnings: ParseWarning[]): ParsedScene[] {
  const scenes: SceneState[] = [];
  let current: SceneState | null = null;
  let action: { parts: string[]; line: number } | null = null;
  let dialogue: DialogueBlock | null = null;
  let shotLine: { text: string; type: ShotType; line: number } | null = null;
  let afterBlank = true;

  const sceneFor = (line: number): SceneState => {
    if (current) return current;
    warnings.push({
      line,
      message:
        "Text before the first scene heading was put in an untitled scene. Add a heading such as INT. ROOM - DAY above it.",
    });
    current = startScene({ heading: "", name: "" }, line);
    scenes.push(current);
    return current;
  };
  const flushShotLine = () => {
    if (!shotLine) return;
    sceneFor(shotLine.line).scene.shots.push(
      makeActionShot({ text: shotLine.text, line: shotLine.line, shotLine }),
    );
    shotLine = null;
  };
  const flushAction = () => {
    if (!action) return;
    const pending = shotLine ?? undefined;
    const line = pending?.line ?? action.line;
    sceneFor(line).scene.shots.push(
      makeActionShot({ text: action.parts.join(" "), line, shotLine: pending }),
    );
    action = null;
    shotLine = null;
  };
  const flushDialogue = () => {
    if (!dialogue) return;
    flushShotLine();
    const state = sceneFor(dialogue.line);
    const speaker = dialogue.speaker;
    const otherSpeaker = lastOtherSpeaker(state.speakers, speaker);
    const shot = makeDialogueShot({ block: dialogue, index: state.dialogueCount, otherSpeaker });
    if (shot.dialogue === "") {
      warnings.push({
        line: dialogue.line,
        message: `${dialogue.speaker} has a character cue but no dialogue under it.`,
      });
    }
    state.scene.shots.push(shot);
    state.dialogueCount++;
    state.speakers.push(dialogue.speaker);
    dialogue = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const entry = lines[i];
    if (entry === undefined) continue;
    if (entry.blank) {
      flushAction();
      flushDialogue();
      afterBlank = true;
      continue;
    }
    const text = entry.text.trim();
    const forcedAction = text.startsWith("!");
    const heading = forcedAction ? null : parseSceneHeading(text);
    if (heading) {
      flushAction();
      flushDialogue();
      flushShotLine();
      current = startScene(heading, entry.line);
      scenes.push(current);
      afterBlank = true; // a cue may follow a heading directly
      continue;
    }
    if (dialogue) {
      if (isParenthetical(text)) dialogue.parentheticals.push(text);
      else dialogue.lines.push(text);
      continue;
    }
    if (!forcedAction && isStructureOnly(text)) continue;
    if (!forcedAction && isTransition(text)) {
      flushAction();
      flushShotLine();
      afterBlank = true;
      continue;
    }
    if (!forcedAction && !action) {
      const type = shotTypeFromShotLine(text);
      if (type) {
        flushShotLine();
        shotLine = { text, type, line: entry.line };
        afterBlank = false; // the line below a shot line is its action, not a cue
        continue;
      }
      const next = lines[i + 1];
      const cue = afterBlank && next && !next.blank ? parseCharacterCue(text) : null;
      if (cue) {
        sceneFor(entry.line);
        dialogue = {
          speaker: cue.name,
          extensions: cue.extensions,
          lines: [],
          parentheticals: [],
          line: entry.line,
        };
        continue;
      }
    }
    const shown = forcedAction ? text.slice(1) : (centeredText(text) ?? text);
    if (action) action.parts.push(shown);
    else action = { parts: [shown], line: entry.line };
    afterBlank = false;
  }
  flushAction();
  flushDialogue();
  flushShotLine();

  for (const { scene } of scenes) {
    if (scene.shots.length === 0) {
      warnings.push({
        line: scene.line,
        message: `Scene "${scene.heading || "untitled"}" has no action or dialogue, so it has no shots yet.`,
      });
    }
  }
  return scenes.map(state => state.scene);
}

function lastOtherSpeaker(speakers: string[], speaker: string): string | undefined {
  for (let i = speakers.length - 1; i >= 0; i--) {
    if (speakers[i] !== speaker) return speakers[i];
  }
  return undefined;
}

function startScene(parts: SceneHeadingParts, line: number): SceneState {
  return {
    scene: { ...parts, line, shots: [], characters: [] },
    dialogueCount: 0,
    speakers: [],
  };
}

/** Numbered list: each numbered line starts a shot; unnumbered lines continue the one above. */
function readNumbered(content: ScriptLine[], warnings: ParseWarning[]): ParsedScene[] {
  const scene: ParsedScene = {
    heading: "",
    name: "",
    line: content[0]?.line ?? 1,
    shots: [],
    characters: [],
  };
  let parts: string[] = [];
  let startLine = 0;
  let previous: number | null = null;
  const flush = () => {
    if (startLine === 0) return;
    scene.shots.push(makeActionShot({ text: parts.join(" "), line: startLine }));
  };

  for (const entry of content) {
    const text = entry.text.trim();
    const numbered = parseNumberedLine(text);
    if (numbered) {
      flush();
      if (previous !== null && numbered.number !== previous + 1) {
        warnings.push({
          line: entry.line,
          message: `Shot ${numbered.number} follows shot ${previous}; shots keep the order they are written in.`,
        });
      }
      if (numbered.text === "") {
        warnings.push({ line: entry.line, message: `Shot ${numbered.number} has no description.` });
      }
      previous = numbered.number;
      parts = [numbered.text];
      startLine = entry.line;
    } else if (startLine === 0) {
      warnings.push({
        line: entry.line,
        message: "Text before the first numbered shot became a shot of its own.",
      });
      parts = [text];
      startLine = entry.line;
    } else {
      parts.push(text);
    }
  }
  flush();
  return scene.shots.length === 0 ? [] : [scene];
}

/** Freeform: each paragraph (text between blank lines) is one shot of a single scene. */
function readFreeform(lines: ScriptLine[]): ParsedScene[] {
  const shots: ParsedShot[] = [];
  let parts: string[] = [];
  let startLine = 0;
  const flush = () => {
    const text = normalizeSpaces(parts.join(" "));
    if (text !== "") shots.push(makeActionShot({ text, line: startLine }));
    parts = [];
    startLine = 0;
  };
  for (const entry of lines) {
    if (entry.blank) {
      flush();
      continue;
    }
    if (startLine === 0) startLine = entry.line;
    parts.push(entry.text);
  }
  flush();
  const first = shots[0];
  return first === undefined
    ? []
    : [{ heading: "", name: "", line: first.line, shots, characters: [] }];
}
