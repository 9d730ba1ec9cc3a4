/**
 * App-wide keys (W1's share of the shortcuts): Ctrl/Cmd+Z undo, Ctrl/Cmd+Shift+Z and Ctrl/Cmd+Y
 * redo, Ctrl/Cmd+S save now with a "Saved" notice. Undo/redo leave text fields alone so typing
 * keeps the browser's own text undo; save works everywhere.
 */
import { onCleanup } from "solid-js";
import type { StudioActions } from "../store/create-studio-store";

/** What a key press means to the app shell, or null. */
export type AppCommand = "undo" | "redo" | "save";

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === "TEXTAREA") return true;
  if (target.tagName !== "INPUT") return false;
  return !["button", "checkbox", "radio", "range", "submit", "reset", "color", "file"].includes(
    (target as HTMLInputElement).type,
  );
}

/** Maps a key event to an app command (Ctrl on Windows/Linux, Cmd on macOS). */
export function appCommandForKey(
  event: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey" | "target">,
): AppCommand | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  const key = event.key.toLowerCase();
  if (key === "s") return "save";
  if (isTextField(event.target)) return null;
  if (key === "z") return event.shiftKey ? "redo" : "undo";
  if (key === "y" && !event.shiftKey) return "redo";
  return null;
}

/** Installs the app shortcuts on window for the life of the owner. */
export function createAppShortcuts(actions: StudioActions): void {
  const onKeyDown = (event: KeyboardEvent) => {
    const command = appCommandForKey(event);
    if (!command) return;
    event.preventDefault();
    switch (command) {
      case "undo":
        actions.history.undo();
        return;
      case "redo":
        actions.history.redo();
        return;
      case "save":
        actions.project.save().then(
          () => actions.ui.notify({ kind: "success", title: "Saved" }),
          (error: unknown) => actions.ui.notifyError(error),
        );
        return;
    }
  };
  window.addEventListener("keydown", onKeyDown);
  onCleanup(() => window.removeEventListener("keydown", onKeyDown));
}
