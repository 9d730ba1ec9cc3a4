/**
 * Shot slice (document scope: saved and undoable). Shots are kept by id with a separate `order`,
 * the storyboard order (scene by scene, loose shots last). `index` is a shot's 0-based position
 * WITHIN its scene (shared ShotSchema), kept gap-free per scene so a reload sorts the same; the
 * storyboard's reorder moves shots, and a patch never sets `index` directly.
 */
import {
  ShotSchema,
  makeShot,
  shotDefaultsFromProject,
  type Shot,
  type ShotInit,
} from "@milimo/shared/schema";
import { produce } from "solid-js/store";
import { sortShots } from "../../ui/storyboard/storyboard-plan";
import type { SliceContext } from "../slice-context";

export interface ShotSlice {
  byId: Record<string, Shot>;
  order: string[];
}

/** Fresh shot state: no shots. */
export function initialShotState(): ShotSlice {
  return { byId: {}, order: [] };
}

/** Field -> first validation message, for showing errors next to inspector fields. */
export type FieldErrors = Record<string, string>;

export type UpdateResult = { ok: true } | { ok: false; errors: FieldErrors };

export type ShotActions = ReturnType<typeof createShotActions>;

/** Document actions over shots; each call is one undo entry (or part of a coalesced gesture). */
export function createShotActions(ctx: SliceContext) {
  const { state, setState, deps, history } = ctx;

  const allShots = () =>
    state.shots.order.map(id => state.shots.byId[id]).filter((s): s is Shot => s !== undefined);

  /** Shots of one scene by their current position. */
  const shotsOfScene = (sceneId: string | null, except?: string) =>
    allShots()
      .filter(s => s.sceneId === sceneId && s.id !== except)
      .sort((a, b) => a.index - b.index);

  /** Numbers a scene's shots 0..n-1 in their current order (after a removal or a move). */
  function renumberScene(sceneId: string | null) {
    shotsOfScene(sceneId).forEach((shot, index) => {
      if (shot.index !== index) setState("shots", "byId", shot.id, "index", index);
    });
  }

  function sortOrder() {
    setState(
      "shots",
      "order",
      sortShots(state.project.scenes, allShots()).map(s => s.id),
    );
  }

  return {
    /**
     * Adds a shot with the project's size, fps and seed (plus `init`) at the end of its scene
     * (`init.sceneId`, default none); returns its id.
     */
    add(init: Partial<ShotInit> = {}): string {
      const project = state.project.current;
      if (!project) throw new Error("No project is open.");
      const id = deps.newId();
      const sceneId = init.sceneId ?? null;
      const shot = makeShot({
        ...shotDefaultsFromProject(project),
        ...init,
        id,
        projectId: project.id,
        sceneId,
        index: shotsOfScene(sceneId).length,
      });
      history.record("Add shot", () => {
        setState("shots", "byId", id, shot);
        setState("shots", "order", order => [...order, id]);
        sortOrder();
      });
      return id;
    },
    /**
     * Validates `patch` with the shared schema and applies it; nothing changes when a field is
     * invalid. A new `sceneId` moves the shot to the end of that scene; `index` in a patch is
     * ignored (positions change through the storyboard's reorder). `coalesceKey` merges typing
     * into one undo entry.
     */
    update(id: string, patch: Partial<Shot>, opts: { coalesceKey?: string } = {}): UpdateResult {
      const current = state.shots.byId[id];
      if (!current) return { ok: false, errors: { id: "This shot no longer exists" } };
      const fromScene = current.sceneId;
      const sceneId = patch.sceneId === undefined ? fromScene : patch.sceneId;
      const moved = sceneId !== fromScene;
      const result = ShotSchema.safeParse({
        ...current,
        ...patch,
        id,
        projectId: current.projectId,
        sceneId,
        index: moved ? shotsOfScene(sceneId).length : current.index,
      });
      if (!result.success) {
        const errors: FieldErrors = {};
        for (const issue of result.error.issues) {
          const field = String(issue.path[0] ?? "shot");
          errors[field] ??= issue.message;
        }
        return { ok: false, errors };
      }
      history.record(
        moved ? "Move shot" : "Edit shot",
        () => {
          setState("shots", "byId", id, result.data);
          if (moved) {
            renumberScene(fromScene);
            sortOrder();
          }
        },
        opts,
      );
      return { ok: true };
    },
    /**
     * Points a timeline clip (and its shot, if it shows one) at another media file, e.g. an
     * inpainted version; one undo entry, so undo puts the previous version back. False when the
     * clip no longer exists.
     */
    useMediaVersion({
      itemId,
      mediaId,
      label = "Use new version",
    }: {
      itemId: string;
      mediaId: string;
      label?: string;
    }): boolean {
      const index = state.tracks.timeline.items.findIndex(item => item.id === itemId);
      const item = state.tracks.timeline.items[index];
      if (!item) return false;
      history.record(label, () => {
        setState("tracks", "timeline", "items", index, "mediaId", mediaId);
        const shotId = item.shotId;
        if (shotId && state.shots.byId[shotId])
          setState("shots", "byId", shotId, "mediaId", mediaId);
      });
      return true;
    },
    /** Removes a shot (timeline clips keep playing their media; their shot link is cleared). */
    remove(id: string): void {
      const sceneId = state.shots.byId[id]?.sceneId;
      if (sceneId === undefined) return;
      history.record("Delete shot", () => {
        setState("shots", "order", order => order.filter(other => other !== id));
        setState(
          "shots",
          "byId",
          produce(byId => {
            delete byId[id];
          }),
        );
        renumberScene(sceneId);
        state.tracks.timeline.items.forEach((item, index) => {
          if (item.shotId === id) setState("tracks", "timeline", "items", index, "shotId", null);
        });
      });
    },
  };
}
