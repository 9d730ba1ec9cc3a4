/**
 * Storyboard edits as pure functions over the document parts they touch (scenes, shots, timeline),
 * so each user action is applied to the store as one undoable change. Rules (FEATURES §2):
 * - Commit matches scenes by index and shots by (scene, index): a matched shot keeps its id, its
 *   generation settings and its media; its script text (action, characters, dialogue, type) follows
 *   the new parse. Unmatched old shots are removed with their timeline clips (media stays in the
 *   library).
 * - A new shot's V1 clip goes right after the clip of the shot before it in script order, or at the
 *   end of V1 — so a first commit appends every shot in script order, grouped by scene, and a
 *   re-parse leaves the user's arrangement of existing clips alone.
 */
import type { ParsedScript } from "@milimo/shared/storyboard";
import {
  makeScene,
  makeShot,
  makeTimelineItem,
  shotDefaultsFromProject,
  type Project,
  type Scene,
  type Shot,
  type ShotInit,
  type Timeline,
  type TimelineItem,
} from "@milimo/shared/schema";
import { CONTINUITY_STRENGTH } from "../../jobs/job-plan";

/** The document parts a storyboard edit replaces together. */
export interface StoryboardDocument {
  scenes: Scene[];
  shots: Shot[];
  timeline: Timeline;
}

type ProjectFacts = Pick<Project, "id" | "width" | "height" | "fps" | "seed">;

const SCENE_NAME_MAX = 200;

/** Shots in storyboard order: by their scene's index, then their own index; loose shots last. */
export function sortShots(scenes: readonly Scene[], shots: readonly Shot[]): Shot[] {
  const sceneIndex = new Map(scenes.map(s => [s.id, s.index]));
  const rank = (shot: Shot) =>
    shot.sceneId === null ? Number.MAX_SAFE_INTEGER : (sceneIndex.get(shot.sceneId) ?? Infinity);
  return [...shots].sort((a, b) => rank(a) - rank(b) || a.index - b.index);
}

/** Scenes sorted by index. */
export function sortScenes(scenes: readonly Scene[]): Scene[] {
  return [...scenes].sort((a, b) => a.index - b.index);
}

/** Length of a shot's clip at the project's fps, in frames (at least 1). */
export function shotClipFrames(shot: Pick<Shot, "numFrames" | "fps">, projectFps: number): number {
  return Math.max(1, Math.round((shot.numFrames * projectFps) / shot.fps));
}

function clipLabel(shot: Shot): string {
  const text = shot.action.trim().replace(/\s+/g, " ");
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/**
 * Places clips for `shots` that have none on V1 (see the file header); clips of shots not in
 * `shots` are removed. `shots` must be in storyboard order.
 */
export function syncShotClips({
  timeline,
  shots,
  projectFps,
  newId,
}: {
  timeline: Timeline;
  shots: readonly Shot[];
  projectFps: number;
  newId: () => string;
}): Timeline {
  const alive = new Set(shots.map(s => s.id));
  let items: TimelineItem[] = timeline.items.filter(i => i.shotId === null || alive.has(i.shotId));
  const v1ByShot = new Map<string, TimelineItem>();
  for (const item of items) if (item.track === "V1" && item.shotId) v1ByShot.set(item.shotId, item);
  let previousItemId: string | null = null;
  for (const shot of shots) {
    const existing = v1ByShot.get(shot.id);
    if (existing) {
      previousItemId = existing.id;
      continue;
    }
    const item = makeTimelineItem({
      id: newId(),
      track: "V1",
      shotId: shot.id,
      mediaId: shot.mediaId,
      sourceFrames: shotClipFrames(shot, projectFps),
      label: clipLabel(shot),
    });
    const after: number =
      previousItemId === null ? -1 : items.findIndex(i => i.id === previousItemId);
    if (after === -1 && previousItemId === null) {
      // No earlier shot has a clip: before the first shot clip on V1, else at the end.
      const firstShotClip = items.findIndex(i => i.track === "V1" && i.shotId !== null);
      items =
        firstShotClip === -1
          ? [...items, item]
          : [...items.slice(0, firstShotClip), item, ...items.slice(firstShotClip)];
    } else {
      items = [...items.slice(0, after + 1), item, ...items.slice(after + 1)];
    }
    previousItemId = item.id;
  }
  const changed =
    items.length !== timeline.items.length || items.some((item, i) => item !== timeline.items[i]);
  return changed ? { ...timeline, items } : timeline;
}

/** The document after committing a parsed script (matching rules in the file header). */
export function planStoryboardCommit({
  parsed,
  project,
  doc,
  newId,
}: {
  parsed: ParsedScript;
  project: ProjectFacts;
  doc: StoryboardDocument;
  newId: () => string;
}): StoryboardDocument {
  const oldScenes = sortScenes(doc.scenes);
  const scenes: Scene[] = [];
  const shots: Shot[] = [];
  parsed.scenes.forEach((parsedScene, sceneIndex) => {
    const previous = oldScenes[sceneIndex];
    const scene = makeScene({
      id: previous?.id ?? newId(),
      projectId: project.id,
      index: sceneIndex,
      heading: parsedScene.heading,
      name: (parsedScene.name || parsedScene.heading || `Scene ${sceneIndex + 1}`).slice(
        0,
        SCENE_NAME_MAX,
      ),
      ...(parsedScene.location ? { location: parsedScene.location } : {}),
      ...(parsedScene.timeOfDay ? { timeOfDay: parsedScene.timeOfDay } : {}),
    });
    scenes.push(scene);
    const oldShots = previous
      ? doc.shots.filter(s => s.sceneId === previous.id).sort((a, b) => a.index - b.index)
      : [];
    parsedScene.shots.forEach((parsedShot, shotIndex) => {
      const script = {
        action: parsedShot.action,
        characters: [...parsedShot.characters],
        dialogue: parsedShot.dialogue,
        shotType: parsedShot.shotType,
      };
      const old = oldShots[shotIndex];
      shots.push(
        old
          ? { ...old, ...script, sceneId: scene.id, index: shotIndex }
          : makeShot({
              id: newId(),
              projectId: project.id,
              sceneId: scene.id,
              index: shotIndex,
              ...shotDefaultsFromProject(project),
              ...script,
            }),
      );
    });
  });
  const timeline = syncShotClips({
    timeline: doc.timeline,
    shots: sortShots(scenes, shots),
    projectFps: project.fps,
    newId,
  });
  return { scenes, shots, timeline };
}

/** Renumbers the shots of one scene 0..n-1 in the given order. */
function renumber(
  shots: readonly Shot[],
  sceneId: string | null,
  order: readonly string[],
): Shot[] {
  const position = new Map(order.map((id, i) => [id, i]));
  return shots.map(s => {
    if (s.sceneId !== sceneId) return s;
    const index = position.get(s.id);
    return index === undefined || index === s.index ? s : { ...s, index };
  });
}

/**
 * Moves a shot to position `toIndex` within its scene; its V1 clip moves to follow the clip of the
 * shot now before it (or to precede the one now after it), so script and V1 stay in step.
 */
export function reorderShot({
  doc,
  shotId,
  toIndex,
}: {
  doc: StoryboardDocument;
  shotId: string;
  toIndex: number;
}): StoryboardDocument {
  const shot = doc.shots.find(s => s.id === shotId);
  if (!shot) return doc;
  const inScene = doc.shots
    .filter(s => s.sceneId === shot.sceneId)
    .sort((a, b) => a.index - b.index);
  const order = inScene.map(s => s.id).filter(id => id !== shotId);
  const target = Math.max(0, Math.min(order.length, Math.round(toIndex)));
  order.splice(target, 0, shotId);
  if (order.every((id, i) => inScene[i]?.id === id)) return doc;
  const shots = renumber(doc.shots, shot.sceneId, order);
  return { ...doc, shots, timeline: moveShotClip(doc.timeline, shotId, order) };
}

function moveShotClip(timeline: Timeline, shotId: string, sceneOrder: readonly string[]): Timeline {
  const clip = timeline.items.find(i => i.track === "V1" && i.shotId === shotId);
  if (!clip) return timeline;
  const rest = timeline.items.filter(i => i !== clip);
  const at = sceneOrder.indexOf(shotId);
  const clipOf = (id: string | undefined) =>
    id === undefined ? -1 : rest.findIndex(i => i.track === "V1" && i.shotId === id);
  const before = clipOf(sceneOrder[at - 1]);
  const after = clipOf(sceneOrder[at + 1]);
  const slot = before !== -1 ? before + 1 : after !== -1 ? after : rest.length;
  return { ...timeline, items: [...rest.slice(0, slot), clip, ...rest.slice(slot)] };
}

/** Removes a shot and its empty clips (clips with media stay, unlinked); the scene is renumbered. */
export function deleteShot({
  doc,
  shotId,
}: {
  doc: StoryboardDocument;
  shotId: string;
}): StoryboardDocument {
  const shot = doc.shots.find(s => s.id === shotId);
  if (!shot) return doc;
  const remaining = doc.shots.filter(s => s.id !== shotId);
  const order = remaining
    .filter(s => s.sceneId === shot.sceneId)
    .sort((a, b) => a.index - b.index)
    .map(s => s.id);
  return {
    ...doc,
    shots: renumber(remaining, shot.sceneId, order),
    timeline: {
      ...doc.timeline,
      // An empty placeholder goes; a clip that already plays media stays, unlinked.
      items: doc.timeline.items
        .filter(i => i.shotId !== shotId || i.mediaId !== null)
        .map(i => (i.shotId === shotId ? { ...i, shotId: null } : i)),
    },
  };
}

/** Adds an empty shot at the end of a scene, with its clip after the scene's last clip. */
export function addShot({
  doc,
  sceneId,
  project,
  newId,
  action = "",
}: {
  doc: StoryboardDocument;
  sceneId: string;
  project: ProjectFacts;
  newId: () => string;
  action?: string;
}): { doc: StoryboardDocument; shotId: string } {
  const count = doc.shots.filter(s => s.sceneId === sceneId).length;
  const shot = makeShot({
    id: newId(),
    projectId: project.id,
    sceneId,
    index: count,
    action,
    ...shotDefaultsFromProject(project),
  });
  const shots = [...doc.shots, shot];
  const timeline = syncShotClips({
    timeline: doc.timeline,
    shots: sortShots(doc.scenes, shots),
    projectFps: project.fps,
    newId,
  });
  return { doc: { ...doc, shots, timeline }, shotId: shot.id };
}

/**
 * Inserts a shot (`init` over the project's defaults) right after `afterShotId` in its scene; the
 * scene's later shots move down one and the new clip goes right after that shot's V1 clip. Null
 * when the shot is gone.
 */
export function insertShotAfter({
  doc,
  afterShotId,
  project,
  newId,
  init = {},
}: {
  doc: StoryboardDocument;
  afterShotId: string;
  project: ProjectFacts;
  newId: () => string;
  init?: Partial<ShotInit>;
}): { doc: StoryboardDocument; shotId: string } | null {
  const source = doc.shots.find(s => s.id === afterShotId);
  if (!source) return null;
  const shot = makeShot({
    ...shotDefaultsFromProject(project),
    ...init,
    id: newId(),
    projectId: project.id,
    sceneId: source.sceneId,
    index: source.index + 1,
  });
  const shots = [
    ...doc.shots.map(s =>
      s.sceneId === source.sceneId && s.index > source.index ? { ...s, index: s.index + 1 } : s,
    ),
    shot,
  ];
  const timeline = syncShotClips({
    timeline: doc.timeline,
    shots: sortShots(doc.scenes, shots),
    projectFps: project.fps,
    newId,
  });
  return { doc: { ...doc, shots, timeline }, shotId: shot.id };
}

/**
 * What an "Extend" shot starts as (FEATURES §4): the source's text and generation settings, no
 * dialogue (it was spoken), and the source's last frame (`frameMediaId`) at frame 0, strength 1.
 */
export function extensionOf(source: Shot, frameMediaId: string): Partial<ShotInit> {
  return {
    action: source.action,
    prompt: source.prompt,
    negativePrompt: source.negativePrompt,
    shotType: source.shotType,
    characters: [...source.characters],
    width: source.width,
    height: source.height,
    fps: source.fps,
    numFrames: source.numFrames,
    steps: source.steps,
    guidance: source.guidance,
    // Text-to-video would ignore the frame the new shot exists to continue from.
    pipeline: source.pipeline === "t2v" ? "auto" : source.pipeline,
    conditioning: [{ mediaId: frameMediaId, frame: 0, strength: CONTINUITY_STRENGTH }],
  };
}

/** Moves a scene to position `toIndex` (scenes renumbered; clips keep their places). */
export function reorderScene({
  doc,
  sceneId,
  toIndex,
}: {
  doc: StoryboardDocument;
  sceneId: string;
  toIndex: number;
}): StoryboardDocument {
  const order = sortScenes(doc.scenes)
    .map(s => s.id)
    .filter(id => id !== sceneId);
  if (order.length === doc.scenes.length) return doc;
  order.splice(Math.max(0, Math.min(order.length, Math.round(toIndex))), 0, sceneId);
  const scenes = doc.scenes.map(s => {
    const index = order.indexOf(s.id);
    return index === s.index ? s : { ...s, index };
  });
  return { ...doc, scenes };
}
