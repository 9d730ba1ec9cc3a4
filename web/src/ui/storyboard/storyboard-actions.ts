/**
 * `actions.storyboard`: storyboard edits that change scenes, shots and the timeline together, each
 * one undo entry (document scope). The edits themselves are the pure functions of
 * storyboard-plan.ts; this file only reads the document out of the store and writes it back.
 * "Extend" first stores the shot's last frame in the media library (an import, not an edit: it is
 * not undone), then adds the new shot as one undo entry.
 */
import { unwrap } from "solid-js/store";
import { ErrorCode } from "@milimo/shared/api";
import type { ParsedScript } from "@milimo/shared/storyboard";
import type { Shot } from "@milimo/shared/schema";
import type { MediaRecord } from "../../db/records";
import { StudioError } from "../../errors/studio-error";
import { grabLastFrame } from "../../jobs/grab-last-frame";
import type { StudioActions, StudioStore } from "../../store/create-studio-store";
import type { SliceContext } from "../../store/slice-context";
import {
  addShot,
  deleteShot,
  extensionOf,
  insertShotAfter,
  planStoryboardCommit,
  reorderScene,
  reorderShot,
  sortShots,
  type StoryboardDocument,
} from "./storyboard-plan";

export type StoryboardActions = ReturnType<typeof createStoryboardActions>;

/** The media library calls "Extend" needs (the project slice's `readBlob` and `addMedia`). */
export interface StoryboardMedia {
  readBlob(mediaId: string): Promise<Blob | null>;
  addMedia(args: { media: MediaRecord; blob: Blob }): Promise<void>;
}

/** Storyboard actions over the store context; each returns whether anything changed. */
export function createStoryboardActions(ctx: SliceContext, media?: StoryboardMedia) {
  const { state, setState, deps, history } = ctx;

  function read(): StoryboardDocument {
    return {
      scenes: unwrap(state.project.scenes),
      shots: state.shots.order
        .map(id => unwrap(state.shots.byId[id]))
        .filter((s): s is Shot => s !== undefined),
      timeline: unwrap(state.tracks.timeline),
    };
  }

  function write(label: string, before: StoryboardDocument, next: StoryboardDocument): boolean {
    if (next === before) return false;
    const shots = sortShots(next.scenes, next.shots);
    history.record(label, () => {
      if (next.scenes !== before.scenes) setState("project", "scenes", next.scenes);
      if (next.shots !== before.shots) {
        setState("shots", {
          byId: Object.fromEntries(shots.map(s => [s.id, s])),
          order: shots.map(s => s.id),
        });
      }
      if (next.timeline !== before.timeline) setState("tracks", { timeline: next.timeline });
    });
    return true;
  }

  function project() {
    const current = state.project.current;
    if (!current) throw new Error("No project is open.");
    return current;
  }

  return {
    /** Adds the parsed scenes and shots (re-parse keeps matched shots' media); one undo entry. */
    commit(parsed: ParsedScript): boolean {
      const before = read();
      const next = planStoryboardCommit({
        parsed,
        project: project(),
        doc: before,
        newId: deps.newId,
      });
      return write("Commit storyboard", before, next);
    },
    /** Moves a shot within its scene (its V1 clip follows). */
    reorderShot({ shotId, toIndex }: { shotId: string; toIndex: number }): boolean {
      const before = read();
      return write("Reorder shot", before, reorderShot({ doc: before, shotId, toIndex }));
    },
    /** Deletes a shot; its clip goes too. */
    deleteShot(shotId: string): boolean {
      const before = read();
      return write("Delete shot", before, deleteShot({ doc: before, shotId }));
    },
    /** Adds an empty shot at the end of a scene; returns its id. */
    addShot({ sceneId, action }: { sceneId: string; action?: string }): string {
      const before = read();
      const { doc, shotId } = addShot({
        doc: before,
        sceneId,
        project: project(),
        newId: deps.newId,
        action,
      });
      write("Add shot", before, doc);
      return shotId;
    },
    /**
     * "Extend": stores the shot's last frame in the library and adds a new shot right after it in
     * its scene, conditioned on that frame (frame 0, strength 1); returns the new shot's id.
     * Rejects with MEDIA_MISSING when the shot has no video (yet), CODEC_UNSUPPORTED when the
     * browser cannot decode it.
     */
    async extendShot(shotId: string): Promise<string> {
      if (!media) throw new Error("Extend needs the media library (createStudioStore passes it).");
      const source = state.shots.byId[shotId];
      const videoId = source?.mediaId;
      if (!source || !videoId) {
        throw new StudioError(ErrorCode.MEDIA_MISSING, "Generate this shot before extending it.");
      }
      const label = `${(source.action || source.prompt).trim().slice(0, 40) || "Shot"} · last frame`;
      const fps = source.fps;
      const video = await media.readBlob(videoId);
      if (!video) {
        throw new StudioError(ErrorCode.MEDIA_MISSING, "This shot's video is no longer stored.");
      }
      const frame = await (deps.grabLastFrame ?? grabLastFrame)(video, { fps });
      const owner = project();
      const record: MediaRecord = {
        id: deps.newId(),
        projectId: owner.id,
        kind: "image",
        name: `${label}.png`,
        mime: frame.image.type || "image/png",
        bytes: frame.image.size,
        durationFrames: null,
        width: frame.width,
        height: frame.height,
        createdAt: new Date(deps.now()).toISOString(),
        source: "generated",
      };
      await media.addMedia({ media: record, blob: frame.image });
      // Read again: the shot may have been edited (or deleted) while the frame was decoded.
      const current = state.shots.byId[shotId];
      if (!current) throw new StudioError(ErrorCode.NOT_FOUND, "The shot was deleted meanwhile.");
      const before = read();
      const inserted = insertShotAfter({
        doc: before,
        afterShotId: shotId,
        project: project(),
        newId: deps.newId,
        init: extensionOf(unwrap(current), record.id),
      });
      if (!inserted) throw new StudioError(ErrorCode.NOT_FOUND, "The shot was deleted meanwhile.");
      write("Extend shot", before, inserted.doc);
      return inserted.shotId;
    },
    /** Moves a scene to position `toIndex`. */
    reorderScene({ sceneId, toIndex }: { sceneId: string; toIndex: number }): boolean {
      const before = read();
      return write("Reorder scene", before, reorderScene({ doc: before, sceneId, toIndex }));
    },
    /** Renames a scene (1..200 characters; blank names are refused). */
    renameScene({ sceneId, name }: { sceneId: string; name: string }): boolean {
      const trimmed = name.trim().slice(0, 200);
      const at = state.project.scenes.findIndex(s => s.id === sceneId);
      if (at === -1 || trimmed === "" || state.project.scenes[at]?.name === trimmed) return false;
      history.record("Rename scene", () => setState("project", "scenes", at, "name", trimmed));
      return true;
    },
  };
}

/** `actions.storyboard` of a store (throws when the store was built without it). */
export function storyboardActionsOf(store: StudioStore): StoryboardActions {
  const actions = (store.actions as StudioActions & { storyboard?: StoryboardActions }).storyboard;
  if (!actions)
    throw new Error("The store has no storyboard actions: add createStoryboardActions.");
  return actions;
}
