/**
 * Element slice (document scope: saved and undoable): characters, locations and objects the prompts
 * refer to with @triggers. Kept sorted by name, the order the Elements view lists them in.
 */
import { ElementSchema, makeElement, type Element, type ElementInit } from "@milimo/shared/schema";
import { sortElements } from "../../db/restore";
import { produce } from "solid-js/store";
import type { SliceContext } from "../slice-context";
import type { UpdateResult } from "./shot";

export interface ElementSlice {
  byId: Record<string, Element>;
  order: string[];
}

/** Fresh element state: no elements. */
export function initialElementState(): ElementSlice {
  return { byId: {}, order: [] };
}

export type ElementActions = ReturnType<typeof createElementActions>;

/** Document actions over story elements; each is one undo entry. */
export function createElementActions(ctx: SliceContext) {
  const { state, setState, deps, history } = ctx;

  const sortedOrder = () =>
    sortElements(
      state.elements.order.map(id => state.elements.byId[id]).filter(e => e !== undefined),
    ).map(e => e.id);

  return {
    /** Adds an element (trigger derived from the name unless given); returns its id. */
    add(init: Omit<ElementInit, "id" | "projectId">): string {
      const project = state.project.current;
      if (!project) throw new Error("No project is open.");
      const element = makeElement({ ...init, id: deps.newId(), projectId: project.id });
      history.record("Add element", () => {
        setState("elements", "byId", element.id, element);
        setState("elements", "order", [...state.elements.order, element.id]);
        setState("elements", "order", sortedOrder());
      });
      return element.id;
    },
    /** Validates and applies a patch; nothing changes when a field is invalid. */
    update(id: string, patch: Partial<Element>, opts: { coalesceKey?: string } = {}): UpdateResult {
      const current = state.elements.byId[id];
      if (!current) return { ok: false, errors: { id: "This element no longer exists" } };
      const result = ElementSchema.safeParse({
        ...current,
        ...patch,
        id,
        projectId: current.projectId,
      });
      if (!result.success) {
        const errors: Record<string, string> = {};
        for (const issue of result.error.issues)
          errors[String(issue.path[0] ?? "element")] ??= issue.message;
        return { ok: false, errors };
      }
      history.record(
        "Edit element",
        () => {
          setState("elements", "byId", id, result.data);
          setState("elements", "order", sortedOrder());
        },
        opts,
      );
      return { ok: true };
    },
    /**
     * Appends an image to an element's reference images (a generated or picked image); one undo
     * entry. False when the element is gone (deleted while its image was generating); an image it
     * already has is not added twice.
     */
    addReferenceImage({ elementId, mediaId }: { elementId: string; mediaId: string }): boolean {
      const current = state.elements.byId[elementId];
      if (!current) return false;
      if (current.referenceMediaIds.includes(mediaId)) return true;
      history.record("Add reference image", () => {
        setState("elements", "byId", elementId, "referenceMediaIds", ids => [...ids, mediaId]);
      });
      return true;
    },
    /** Deletes an element. */
    remove(id: string): void {
      if (!state.elements.byId[id]) return;
      history.record("Delete element", () => {
        setState("elements", "order", order => order.filter(other => other !== id));
        setState(
          "elements",
          "byId",
          produce(byId => {
            delete byId[id];
          }),
        );
      });
    },
  };
}
