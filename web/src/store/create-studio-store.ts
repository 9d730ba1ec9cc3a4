/**
 * The one store (STYLE §4): seven namespaced slices in one `createStore`, built per call so every
 * test gets its own. Slices get a wrapped `setState` that reports which document part a write
 * touches: history copies that part before the first write of an action, and autosave marks it
 * dirty. Loading a project writes "silently" — restore must never look like an edit.
 */
import { batch, untrack } from "solid-js";
import { createStore, reconcile, unwrap, type SetStoreFunction } from "solid-js/store";
import type { ApiClient } from "../api/client";
import { makeAutosave, type AutosaveStatus, type DocumentState } from "../db/autosave";
import type { StudioDB } from "../db/studio-db";
import type { FrameGrabber } from "../jobs/grab-last-frame";
import type { ProbeMedia } from "../ui/library/probe-media";
import { makeDocumentHistory, type DocumentHistory, type HistoryPart } from "./history";
import type { SliceContext } from "./slice-context";
import { createJobsActions, type JobsActions } from "../jobs/jobs-slice";
import {
  createStoryboardActions,
  type StoryboardActions,
} from "../ui/storyboard/storyboard-actions";
import {
  createElementActions,
  initialElementState,
  type ElementActions,
  type ElementSlice,
} from "./slices/element";
import {
  createPlaybackActions,
  initialPlaybackState,
  type PlaybackActions,
  type PlaybackSlice,
} from "./slices/playback";
import {
  createProjectActions,
  initialProjectState,
  type ProjectActions,
  type ProjectSlice,
} from "./slices/project";
import {
  createServerActions,
  initialServerState,
  type ServerActions,
  type ServerSlice,
} from "./slices/server";
import {
  createShotActions,
  initialShotState,
  type ShotActions,
  type ShotSlice,
} from "./slices/shot";
import {
  createTrackActions,
  initialTrackState,
  type TrackActions,
  type TrackSlice,
} from "./slices/track";
import { createMaskActions, type MaskActions } from "./slices/mask";
import { createLlmActions, initialLlmState, type LlmActions, type LlmSlice } from "./slices/llm";
import { createUiActions, initialUiState, type UiActions, type UiSlice } from "./slices/ui";

export interface StudioDeps {
  db: StudioDB;
  api: ApiClient;
  /** Epoch milliseconds. */
  now: () => number;
  newId: () => string;
  /** Reads duration, size, thumbnail and waveform of an imported file (DOM; faked in tests). */
  probeMedia?: ProbeMedia;
  /** Reads a video's last frame (continuity, Extend); default: the browser's `grabLastFrame`. */
  grabLastFrame?: FrameGrabber;
  /** Autosave timing overrides (tests). */
  autosave?: { throttleMs?: number; retryBaseMs?: number; retryMaxMs?: number };
  /** fetch for the optional LLM endpoint (tests fake it); default: the browser's fetch. */
  fetchLlm?: typeof fetch;
}

export interface StudioState {
  project: ProjectSlice;
  shots: ShotSlice;
  tracks: TrackSlice;
  elements: ElementSlice;
  playback: PlaybackSlice;
  ui: UiSlice;
  server: ServerSlice;
  llm: LlmSlice;
}

export interface StudioActions {
  project: ProjectActions;
  shot: ShotActions;
  track: TrackActions;
  element: ElementActions;
  playback: PlaybackActions;
  ui: UiActions;
  server: ServerActions;
  jobs: JobsActions;
  storyboard: StoryboardActions;
  mask: MaskActions;
  llm: LlmActions;
  history: {
    undo(): void;
    redo(): void;
    canUndo(): boolean;
    canRedo(): boolean;
    undoLabel(): string | null;
    redoLabel(): string | null;
  };
}

export type StudioStore = { state: StudioState; actions: StudioActions };

const ALL_PARTS: readonly HistoryPart[] = ["project", "scenes", "shots", "elements", "tracks"];

/** Which document parts a `setState(...args)` call writes (conservative when unsure). */
export function partsTouchedBy(args: readonly unknown[]): readonly HistoryPart[] {
  const [first, second] = args;
  if (typeof first !== "string") return ALL_PARTS;
  switch (first) {
    case "shots":
    case "elements":
    case "tracks":
      return [first];
    case "project":
      if (second === "current") return ["project"];
      if (second === "scenes") return ["scenes"];
      if (typeof second === "string") return [];
      return ["project", "scenes"];
    default:
      return [];
  }
}

/** Wraps every action of a slice in batch + untrack (flux-store discipline). */
function disciplined<T extends object>(actions: T): T {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(actions)) {
    out[name] =
      typeof fn === "function"
        ? (...args: unknown[]) =>
            batch(() => untrack(() => (fn as (...a: unknown[]) => unknown)(...args)))
        : fn;
  }
  return out as T;
}

/** Builds the store and its actions from `deps`; nothing global, nothing shared between stores. */
export function createStudioStore(deps: StudioDeps): StudioStore & {
  /** The document as plain objects (autosave, export, tests); null when no project is open. */
  readDocument(): DocumentState | null;
} {
  const [state, rawSetState] = createStore<StudioState>({
    project: initialProjectState(),
    shots: initialShotState(),
    tracks: initialTrackState(),
    elements: initialElementState(),
    playback: initialPlaybackState(),
    ui: initialUiState(),
    server: initialServerState(),
    llm: initialLlmState(),
  });

  const touchListeners: ((part: HistoryPart) => void)[] = [];
  let silentDepth = 0;

  function readDocument(): DocumentState | null {
    const project = unwrap(state.project.current);
    if (!project) return null;
    const shots = unwrap(state.shots);
    const elements = unwrap(state.elements);
    return {
      project,
      scenes: unwrap(state.project.scenes),
      shots: shots.order.map(id => shots.byId[id]).filter(s => s !== undefined),
      elements: elements.order.map(id => elements.byId[id]).filter(e => e !== undefined),
      timeline: unwrap(state.tracks.timeline),
    };
  }

  const autosave = makeAutosave({
    db: deps.db,
    read: readDocument,
    onStatus: (status: AutosaveStatus) => actions.ui.setSaveStatus(status),
    now: deps.now,
    // A drag writes on release, not every 300 ms mid-gesture; pagehide still flushes at once.
    deferWhile: () => state.playback.gesture !== null,
    ...deps.autosave,
  });

  const setState = ((...args: unknown[]) => {
    const parts = partsTouchedBy(args);
    // A document write outside any action (a job result) must not end up inside an open gesture.
    if (touchListeners.length === 0 && parts.length > 0) history.noteExternalWrite(parts);
    for (const part of parts) for (const listener of touchListeners) listener(part);
    (rawSetState as (...a: unknown[]) => void)(...args);
    if (silentDepth === 0) for (const part of parts) autosave.markDirty(part);
  }) as SetStoreFunction<StudioState>;

  function readPart(part: HistoryPart): unknown {
    switch (part) {
      case "project":
        return state.project.current;
      case "scenes":
        return state.project.scenes;
      case "shots":
        return state.shots;
      case "elements":
        return state.elements;
      case "tracks":
        return state.tracks;
    }
  }

  const history: DocumentHistory = makeDocumentHistory({
    copyPart: part => structuredClone(unwrap(readPart(part))),
    restorePart(part, value) {
      switch (part) {
        case "project":
          setState("project", "current", reconcile(value as ProjectSlice["current"]));
          return;
        case "scenes":
          setState("project", "scenes", reconcile(value as ProjectSlice["scenes"], { key: "id" }));
          return;
        case "shots":
          setState("shots", reconcile(value as ShotSlice, { key: "id" }));
          return;
        case "elements":
          setState("elements", reconcile(value as ElementSlice, { key: "id" }));
          return;
        case "tracks":
          setState("tracks", reconcile(value as TrackSlice, { key: "id" }));
          return;
      }
    },
    track(fn, onTouch) {
      touchListeners.push(onTouch);
      try {
        fn();
      } finally {
        touchListeners.splice(touchListeners.lastIndexOf(onTouch), 1);
      }
    },
  });

  const ctx: SliceContext = { state, setState, deps, history };
  const silently = (fn: () => void) => {
    silentDepth++;
    try {
      batch(fn);
    } finally {
      silentDepth--;
    }
  };

  const actions: StudioActions = {
    project: disciplined(
      createProjectActions(ctx, {
        autosave,
        silently,
        readDocument,
        notify: notice => actions.ui.notify(notice),
      }),
    ),
    shot: disciplined(createShotActions(ctx)),
    track: disciplined(createTrackActions(ctx)),
    element: disciplined(createElementActions(ctx)),
    playback: disciplined(createPlaybackActions(ctx)),
    ui: disciplined(createUiActions(ctx)),
    server: disciplined(createServerActions(ctx)),
    jobs: createJobsActions(ctx),
    storyboard: disciplined(
      createStoryboardActions(ctx, {
        readBlob: mediaId => actions.project.readBlob(mediaId),
        addMedia: args => actions.project.addMedia(args),
      }),
    ),
    mask: disciplined(createMaskActions(ctx)),
    llm: disciplined(createLlmActions(ctx, { fetchImpl: deps.fetchLlm })),
    history: {
      undo: () => batch(() => untrack(() => history.undo())),
      redo: () => batch(() => untrack(() => history.redo())),
      canUndo: () => history.canUndo(),
      canRedo: () => history.canRedo(),
      undoLabel: () => history.undoLabel(),
      redoLabel: () => history.redoLabel(),
    },
  };

  return { state, actions, readDocument };
}
