import type { ShotType } from "../schema/shot";

/** How the parser read the script (FEATURES §2): chosen automatically from the text. */
export const ScriptMode = {
  screenplay: "screenplay",
  numbered: "numbered",
  freeform: "freeform",
} as const;
export type ScriptMode = (typeof ScriptMode)[keyof typeof ScriptMode];

/** Framing of a dialogue shot; rotates per scene in this order. */
export const DialogueFraming = {
  close_up: "close up",
  medium: "medium",
  over_the_shoulder: "over-the-shoulder",
  two_shot: "two-shot",
  reaction: "reaction",
} as const;
export type DialogueFraming = (typeof DialogueFraming)[keyof typeof DialogueFraming];

export interface ParsedShot {
  /** What the camera sees; for dialogue shots, a description of the framing on the speaker. */
  action: string;
  /** Character names as written in the script (cue extensions removed). */
  characters: string[];
  dialogue: string;
  shotType: ShotType;
  /** 1-based line of the shot's first line in the original text. */
  line: number;
  /** Dialogue shots only: the rotation label. */
  framing?: DialogueFraming;
  /** Dialogue shots only: parentheticals such as "(quietly)", joined by a space. */
  parenthetical?: string;
  /** Dialogue shots only: cue extensions such as "V.O." or "CONT'D". */
  extensions?: string[];
  /** The screenplay shot line ("CLOSE ON THE LETTER") that introduced this shot. */
  shotLine?: string;
}

export interface ParsedScene {
  /** Slugline as written, e.g. "INT. KITCHEN - NIGHT"; empty for untitled scenes. */
  heading: string;
  /** Heading without its INT./EXT. prefix or scene number; empty for untitled scenes. */
  name: string;
  location?: string;
  timeOfDay?: string;
  /** 1-based line of the heading (or of the first text of an untitled scene). */
  line: number;
  shots: ParsedShot[];
  /** Everyone who speaks or is named in the scene's action, in order of appearance. */
  characters: string[];
}

export interface ParseWarning {
  /** 1-based line in the original text. */
  line: number;
  message: string;
}

export interface ParsedScript {
  mode: ScriptMode;
  scenes: ParsedScene[];
  warnings: ParseWarning[];
  /** Fountain title page fields, keys lowercased ("title", "author", …). */
  titlePage: Record<string, string>;
  /** Number of lines in the original text (at least 1). */
  lineCount: number;
}

/** One line of the script after comments and the title page are removed. */
export interface ScriptLine {
  /** Text with notes and boneyard removed, untrimmed. */
  text: string;
  /** 1-based line in the original text. */
  line: number;
  /** Empty or whitespace only in the original text. */
  blank: boolean;
}
