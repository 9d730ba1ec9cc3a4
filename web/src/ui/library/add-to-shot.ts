/**
 * "Add to shot" (FEATURES §9): a library image or video becomes a conditioning item of the
 * selected shot — the storyboard's selected shot while the Storyboard view is active, else the
 * shot of the selected timeline clip, a V1 clip first — at frame 0 with strength 0.8. Pure, so the
 * card's enabled state and tooltip are tested without a DOM.
 */
import type { ConditioningItem } from "@milimo/shared/schema";
import { MAX_CONDITIONING_ITEMS } from "../../jobs/job-plan";

/** Strength of an image added from the library (FEATURES §9). */
export const ADD_TO_SHOT_STRENGTH = 0.8;

interface ItemLike {
  id: string;
  track: string;
  shotId: string | null;
}

/**
 * The shot id "Add to shot" targets: in the Storyboard view its selected shot; elsewhere the first
 * selected clip with a shot, V1 before others. Null when that shot does not exist (any more).
 */
export function targetShotId({
  view,
  storyboardShotId,
  selection,
  items,
  shotExists,
}: {
  view: string;
  storyboardShotId: string | null;
  selection: readonly string[];
  items: readonly ItemLike[];
  shotExists: (shotId: string) => boolean;
}): string | null {
  // The timeline's selection is out of sight in the Storyboard view, so it never decides there.
  if (view === "storyboard") {
    return storyboardShotId !== null && shotExists(storyboardShotId) ? storyboardShotId : null;
  }
  const byId = new Map(items.map(item => [item.id, item]));
  const selected = selection
    .map(id => byId.get(id))
    .filter((i): i is ItemLike => !!i?.shotId && shotExists(i.shotId));
  const pick = selected.find(i => i.track === "V1") ?? selected[0];
  return pick?.shotId ?? null;
}

/** The disabled button's tooltip: where to select a shot in the current view. */
export function noTargetHint(view: string): string {
  return view === "storyboard"
    ? "Select a shot on the storyboard first"
    : "Select a shot's clip on the timeline first";
}

export type AddToShotResult =
  { ok: true; conditioning: ConditioningItem[] } | { ok: false; reason: string };

/** The shot's conditioning with `mediaId` appended at frame 0 (strength 0.8), or why not. */
export function addConditioning({
  conditioning,
  mediaId,
}: {
  conditioning: readonly ConditioningItem[];
  mediaId: string;
}): AddToShotResult {
  if (conditioning.some(c => c.mediaId === mediaId && c.frame === 0)) {
    return { ok: false, reason: "The shot already uses this file at frame 0." };
  }
  if (conditioning.length >= MAX_CONDITIONING_ITEMS) {
    return {
      ok: false,
      reason: `A shot takes at most ${MAX_CONDITIONING_ITEMS} conditioning images; remove one in the inspector first.`,
    };
  }
  return {
    ok: true,
    conditioning: [...conditioning, { mediaId, frame: 0, strength: ADD_TO_SHOT_STRENGTH }],
  };
}
