import { Show, createSignal, type JSX } from "solid-js";
import { useStudio } from "../store/context";
import { downloadBlob } from "../ui/common/download";
import { SaveIndicator } from "../ui/common/SaveIndicator";
import { ServerIndicator } from "../ui/common/ServerIndicator";
import { ExportDialog } from "../ui/export/ExportDialog";

const MOD =
  typeof navigator !== "undefined" && /Mac|iP(hone|ad)/.test(navigator.platform) ? "⌘" : "Ctrl+";

/** Header of an open project: back, name, save status, undo/redo, export, server, settings. */
export function StudioHeader(props: { onBack: () => void; onSettings: () => void }): JSX.Element {
  const { state, actions } = useStudio();
  const [nameError, setNameError] = createSignal<string | null>(null);
  const [exporting, setExporting] = createSignal(false);
  const [exportFilmOpen, setExportFilmOpen] = createSignal(false);

  const commitName = (input: HTMLInputElement) => {
    const name = input.value;
    if (name === state.project.current?.name) return;
    const result = actions.project.update({ name });
    if (result.ok) setNameError(null);
    else {
      setNameError(result.errors.name ?? "Invalid name");
      input.value = state.project.current?.name ?? "";
    }
  };

  const exportProject = async () => {
    const project = state.project.current;
    if (!project) return;
    setExporting(true);
    try {
      const { blob, fileName } = await actions.project.exportFile(project.id);
      downloadBlob(blob, fileName);
    } catch (error) {
      actions.ui.notifyError(error);
    } finally {
      setExporting(false);
    }
  };

  return (
    <header class="studio-header">
      <button
        type="button"
        class="button button-quiet"
        data-testid="back-to-projects"
        onClick={() => props.onBack()}
      >
        ← Projects
      </button>
      <div class="project-title">
        <input
          class="project-name-input"
          aria-label="Project name"
          data-testid="project-name"
          value={state.project.current?.name ?? ""}
          onChange={event => commitName(event.currentTarget)}
          onKeyDown={event => {
            if (event.key === "Enter") event.currentTarget.blur();
          }}
        />
        <Show when={nameError()}>
          <span class="field-error" role="alert">
            {nameError()}
          </span>
        </Show>
        <SaveIndicator />
      </div>
      <div class="header-group">
        <button
          type="button"
          class="icon-button"
          data-testid="undo"
          disabled={!actions.history.canUndo()}
          title={`Undo ${actions.history.undoLabel() ?? ""} (${MOD}Z)`}
          aria-label="Undo"
          onClick={() => actions.history.undo()}
        >
          ↶
        </button>
        <button
          type="button"
          class="icon-button"
          data-testid="redo"
          disabled={!actions.history.canRedo()}
          title={`Redo ${actions.history.redoLabel() ?? ""} (${MOD}Shift+Z)`}
          aria-label="Redo"
          onClick={() => actions.history.redo()}
        >
          ↷
        </button>
      </div>
      <div class="header-spacer" />
      <button
        type="button"
        class="button button-primary"
        data-testid="open-export"
        title="Render the film to a video file"
        onClick={() => setExportFilmOpen(true)}
      >
        Export film
      </button>
      <ExportDialog open={exportFilmOpen()} onClose={() => setExportFilmOpen(false)} />
      <button
        type="button"
        class="button"
        data-testid="export-project"
        disabled={exporting()}
        title="Save this project with its media as one file"
        onClick={() => void exportProject()}
      >
        {exporting() ? "Exporting…" : "Export project"}
      </button>
      <ServerIndicator onClick={() => props.onSettings()} />
      <button
        type="button"
        class="icon-button"
        aria-label="Settings"
        title="Settings"
        data-testid="open-settings"
        onClick={() => props.onSettings()}
      >
        ⚙
      </button>
    </header>
  );
}
