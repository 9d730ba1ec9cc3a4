import { ShotType } from "../schema/shot";
import { guessShotType } from "./shot-type";
import { DialogueFraming, type ParsedScene, type ParsedShot } from "./types";

// FEATURES §2: dialogue framings rotate within a scene and restart in the next one.
const FRAMING_ROTATION: readonly DialogueFraming[] = [
  DialogueFraming.close_up,
  DialogueFraming.medium,
  DialogueFraming.over_the_shoulder,
  DialogueFraming.two_shot,
  DialogueFraming.reaction,
];

const FRAMING_SHOT_TYPE: Record<DialogueFraming, ShotType> = {
  [DialogueFraming.close_up]: ShotType.close_up,
  [DialogueFraming.medium]: ShotType.medium,
  [DialogueFraming.over_the_shoulder]: ShotType.medium,
  [DialogueFraming.two_shot]: ShotType.medium,
  [DialogueFraming.reaction]: ShotType.close_up,
};

function withStop(text: string): string {
  return /[.!?…:]$/u.test(text) ? text : `${text}.`;
}

/** Collapses runs of whitespace (joined lines, removed notes) into single spaces. */
export function normalizeSpaces(text: string): string {
  return text.replace(/\s+/gu, " ").trim();
}

/** An action paragraph as a shot; the shot type comes from a shot line if given, else keywords. */
export function makeActionShot({
  text,
  line,
  shotLine,
}: {
  text: string;
  line: number;
  shotLine?: { text: string; type: ShotType } | undefined;
}): ParsedShot {
  // The shot line names the subject ("CLOSE ON THE LETTER"), so it leads the action.
  const body = normalizeSpaces(text);
  const lead = shotLine && shotLine.text !== text ? normalizeSpaces(shotLine.text) : "";
  const action = lead === "" ? body : body === "" ? lead : `${withStop(lead)} ${body}`;
  return {
    action,
    characters: [],
    dialogue: "",
    shotType: shotLine?.type ?? guessShotType(action),
    line,
    ...(shotLine ? { shotLine: shotLine.text } : {}),
  };
}

export interface DialogueBlock {
  speaker: string;
  extensions: string[];
  lines: string[];
  parentheticals: string[];
  line: number;
}

/**
 * A dialogue block as a shot framed on the speaker. `index` is the block's position among the
 * scene's dialogue shots (drives the framing rotation); `otherSpeaker` is the last different
 * speaker in the scene, who shares two-shots and over-the-shoulder shots.
 */
export function makeDialogueShot({
  block,
  index,
  otherSpeaker,
}: {
  block: DialogueBlock;
  index: number;
  otherSpeaker?: string | undefined;
}): ParsedShot {
  const framing = FRAMING_ROTATION[index % FRAMING_ROTATION.length] ?? DialogueFraming.close_up;
  const speaker = block.speaker;
  const sharesFrame =
    otherSpeaker !== undefined &&
    (framing === DialogueFraming.two_shot || framing === DialogueFraming.over_the_shoulder);
  const parenthetical = normalizeSpaces(block.parentheticals.join(" "));
  const description = describeFraming({ framing, speaker, other: sharesFrame ? otherSpeaker : "" });
  return {
    action: parenthetical === "" ? `${description}.` : `${description} ${parenthetical}.`,
    characters: sharesFrame ? [speaker, otherSpeaker] : [speaker],
    dialogue: normalizeSpaces(block.lines.join(" ")),
    shotType: FRAMING_SHOT_TYPE[framing],
    line: block.line,
    framing,
    ...(parenthetical === "" ? {} : { parenthetical }),
    ...(block.extensions.length === 0 ? {} : { extensions: block.extensions }),
  };
}

function describeFraming({
  framing,
  speaker,
  other,
}: {
  framing: DialogueFraming;
  speaker: string;
  other: string | undefined;
}): string {
  switch (framing) {
    case DialogueFraming.close_up:
      return `Close up on ${speaker}`;
    case DialogueFraming.medium:
      return `Medium shot of ${speaker}`;
    case DialogueFraming.over_the_shoulder:
      return other
        ? `Over-the-shoulder shot of ${speaker} from behind ${other}`
        : `Over-the-shoulder shot of ${speaker}`;
    case DialogueFraming.two_shot:
      return other ? `Two-shot of ${speaker} and ${other}` : `Two-shot of ${speaker}`;
    case DialogueFraming.reaction:
      return `Reaction shot of ${speaker}`;
  }
}

/**
 * Fills each action shot's characters with the known speakers its action names (whole words,
 * any case, so "Maya" finds the cue MAYA), then each scene's characters in order of appearance.
 */
export function attachCharacters(scenes: ParsedScene[]): void {
  const known = new Map<string, RegExp>();
  for (const scene of scenes) {
    for (const shot of scene.shots) {
      for (const name of shot.characters) {
        if (!known.has(name)) known.set(name, wholePhrasePattern(name));
      }
    }
  }
  for (const scene of scenes) {
    const inScene = new Set<string>();
    for (const shot of scene.shots) {
      if (shot.framing === undefined) {
        shot.characters = mentionsInOrder(shot.action, known);
      }
      for (const name of shot.characters) inScene.add(name);
    }
    scene.characters = [...inScene];
  }
}

function mentionsInOrder(text: string, known: Map<string, RegExp>): string[] {
  const found: { name: string; at: number }[] = [];
  for (const [name, pattern] of known) {
    const at = text.search(pattern);
    if (at >= 0) found.push({ name, at });
  }
  return found.sort((a, b) => a.at - b.at).map(entry => entry.name);
}

/** Case-insensitive whole-phrase pattern for a name, tolerant of extra spaces between words. */
export function wholePhrasePattern(phrase: string): RegExp {
  const words = phrase
    .trim()
    .split(/\s+/u)
    .map(word => word.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&"));
  return new RegExp(`(?<![\\p{L}\\p{N}])${words.join("\\s+")}(?![\\p{L}\\p{N}])`, "iu");
}
