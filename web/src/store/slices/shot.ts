/**
 * Shot slice (document scope: saved and undoable). Shots are kept by id with a separate order (the
 * storyboard order); `index` in each shot is kept equal to its position so a reload sorts the same.
 */
import {
  ShotSchema,
  makeShot,
  shotDefaultsFromProject,
  type Shot,
  type ShotInit,
} from "@milimo/shared/schema";
import { produce } from "solid-js/store";
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

  function reindex(order: readonly string[]) {
    order.forEach((id, index) => {
      if (state.shots.byId[id] && state.shots.byId[id].index !== index)
        setState("shots", "byId", id, "index", index);
    });
  }

  return {
    /** Adds a shot with the project's size, fps and seed (plus `init`) at the end; returns its id. */
    add(init: Partial<ShotInit> = {}): string {
      const project = state.project.current;
      if (!project) throw new Error("No project is open.");
      const id = deps.newId();
      const shot = makeShot({
        ...shotDefaultsFromProject(project),
        ...init,
        id,
        projectId: project.id,
        index: state.shots.order.length,
      });
      history.record("Add shot", () => {
        setState("shots", "byId", id, shot);
        setState("shots", "order", order => [...order, id]);
      });
      return id;
    },
    /**
     * Validates `patch` with the shared schema and applies it; nothing changes when a field is
     * invalid. `coalesceKey` merges typing into one undo entry.
     */
    update(id: string, patch: Partial<Shot>, opts: { coalesceKey?: string } = {}): UpdateResult {
      const current = state.shots.byId[id];
      if (!current) return { ok: false, errors: { id: "This shot no longer exists" } };
      const result = ShotSchema.safeParse({
        ...current,
        ...patch,
        id,
        projectId: current.projectId,
      });
      if (!result.success) {
        const errors: FieldErrors = {};
        for (const issue of result.error.issues) {
          const field = String(issue.path[0] ?? "shot");
          errors[field] ??= issue.message;
        }
        return { ok: false, errors };
      }
      history.record("Edit shot", () => setState("shots", "byId", id, result.data), opts);
      return { ok: true };
    },
    /** Removes a shot (timeline clips keep playing their media; their shot link is cleared). */
    remove(id: string): void {
      if (!state.shots.byId[id]) return;
      history.record("Delete shot", () => {
        const order = state.shots.order.filter(other => other !== id);
        setState("shots", "order", order);
        setState(
          "shots",
          "byId",
          produce(byId => {
            delete byId[id];
          }),
        );
        reindex(order);
        state.tracks.timeline.items.forEach((item, index) => {
          if (item.shotId === id) setState("tracks", "timeline", "items", index, "shotId", null);
        });
      });
    },
  };
}
