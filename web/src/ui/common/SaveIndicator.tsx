import { createMemo, type JSX } from "solid-js";
import { useStudio } from "../../store/context";

/** "Saved" / "Saving…" / "Unsaved changes" / "Not saved" next to the project name. */
export function SaveIndicator(): JSX.Element {
  const { state } = useStudio();
  const view = createMemo(() => {
    switch (state.ui.save.state) {
      case "saved":
        return { label: "Saved", title: "All changes are stored in this browser." };
      case "saving":
        return { label: "Saving…", title: "Writing changes to this browser's storage." };
      case "pending":
        return { label: "Unsaved changes", title: "Saving in a moment (Ctrl+S saves now)." };
      case "error":
        return { label: "Not saved", title: state.ui.save.error?.title ?? "Saving failed." };
      default:
        return { label: "", title: "" };
    }
  });
  return (
    <span
      class="save-indicator"
      data-testid="save-status"
      data-state={state.ui.save.state}
      title={view().title}
      aria-live="polite"
    >
      {view().label}
    </span>
  );
}
