/** Element badges on a shot card (FEATURES §3): 👤 character, 📍 location, 🔧 object; 4 then "+N". */
import type { ElementMatch } from "@milimo/shared/elements";
import type { Element, ElementType } from "@milimo/shared/schema";

/** Badges shown before the rest collapse into "+N". */
export const MAX_ELEMENT_BADGES = 4;

export const ELEMENT_ICON: Record<ElementType, string> = {
  character: "👤",
  location: "📍",
  object: "🔧",
};

export interface ElementBadge {
  elementId: string;
  icon: string;
  name: string;
  /** 0..1, two decimals, as the matcher scored it. */
  score: number;
}

/** The badges to draw for `matches` (best first) and how many more there are. */
export function toElementBadges(
  matches: readonly ElementMatch<Element>[],
  max: number = MAX_ELEMENT_BADGES,
): { badges: ElementBadge[]; more: number } {
  const badges = matches.slice(0, max).map(m => ({
    elementId: m.elementId,
    icon: ELEMENT_ICON[m.element.type],
    name: m.element.name,
    score: m.score,
  }));
  return { badges, more: Math.max(0, matches.length - max) };
}
