/**
 * Editor keyboard shortcuts for the timeline and playback (FEATURES §6). Keys are ignored while
 * the user types in a field. Undo/redo and save (Ctrl/Cmd+Z/Y/S) belong to the app shell.
 */
import { onCleanup } from "solid-js";
import type { StudioActions, StudioState } from "../../store/create-studio-store";
import { selectTimeline } from "../../store/selectors";

/** An editor command a key maps to. */
export type EditorCommand =
  | { kind: "togglePlay" }
  | { kind: "shuttle"; direction: 1 | -1 }
  | { kind: "pause" }
  | { kind: "home" }
  | { kind: "end" }
  | { kind: "step"; frames: number }
  | { kind: "setInOut"; edge: "in" | "out" }
  | { kind: "split" }
  | { kind: "deleteSelection" }
  | { kind: "addMarker" }
  | { kind: "clearSelection" };

/** Whether the event comes from a place where keys are text (inputs, textareas, editable content). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag !== "INPUT") return false;
  // Buttons-like inputs don't take text; a range slider still wants its arrow keys.
  const type = (target as HTMLInputElement).type;
  return !["button", "checkbox", "radio", "submit", "reset", "color", "file"].includes(type);
}

/** The command for a key press, or null when the key isn't an editor shortcut. */
export function commandForKey(
  event: Pick<KeyboardEvent, "key" | "shiftKey" | "ctrlKey" | "metaKey" | "altKey">,
): EditorCommand | null {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (mod) return key === "k" && !event.altKey ? { kind: "split" } : null;
  if (event.altKey) return null;
  switch (key) {
    case " ":
      return { kind: "togglePlay" };
    case "j":
      return { kind: "shuttle", direction: -1 };
    case "k":
      return { kind: "pause" };
    case "l":
      return { kind: "shuttle", direction: 1 };
    case "Home":
      return { kind: "home" };
    case "End":
      return { kind: "end" };
    case "ArrowLeft":
      return { kind: "step", frames: event.shiftKey ? -10 : -1 };
    case "ArrowRight":
      return { kind: "step", frames: event.shiftKey ? 10 : 1 };
    case "i":
      return { kind: "setInOut", edge: "in" };
    case "o":
      return { kind: "setInOut", edge: "out" };
    case "s":
      return { kind: "split" };
    case "Delete":
    case "Backspace":
      return { kind: "deleteSelection" };
    case "m":
      return { kind: "addMarker" };
    case "Escape":
      return { kind: "clearSelection" };
    default:
      return null;
  }
}

/** Runs one editor command against the store. */
export function runEditorCommand(
  { state, actions }: { state: StudioState; actions: StudioActions },
  command: EditorCommand,
): void {
  switch (command.kind) {
    case "togglePlay":
      return actions.playback.togglePlay();
    case "shuttle":
      return actions.playback.shuttle(command.direction);
    case "pause":
      return actions.playback.pause();
    case "home":
      return actions.playback.seek(0);
    case "end":
      return actions.playback.seek(selectTimeline(state).durationFrames());
    case "step":
      return actions.playback.step(command.frames);
    case "setInOut": {
      const itemId = clipAtPlayhead(state);
      if (itemId) actions.track.setInOut({ itemId, edge: command.edge });
      return;
    }
    case "split":
      actions.track.split();
      return;
    case "deleteSelection":
      actions.track.deleteSelection();
      return;
    case "addMarker":
      return actions.track.addMarker();
    case "clearSelection":
      return actions.track.select({ itemIds: [] });
  }
}

/** I/O act on the selected clip under the playhead, else the V1 clip there (relative to that clip). */
function clipAtPlayhead(state: StudioState): string | null {
  const frame = state.playback.frame;
  const byId = selectTimeline(state).placementById();
  for (const id of state.playback.selection) {
    const p = byId.get(id);
    if (p && frame >= p.startFrame && frame <= p.endFrame) return id;
  }
  return selectTimeline(state).playingAt(frame).V1?.item.id ?? null;
}

/** Listens for editor keys on window while the owner lives. */
export function createEditorKeys(studio: { state: StudioState; actions: StudioActions }): void {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || isTypingTarget(event.target)) return;
    const command = commandForKey(event);
    if (!command) return;
    // Space would also scroll the page or press the focused button.
    event.preventDefault();
    runEditorCommand(studio, command);
  };
  window.addEventListener("keydown", onKeyDown);
  onCleanup(() => window.removeEventListener("keydown", onKeyDown));
}
