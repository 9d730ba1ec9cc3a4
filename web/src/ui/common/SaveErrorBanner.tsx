import { Show, createSignal, type JSX } from "solid-js";
import { useStudio } from "../../store/context";
import { downloadBlob } from "./download";
import { ErrorBanner } from "./ErrorBanner";

/**
 * Shown while autosave cannot write (e.g. STORAGE_FULL). The edits are still in memory; the user
 * can retry now or export the project to a file. Stays until a write succeeds.
 */
export function SaveErrorBanner(): JSX.Element {
  const { state, actions } = useStudio();
  const [busy, setBusy] = createSignal(false);
  const retry = async () => {
    setBusy(true);
    try {
      await actions.project.save();
      actions.ui.notify({ kind: "success", title: "Saved" });
    } catch {
      // The banner keeps showing the current error; nothing else to say.
    } finally {
      setBusy(false);
    }
  };
  const exportNow = async () => {
    const project = state.project.current;
    if (!project) return;
    try {
      // Export reads IndexedDB, which may be what is failing; the file then says why.
      const { blob, fileName } = await actions.project.exportFile(project.id);
      downloadBlob(blob, fileName);
    } catch (error) {
      actions.ui.notifyError(error);
    }
  };
  return (
    <ErrorBanner notice={state.ui.save.error} testId="save-error-banner">
      <Show when={state.ui.save.retryAt}>
        <span class="muted">Retrying automatically…</span>
      </Show>
      <button type="button" class="button" disabled={busy()} onClick={() => void retry()}>
        Retry now
      </button>
      <button type="button" class="button" onClick={() => void exportNow()}>
        Export project
      </button>
    </ErrorBanner>
  );
}
