/**
 * What a generation job asks for, computed from the document alone (no uploads, no network), so the
 * rules are unit-tested without a server: the prompt (FEATURES §4: scene, shot type, characters,
 * dialogue, prompt or action, element injection, previous-shot context), the seed (random unless
 * locked), and the media that must be uploaded as conditioning: the shot's own items; then, for
 * continuity, the last frame of the previous completed shot in the scene at frame 0 with strength 1
 * unless the user already put something at frame 0; then the first reference image of each matched
 * element at frame 0. Text-to-video sends none of them.
 */
import type { GenerateImageParams, GenerateVideoParams } from "@milimo/shared/api";
import { buildShotPrompt, matchElements, type ElementMatch } from "@milimo/shared/elements";
import type { Element, Scene, Shot } from "@milimo/shared/schema";

/** Strength of an element's reference image: steers the look without freezing frame 0 on it. */
export const ELEMENT_REFERENCE_STRENGTH = 0.5;
/** Strength of the previous shot's last frame at frame 0 (FEATURES §4): the cut must match. */
export const CONTINUITY_STRENGTH = 1;
/** The server accepts at most this many conditioning items (GenerateVideoParamsSchema). */
export const MAX_CONDITIONING_ITEMS = 16;
/** Size of a storyboard thumbnail (FEATURES §2). */
export const THUMBNAIL_SIZE = { width: 512, height: 320 } as const;
/** Prefix of a storyboard thumbnail's prompt (FEATURES §2). */
export const THUMBNAIL_PROMPT_PREFIX = "Cinematic storyboard concept art.";
const MAX_SEED = 2 ** 32 - 1;

/** One item to upload: the local media and where it goes in the output. */
export interface ConditioningSource {
  mediaId: string;
  frame: number;
  strength: number;
  /** Upload the last frame of this video (made at `fps`) instead of the file itself. */
  lastFrameOf?: { fps: number };
}

/** The shot whose last frame continues into the next one: it has a finished video. */
export type ContinuityShot = Pick<Shot, "id" | "mediaId" | "fps">;

/**
 * The previous COMPLETED shot in `shot`'s scene (the nearest earlier one that is ready with a
 * video), from every shot in storyboard order; undefined for the first or a loose shot.
 */
export function findContinuityShot({
  shot,
  shots,
}: {
  shot: Pick<Shot, "id" | "sceneId">;
  shots: readonly Shot[];
}): ContinuityShot | undefined {
  if (shot.sceneId === null) return undefined;
  const inScene = shots.filter(s => s.sceneId === shot.sceneId);
  const at = inScene.findIndex(s => s.id === shot.id);
  for (let i = at - 1; i >= 0; i--) {
    const candidate = inScene[i];
    if (candidate?.status === "ready" && candidate.mediaId) return candidate;
  }
  return undefined;
}

/** A video job before uploads: params without conditioning, plus what to upload for it. */
export interface VideoJobPlan {
  params: Omit<GenerateVideoParams, "conditioning">;
  conditioning: ConditioningSource[];
  /** The seed used; written back to the shot so the result can be reproduced. */
  seed: number;
}

/** The elements matched to a shot (FEATURES §3 scores, ≥ 0.4, best first). */
export function matchShotElements({
  shot,
  scene,
  elements,
}: {
  shot: Pick<Shot, "action" | "characters" | "dialogue">;
  scene: Pick<Scene, "heading" | "name"> | undefined;
  elements: readonly Element[];
}): ElementMatch<Element>[] {
  return matchElements({
    shot: { action: shot.action, characters: shot.characters, dialogue: shot.dialogue },
    sceneHeading: scene?.heading || scene?.name || "",
    elements,
  });
}

/** The shot's full generation prompt with elements injected. */
export function buildPromptForShot({
  shot,
  scene,
  previousShot,
  elements,
}: {
  shot: Shot;
  scene: Scene | undefined;
  previousShot: Shot | undefined;
  elements: readonly Element[];
}): string {
  return buildShotPrompt({
    sceneName: scene?.name ?? "",
    sceneHeading: scene?.heading || scene?.name || "",
    shotType: shot.shotType,
    characters: shot.characters,
    dialogue: shot.dialogue,
    prompt: shot.prompt,
    action: shot.action,
    elements,
    matched: matchShotElements({ shot, scene, elements }),
    previousAction: previousShot?.action ?? "",
  });
}

/** A seed for the next run: the shot's own when locked (or when re-running), else random 0..2^32-1. */
export function pickSeed({
  shot,
  reuseSeed,
  random,
}: {
  shot: Pick<Shot, "seed" | "seedLocked">;
  reuseSeed: boolean;
  random: () => number;
}): number {
  if (shot.seedLocked || reuseSeed) return shot.seed;
  return Math.floor(random() * (MAX_SEED + 1));
}

/** Plans a `generate-video` job for `shot` (see the file header for the rules). */
export function planVideoJob({
  shot,
  scene,
  previousShot,
  continuityShot,
  elements,
  reuseSeed = false,
  random = Math.random,
}: {
  shot: Shot;
  scene: Scene | undefined;
  /** The shot before this one in the scene (its action is the prompt's context). */
  previousShot: Shot | undefined;
  /** The previous completed shot in the scene (see `findContinuityShot`). */
  continuityShot?: ContinuityShot;
  elements: readonly Element[];
  reuseSeed?: boolean;
  random?: () => number;
}): VideoJobPlan {
  const seed = pickSeed({ shot, reuseSeed, random });
  const prompt = buildPromptForShot({ shot, scene, previousShot, elements });
  const conditioning: ConditioningSource[] = [];
  // Text-to-video means text only: the user chose to ignore images.
  if (shot.pipeline !== "t2v") {
    for (const item of shot.conditioning) conditioning.push({ ...item });
    const userFrameZero = shot.conditioning.some(c => c.frame === 0);
    if (continuityShot?.mediaId && !userFrameZero) {
      conditioning.push({
        mediaId: continuityShot.mediaId,
        frame: 0,
        strength: CONTINUITY_STRENGTH,
        lastFrameOf: { fps: continuityShot.fps },
      });
    }
    const seen = new Set(shot.conditioning.map(c => c.mediaId));
    for (const { element } of matchShotElements({ shot, scene, elements })) {
      const mediaId = element.referenceMediaIds[0];
      if (mediaId === undefined || seen.has(mediaId)) continue;
      seen.add(mediaId);
      conditioning.push({ mediaId, frame: 0, strength: ELEMENT_REFERENCE_STRENGTH });
    }
  }
  const lastFrame = shot.numFrames - 1;
  return {
    seed,
    params: {
      prompt,
      negativePrompt: shot.negativePrompt,
      seed,
      width: shot.width,
      height: shot.height,
      steps: shot.steps,
      guidance: shot.guidance,
      numFrames: shot.numFrames,
      fps: shot.fps,
    },
    conditioning: conditioning
      .map(c => ({ ...c, frame: Math.min(c.frame, lastFrame) }))
      .slice(0, MAX_CONDITIONING_ITEMS),
  };
}

/** Plans a storyboard thumbnail (`generate-image`, 512×320, "Cinematic storyboard concept art."). */
export function planThumbnailJob({
  shot,
  scene,
  elements,
}: {
  shot: Shot;
  scene: Scene | undefined;
  elements: readonly Element[];
}): GenerateImageParams {
  const prompt = buildPromptForShot({ shot, scene, previousShot: undefined, elements });
  return {
    prompt: `${THUMBNAIL_PROMPT_PREFIX} ${prompt}`,
    negativePrompt: shot.negativePrompt,
    seed: shot.seed,
    ...THUMBNAIL_SIZE,
    steps: Math.min(shot.steps, 25),
    guidance: 2,
  };
}
