import type { ShotType } from "../schema/shot";
import { appendSentence, injectPrompt } from "./inject-prompt";
import { matchElements } from "./match-score";
import type { ElementLike, ElementMatch } from "./types";

const SHOT_TYPE_LABEL: Record<ShotType, string> = {
  close_up: "close up",
  medium: "medium",
  wide: "wide",
  establishing: "establishing",
  insert: "insert",
  tracking: "tracking",
};

/**
 * The generation prompt for a shot (FEATURES §4): "{scene name}. Shot type: …. Character: ….
 * Dialogue: …. {prompt or action}", then element injection, then ". Context: following a shot
 * where {previous action}." when there is a previous shot. Empty parts are left out. `matched`
 * defaults to matching `elements` against the shot.
 */
export function buildShotPrompt({
  sceneName = "",
  sceneHeading,
  shotType,
  characters = [],
  dialogue = "",
  prompt = "",
  action = "",
  elements = [],
  matched,
  previousAction = "",
}: {
  sceneName?: string;
  sceneHeading?: string;
  shotType: ShotType;
  characters?: readonly string[];
  dialogue?: string;
  prompt?: string;
  action?: string;
  elements?: readonly ElementLike[];
  matched?: readonly ElementMatch[];
  previousAction?: string;
}): string {
  const body = prompt.trim() === "" ? action : prompt;
  const parts = [
    sceneName,
    `Shot type: ${SHOT_TYPE_LABEL[shotType]}`,
    characters.length > 0 ? `Character: ${characters.join(", ")}` : "",
    dialogue.trim() === "" ? "" : `Dialogue: ${dialogue.trim()}`,
    body,
  ];
  const base = parts.reduce((text, part) => appendSentence(text, part), "");
  const matches =
    matched ??
    matchElements({
      shot: { action: `${body} ${action}`, characters, dialogue },
      sceneHeading: sceneHeading ?? sceneName,
      elements,
    });
  const injected = injectPrompt({ prompt: base, elements, matched: matches });
  const previous = previousAction.trim().replace(/[.!?…\s]+$/u, "");
  return previous === ""
    ? injected
    : appendSentence(injected, `Context: following a shot where ${previous}.`);
}
