/**
 * Project slice. `current` and `scenes` are document state (saved, undoable). The rest is about the
 * project as a whole and is not undoable: the project list (live from Dexie), the media library
 * (imported files are written straight to IndexedDB with their blobs — a file import is not an
 * edit to undo), object URLs for playback, and open/close status. Opening restores from IndexedDB
 * silently and only then lets autosave start (never write before the first load).
 */
import { produce } from "solid-js/store";
import { ErrorCode } from "@milimo/shared/api";
import {
  ProjectSchema,
  makeProject,
  makeTimeline,
  type MediaAsset,
  type Project,
  type Scene,
} from "@milimo/shared/schema";
import { secondsToFrames } from "@milimo/shared/timeline";
import type { Autosave, DocumentState } from "../../db/autosave";
import { addMediaRecord, deleteMediaRecord, readMediaBlobs } from "../../db/blobs";
import { createProjectListQuery, type ProjectSummary } from "../../db/live-queries";
import { exportProjectFile, importProjectFile } from "../../db/project-file";
import {
  createProjectRecord,
  deleteProjectRecords,
  duplicateProjectRecords,
  renameProjectRecord,
  touchProjectOpened,
} from "../../db/projects";
import type { BlobRole, MediaRecord } from "../../db/records";
import { restoreProject, type DroppedRow } from "../../db/restore";
import { estimateStorage, requestPersistentStorage } from "../../db/storage";
import { toErrorNotice } from "../../errors/report-error";
import { StudioError } from "../../errors/studio-error";
import { mediaKindOf, mimeOf } from "../../ui/library/media-kind";
import type { SliceContext } from "../slice-context";
import type { UpdateResult } from "./shot";
import type { Notice } from "./ui";

export const ProjectStatus = {
  closed: "closed",
  opening: "opening",
  open: "open",
  /** The requested project is not in this browser (or could not be read). */
  missing: "missing",
} as const;
export type ProjectStatus = (typeof ProjectStatus)[keyof typeof ProjectStatus];

export type MediaUrls = { media?: string; thumbnail?: string };

export interface ProjectSlice {
  current: Project | null;
  scenes: Scene[];
  status: ProjectStatus;
  media: { byId: Record<string, MediaRecord>; order: string[] };
  /** Object URLs of media files and thumbnails by media id (session only). */
  urls: Record<string, MediaUrls>;
  list: ProjectSummary[];
  listLoaded: boolean;
  /** Files being imported into the library, or null. */
  importing: { total: number; done: number } | null;
}

/** Fresh project state: nothing open, empty list. */
export function initialProjectState(): ProjectSlice {
  return {
    current: null,
    scenes: [],
    status: ProjectStatus.closed,
    media: { byId: {}, order: [] },
    urls: {},
    list: [],
    listLoaded: false,
    importing: null,
  };
}

/** Settings a new project may start with (FEATURES §1); the rest is defaulted. */
export type NewProjectInit = Partial<Pick<Project, "name" | "width" | "height" | "fps" | "seed">>;

/** Project fields the user edits in settings (undoable). */
export type ProjectPatch = Partial<Pick<Project, "name" | "width" | "height" | "fps" | "seed">>;

/** What a media file is used by; deleting it removes the clips. */
export type MediaUsage = { clips: number; shots: number };

/** Private plumbing the store hands the project slice (autosave, silent loads). */
export interface ProjectPlumbing {
  autosave: Autosave;
  silently: (fn: () => void) => void;
  readDocument: () => DocumentState | null;
  notify: (notice: Omit<Notice, "id">) => void;
}

export type ProjectActions = ReturnType<typeof createProjectActions>;

function createUrl(blob: Blob | undefined): string | undefined {
  return blob ? URL.createObjectURL(blob) : undefined;
}

function revokeUrls(urls: MediaUrls | undefined) {
  if (urls?.media) URL.revokeObjectURL(urls.media);
  if (urls?.thumbnail) URL.revokeObjectURL(urls.thumbnail);
}

/** Project lifecycle, project list, media library and file import/export. */
export function createProjectActions(ctx: SliceContext, plumbing: ProjectPlumbing) {
  const { state, setState, deps, history } = ctx;
  const { db } = deps;
  const { autosave, silently, readDocument, notify } = plumbing;
  const iso = () => new Date(deps.now()).toISOString();
  let openSeq = 0;

  function resetDocument() {
    silently(() => {
      for (const urls of Object.values(state.project.urls)) revokeUrls(urls);
      setState("project", {
        current: null,
        scenes: [],
        media: { byId: {}, order: [] },
        urls: {},
        importing: null,
      });
      setState("shots", { byId: {}, order: [] });
      setState("elements", { byId: {}, order: [] });
      setState("tracks", "timeline", makeTimeline());
      setState("playback", { frame: 0, playing: false, selection: [] });
    });
    history.clear();
  }

  async function closeCurrent(): Promise<void> {
    if (state.project.current) await autosave.end();
    resetDocument();
    setState("project", "status", ProjectStatus.closed);
  }

  function reportDropped(dropped: readonly DroppedRow[]) {
    if (dropped.length === 0) return;
    const tables = [...new Set(dropped.map(row => row.table))].join(", ");
    notify({
      kind: "error",
      title: `${dropped.length} saved item(s) could not be read`,
      detail: `Some ${tables} were damaged and were left out.`,
      remedy: "Check the project; export it to a file to keep a copy of what is there.",
    });
  }

  function mediaUsage(mediaId: string): MediaUsage {
    const clips = state.tracks.timeline.items.filter(item => item.mediaId === mediaId).length;
    const shots = state.shots.order.filter(id => {
      const shot = state.shots.byId[id];
      return (
        shot?.mediaId === mediaId ||
        shot?.thumbnailMediaId === mediaId ||
        shot?.conditioning.some(c => c.mediaId === mediaId)
      );
    }).length;
    return { clips, shots };
  }

  /** Stores a media row + blobs and lists it; false when its project is no longer open. */
  async function addMedia({
    media,
    blob,
    thumbnail,
  }: {
    media: MediaRecord;
    blob: Blob;
    thumbnail?: Blob | null;
  }): Promise<boolean> {
    const record: MediaRecord = thumbnail ? { ...media, hasThumbnail: true } : media;
    await addMediaRecord(db, { media: record, blob, thumbnail });
    if (state.project.current?.id !== record.projectId) return false;
    setState("project", "media", "byId", record.id, record);
    setState("project", "media", "order", order => [...order, record.id]);
    setState("project", "urls", record.id, {
      media: createUrl(blob),
      thumbnail: createUrl(thumbnail ?? undefined),
    });
    return true;
  }

  async function refreshStorage(): Promise<void> {
    setState("ui", "storage", await estimateStorage());
  }

  return {
    /** Keeps `project.list` live from IndexedDB; returns the unsubscribe (call in onCleanup). */
    watchList(): () => void {
      return createProjectListQuery(db, {
        onChange: projects => {
          setState("project", "list", projects);
          setState("project", "listLoaded", true);
        },
        onError: error => {
          setState("project", "listLoaded", true);
          notify({ kind: "error", ...toErrorNotice(error) });
        },
      });
    },

    /** Creates and stores a new project (FEATURES §1 defaults); returns its id. Does not open it. */
    async create(init: NewProjectInit = {}): Promise<string> {
      const project = makeProject({ ...init, id: deps.newId(), now: iso() });
      await createProjectRecord(db, project);
      return project.id;
    },

    /**
     * Opens a project: flushes and detaches the current one, restores this one, then starts
     * autosave. NOT_FOUND leaves status "missing".
     */
    async open(projectId: string): Promise<void> {
      if (state.project.current?.id === projectId && state.project.status === ProjectStatus.open)
        return;
      const seq = ++openSeq;
      await closeCurrent();
      setState("project", "status", ProjectStatus.opening);
      let restored;
      try {
        restored = await restoreProject(db, projectId);
      } catch (error) {
        if (seq === openSeq) {
          setState("project", "status", ProjectStatus.missing);
        }
        throw error;
      }
      const { document, dropped } = restored;
      const at = iso();
      await touchProjectOpened(db, projectId, at);
      const blobs = await readMediaBlobs(
        db,
        document.media.map(m => m.id),
      );
      if (seq !== openSeq) return;
      silently(() => {
        const urls: Record<string, MediaUrls> = {};
        for (const media of document.media) {
          const entry = blobs.get(media.id);
          urls[media.id] = {
            media: createUrl(entry?.media),
            thumbnail: createUrl(entry?.thumbnail),
          };
        }
        setState("project", {
          current: { ...document.project, lastOpenedAt: at },
          scenes: document.scenes,
          media: {
            byId: Object.fromEntries(document.media.map(m => [m.id, m])),
            order: document.media.map(m => m.id),
          },
          urls,
        });
        setState("shots", {
          byId: Object.fromEntries(document.shots.map(s => [s.id, s])),
          order: document.shots.map(s => s.id),
        });
        setState("elements", {
          byId: Object.fromEntries(document.elements.map(e => [e.id, e])),
          order: document.elements.map(e => e.id),
        });
        setState("tracks", "timeline", document.timeline);
      });
      history.clear();
      const baseline = readDocument();
      if (baseline) autosave.begin(projectId, baseline);
      setState("project", "status", ProjectStatus.open);
      reportDropped(dropped);
    },

    /** Saves and closes the open project (back to the project list). */
    close: closeCurrent,

    /** Edits the open project's name or settings (one undo entry); invalid values change nothing. */
    update(patch: ProjectPatch, opts: { coalesceKey?: string } = {}): UpdateResult {
      const current = state.project.current;
      if (!current) return { ok: false, errors: { project: "No project is open" } };
      const result = ProjectSchema.safeParse({ ...current, ...patch });
      if (!result.success) {
        const errors: Record<string, string> = {};
        for (const issue of result.error.issues)
          errors[String(issue.path[0] ?? "project")] ??= issue.message;
        return { ok: false, errors };
      }
      const label =
        Object.keys(patch).length === 1 && "name" in patch ? "Rename project" : "Project settings";
      history.record(label, () => setState("project", "current", result.data), opts);
      return { ok: true };
    },

    /** Renames any project; the open one through `update` (undoable). */
    async rename(projectId: string, name: string): Promise<UpdateResult> {
      const parsed = ProjectSchema.shape.name.safeParse(name);
      if (!parsed.success)
        return { ok: false, errors: { name: parsed.error.issues[0]?.message ?? "Invalid name" } };
      if (state.project.current?.id === projectId) return this.update({ name: parsed.data });
      await renameProjectRecord(db, { projectId, name: parsed.data, at: iso() });
      return { ok: true };
    },

    /** Copies a project with its media under new ids ("<name> copy"); returns the new id. */
    async duplicate(projectId: string): Promise<string> {
      if (state.project.current?.id === projectId) await autosave.flush();
      const source =
        state.project.list.find(p => p.id === projectId)?.name ?? state.project.current?.name;
      const name = `${source ?? "Project"} copy`.slice(0, 120);
      return duplicateProjectRecords(db, { projectId, name, at: iso(), newId: deps.newId });
    },

    /** Deletes a project and all its media (the UI confirms first). */
    async remove(projectId: string): Promise<void> {
      if (state.project.current?.id === projectId) {
        autosave.dispose();
        resetDocument();
        setState("project", "status", ProjectStatus.closed);
      }
      await deleteProjectRecords(db, projectId);
      void refreshStorage();
    },

    /** Builds the project file (saving pending edits first when it is the open project). */
    async exportFile(projectId: string): Promise<{ blob: Blob; fileName: string }> {
      if (state.project.current?.id === projectId) await autosave.flush();
      return exportProjectFile(db, { projectId, exportedAt: iso() });
    },

    /** Imports a project file; PROJECT_FILE_INVALID with a reason for a bad file. Returns the id. */
    async importFile(file: Blob): Promise<string> {
      const id = await importProjectFile(db, { file, at: iso(), newId: deps.newId });
      void refreshStorage();
      return id;
    },

    /** Writes pending edits now (Ctrl/Cmd+S, page hide); rejects with the storage error. */
    save(): Promise<void> {
      return autosave.flush();
    },

    /** Whether edits are waiting to be written. */
    hasUnsavedChanges(): boolean {
      return autosave.hasUnsavedChanges();
    },

    /**
     * Imports image/video/audio files into the open project's library: probes each (duration,
     * size, thumbnail, waveform), stores row + blobs in one transaction. Files that fail are
     * reported and skipped; returns the ids of those imported.
     */
    async importMedia(files: readonly File[]): Promise<string[]> {
      const project = state.project.current;
      if (!project)
        throw new StudioError(ErrorCode.NOT_FOUND, "Open a project before importing media.");
      const probe = deps.probeMedia;
      const added: string[] = [];
      setState("project", "importing", { total: files.length, done: 0 });
      try {
        for (const file of files) {
          try {
            const kind = mediaKindOf(file);
            if (!kind) {
              throw new StudioError(
                ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                `${file.name} is not an image, video or audio file.`,
              );
            }
            const info = probe
              ? await probe(file, kind)
              : { durationSeconds: null, width: null, height: null, thumbnail: null, peaks: null };
            if (kind !== "image" && info.durationSeconds === null) {
              throw new StudioError(
                ErrorCode.CODEC_UNSUPPORTED,
                `The length of ${file.name} cannot be read.`,
              );
            }
            const media: MediaRecord = {
              id: deps.newId(),
              projectId: project.id,
              kind,
              name: file.name || `Untitled ${kind}`,
              mime: mimeOf(file),
              bytes: file.size,
              durationFrames:
                info.durationSeconds === null
                  ? null
                  : Math.max(1, secondsToFrames(info.durationSeconds, project.fps)),
              width: info.width,
              height: info.height,
              createdAt: iso(),
              source: "import",
            };
            if (info.peaks) media.peaks = info.peaks;
            if (await addMedia({ media, blob: file, thumbnail: info.thumbnail }))
              added.push(media.id);
            else break;
          } catch (error) {
            notify({ kind: "error", ...toErrorNotice(error) });
          } finally {
            setState(
              "project",
              "importing",
              progress => progress && { ...progress, done: progress.done + 1 },
            );
          }
        }
      } finally {
        setState("project", "importing", null);
        void refreshStorage();
      }
      return added;
    },

    /** How many clips and shots use a media file (the delete warning). */
    mediaUsage,

    /**
     * Deletes a media file and its blobs; clips that play it are removed from the timeline in one
     * undo entry (undoing brings the clips back without their media).
     */
    async removeMedia(mediaId: string): Promise<void> {
      if (!state.project.media.byId[mediaId]) return;
      await deleteMediaRecord(db, mediaId);
      if (mediaUsage(mediaId).clips > 0) {
        history.record("Delete media", () =>
          setState("tracks", "timeline", "items", items =>
            items.filter(item => item.mediaId !== mediaId),
          ),
        );
      }
      revokeUrls(state.project.urls[mediaId]);
      setState(
        "project",
        "media",
        produce(media => {
          delete media.byId[mediaId];
          media.order = media.order.filter(id => id !== mediaId);
        }),
      );
      setState(
        "project",
        "urls",
        produce(urls => {
          delete urls[mediaId];
        }),
      );
      void refreshStorage();
    },

    /**
     * Adds a file that did not come from the file picker (a generated clip) to the open project's
     * library, stored in one transaction with its optional thumbnail.
     */
    async addMedia(args: {
      media: MediaRecord;
      blob: Blob;
      thumbnail?: Blob | null;
    }): Promise<void> {
      await addMedia(args);
    },

    /** A media file's bytes (or its thumbnail) from IndexedDB; null when missing. */
    async readBlob(mediaId: string, role: BlobRole = "media"): Promise<Blob | null> {
      const entry = (await readMediaBlobs(db, [mediaId])).get(mediaId);
      return entry?.[role] ?? null;
    },

    /** Media metadata of the open project (for the timeline's drop handler). */
    getMedia(mediaId: string): MediaAsset | undefined {
      return state.project.media.byId[mediaId];
    },

    /** Asks the browser for persistent storage once, then reads usage and quota. */
    async initStorage(): Promise<void> {
      await requestPersistentStorage();
      await refreshStorage();
    },
    refreshStorage,
  };
}
