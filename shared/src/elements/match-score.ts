import { bareTrigger, containsPhrase, foldText, tokenize, triggerPattern } from "./text-match";
import { MatchSignal, type ElementLike, type ElementMatch } from "./types";

/** FEATURES §3 scores; the overlap signal is scaled by the share of description keywords found. */
export const SIGNAL_SCORE: Record<MatchSignal, number> = {
  character_name: 1,
  character_trigger: 0.95,
  action_trigger: 0.95,
  heading_location: 0.85,
  character_tokens: 0.8,
  action_name: 0.75,
  dialogue_name: 0.7,
  description_overlap: 0.5,
};

/** Matches below this (after rounding) are dropped. */
export const MIN_MATCH_SCORE = 0.4;
/** Description keywords the action must share before the overlap signal counts. */
export const MIN_SHARED_KEYWORDS = 3;

// Words that would make any two descriptions "overlap" without saying anything about them.
const STOP_WORDS = new Set(
  (
    "the and with for from into onto over under that this these those his her hers him its their " +
    "them they she he we you an of in on at to by as is are was were be been it or but not has " +
    "have had who whom which while when where than then very"
  ).split(" "),
);

export interface ShotText {
  action: string;
  characters: readonly string[];
  dialogue: string;
}

/**
 * Scores every element against a shot (FEATURES §3): each element keeps its best signal; matches
 * of at least 0.4 are returned, rounded to 2 decimals, best first (ties keep element order).
 */
export function matchElements<E extends ElementLike>({
  shot,
  sceneHeading = "",
  elements,
}: {
  shot: ShotText;
  sceneHeading?: string;
  elements: readonly E[];
}): ElementMatch<E>[] {
  const context = {
    shot,
    sceneHeading,
    actionTokens: new Set(tokenize(shot.action)),
    characterTokens: new Set(tokenize(shot.characters.join(" "))),
    characterKeys: shot.characters.map(foldText),
  };
  const matches: ElementMatch<E>[] = [];
  for (const element of elements) {
    const best = bestSignal(element, context);
    if (!best) continue;
    const score = Math.round(best.score * 100) / 100;
    if (score >= MIN_MATCH_SCORE) {
      matches.push({ elementId: element.id, element, score, signal: best.signal });
    }
  }
  return matches.sort((a, b) => b.score - a.score);
}

interface MatchContext {
  shot: ShotText;
  sceneHeading: string;
  actionTokens: Set<string>;
  characterTokens: Set<string>;
  characterKeys: string[];
}

function bestSignal(
  element: ElementLike,
  context: MatchContext,
): { signal: MatchSignal; score: number } | null {
  let best: { signal: MatchSignal; score: number } | null = null;
  const consider = (signal: MatchSignal, score: number) => {
    if (best === null || score > best.score) best = { signal, score };
  };
  for (const signal of Object.values(MatchSignal)) {
    if (signal === MatchSignal.description_overlap) {
      const ratio = descriptionOverlap(element.description, context.actionTokens);
      if (ratio > 0) consider(signal, SIGNAL_SCORE[signal] * ratio);
    } else if (hasSignal(signal, element, context)) {
      consider(signal, SIGNAL_SCORE[signal]);
    }
  }
  return best;
}

function hasSignal(signal: MatchSignal, element: ElementLike, context: MatchContext): boolean {
  const { shot } = context;
  const name = foldText(element.name);
  const nameTokens = tokenize(element.name);
  const bare = foldText(bareTrigger(element.trigger));
  switch (signal) {
    case MatchSignal.character_name:
      return name !== "" && context.characterKeys.includes(name);
    case MatchSignal.character_trigger: {
      const pattern = triggerPattern(element.trigger);
      return (
        bare !== "" &&
        (context.characterKeys.includes(bare) ||
          (pattern !== null && shot.characters.some(c => pattern.test(c.normalize("NFC")))))
      );
    }
    case MatchSignal.action_trigger: {
      const pattern = triggerPattern(element.trigger);
      return (
        (pattern !== null && pattern.test(shot.action.normalize("NFC"))) ||
        (tokenize(bare).join("").length >= 2 && containsPhrase(shot.action, bare))
      );
    }
    case MatchSignal.heading_location:
      return element.type === "location" && containsPhrase(context.sceneHeading, element.name);
    case MatchSignal.character_tokens:
      return nameTokens.length > 0 && nameTokens.every(t => context.characterTokens.has(t));
    case MatchSignal.action_name:
      return (
        containsPhrase(shot.action, element.name) ||
        (nameTokens.length > 0 && nameTokens.every(t => context.actionTokens.has(t)))
      );
    case MatchSignal.dialogue_name:
      return containsPhrase(shot.dialogue, element.name);
    case MatchSignal.description_overlap:
      return false;
  }
}

/** Share of the description's keywords found in the action, or 0 below the minimum shared. */
function descriptionOverlap(description: string, actionTokens: Set<string>): number {
  const keywords = new Set(tokenize(description).filter(token => !STOP_WORDS.has(token)));
  let shared = 0;
  for (const keyword of keywords) if (actionTokens.has(keyword)) shared++;
  return shared >= MIN_SHARED_KEYWORDS ? shared / keywords.size : 0;
}
