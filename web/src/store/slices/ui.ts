/**
 * UI slice (session scope: never undone, never saved with the project): the active view, the
 * storyboard's selected shot, the save status autosave reports, notices (toasts), storage usage and
 * the app-update prompt.
 */
import type { AutosaveStatus, SaveState } from "../../db/autosave";
import type { StorageInfo } from "../../db/storage";
import { toErrorNotice, type ErrorNotice } from "../../errors/report-error";
import type { SliceContext } from "../slice-context";
import type { MaskUiFields } from "./mask";

export const StudioView = {
  timeline: "timeline",
  storyboard: "storyboard",
  elements: "elements",
  images: "images",
  jobs: "jobs",
} as const;
export type StudioView = (typeof StudioView)[keyof typeof StudioView];

export type NoticeKind = "error" | "info" | "success";

/** A toast: words for the user, optionally the code it came from. */
export type Notice = {
  id: string;
  kind: NoticeKind;
  title: string;
  detail?: string;
  remedy?: string;
  code?: string;
  technical?: string;
};

export type SaveView = {
  state: SaveState;
  lastSavedAt: number | null;
  /** The unresolved save failure, in words; the banner shows it until a write succeeds. */
  error: ErrorNotice | null;
  retryAt: number | null;
  failures: number;
};

export interface UiSlice extends MaskUiFields {
  view: StudioView;
  /**
   * The storyboard's selected shot (the last one ticked that is still ticked); "Add to shot"
   * targets it while the Storyboard view is active. May name a deleted shot: readers check.
   */
  selectedShotId: string | null;
  save: SaveView;
  notices: Notice[];
  storage: StorageInfo | null;
  updateAvailable: boolean;
}

/** How long an info/success toast stays, in ms; errors stay until dismissed. */
export const NOTICE_TIMEOUT_MS = 4_000;
/** At most this many toasts are shown; older ones drop. */
export const MAX_NOTICES = 5;

/** Fresh UI state: Timeline view, nothing saved yet, no notices. */
export function initialUiState(): UiSlice {
  return {
    view: StudioView.timeline,
    selectedShotId: null,
    save: { state: "idle", lastSavedAt: null, error: null, retryAt: null, failures: 0 },
    notices: [],
    storage: null,
    updateAvailable: false,
    maskSelection: null,
  };
}

export type UiActions = ReturnType<typeof createUiActions>;

/** Session actions for views, notices and status displays. */
export function createUiActions(ctx: SliceContext) {
  const { setState, state, deps } = ctx;
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  function dismiss(id: string): void {
    const timer = timers.get(id);
    if (timer) clearTimeout(timer);
    timers.delete(id);
    setState("ui", "notices", list => list.filter(n => n.id !== id));
  }

  function notify(notice: Omit<Notice, "id">): string {
    const id = deps.newId();
    setState("ui", "notices", list => [...list, { ...notice, id }].slice(-MAX_NOTICES));
    if (notice.kind !== "error") {
      timers.set(
        id,
        setTimeout(() => dismiss(id), NOTICE_TIMEOUT_MS),
      );
    }
    return id;
  }

  return {
    /** Switches the centre view (Timeline, Storyboard, Elements, Jobs). */
    setView(view: StudioView): void {
      setState("ui", "view", view);
    },
    /** Sets (or clears, with null) the storyboard's selected shot. */
    selectShot(shotId: string | null): void {
      if (state.ui.selectedShotId !== shotId) setState("ui", "selectedShotId", shotId);
    },
    /** Shows a toast; returns its id. Errors stay until dismissed. */
    notify,
    /** Shows a failure as an error toast with its words and next step. */
    notifyError(error: unknown): string {
      const notice = toErrorNotice(error);
      return notify({ kind: "error", ...notice });
    },
    dismiss,
    /** Mirrors autosave's status (called by the store, not by components). */
    setSaveStatus(status: AutosaveStatus): void {
      setState("ui", "save", {
        state: status.state,
        lastSavedAt: status.lastSavedAt,
        error: status.error ? toErrorNotice(status.error) : null,
        retryAt: status.retryAt,
        failures: status.failures,
      });
    },
    setStorage(info: StorageInfo): void {
      setState("ui", "storage", info);
    },
    /** Set when a new service worker is waiting; the header offers "Reload". */
    setUpdateAvailable(available: boolean): void {
      if (state.ui.updateAvailable !== available) setState("ui", "updateAvailable", available);
    },
  };
}
