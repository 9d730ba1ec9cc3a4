/**
 * The project list (FEATURES §1): create, open, rename, duplicate, delete (confirmed), export to a
 * file and import one; sorted by last opened, live from IndexedDB.
 */
import { For, Show, createSignal, onCleanup, onMount, type JSX } from "solid-js";
import { PROJECT_FILE_EXTENSION } from "../../db/project-file";
import type { ProjectSummary } from "../../db/live-queries";
import { useStudio } from "../../store/context";
import { ConfirmDialog } from "../common/ConfirmDialog";
import { downloadBlob } from "../common/download";
import { formatRelativeTime } from "../common/format";
import { ServerIndicator } from "../common/ServerIndicator";
import { StorageUsage } from "../common/StorageUsage";
import { NewProjectDialog } from "./NewProjectDialog";

function ProjectRow(props: {
  project: ProjectSummary;
  onOpen: () => void;
  onDelete: () => void;
}): JSX.Element {
  const { actions, state } = useStudio();
  const [renaming, setRenaming] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (failure) {
      actions.ui.notifyError(failure);
    } finally {
      setBusy(false);
    }
  };

  const rename = (projectId: string, input: HTMLInputElement) =>
    run(async () => {
      const result = await actions.project.rename(projectId, input.value);
      if (result.ok) {
        setRenaming(false);
        setError(null);
      } else setError(result.errors.name ?? "Invalid name");
    });

  return (
    <li class="project-row" data-testid="project-row" data-project-id={props.project.id}>
      <Show
        when={renaming()}
        fallback={
          <button
            type="button"
            class="project-open"
            data-testid="open-project"
            onClick={() => props.onOpen()}
          >
            <span class="project-row-name" data-testid="project-row-name">
              {props.project.name}
            </span>
            <span class="muted">
              {props.project.width}×{props.project.height} · {props.project.fps} fps · opened{" "}
              {formatRelativeTime(props.project.lastOpenedAt, Date.now())}
            </span>
          </button>
        }
      >
        <form
          class="project-rename"
          onSubmit={event => {
            event.preventDefault();
            const input = event.currentTarget.elements.namedItem("name") as HTMLInputElement;
            void rename(props.project.id, input);
          }}
        >
          <input
            name="name"
            value={props.project.name}
            data-testid="rename-input"
            aria-label="New name"
            autofocus
          />
          <button type="submit" class="button button-primary" disabled={busy()}>
            Rename
          </button>
          <button type="button" class="button" onClick={() => setRenaming(false)}>
            Cancel
          </button>
          <Show when={error()}>
            <span class="field-error">{error()}</span>
          </Show>
        </form>
      </Show>
      <div class="project-row-actions">
        <button
          type="button"
          class="button button-quiet"
          data-testid="rename-project"
          onClick={() => setRenaming(true)}
        >
          Rename
        </button>
        <button
          type="button"
          class="button button-quiet"
          data-testid="duplicate-project"
          disabled={busy()}
          onClick={() =>
            void run(async () => {
              await actions.project.duplicate(props.project.id);
              actions.ui.notify({ kind: "success", title: `Duplicated “${props.project.name}”` });
            })
          }
        >
          Duplicate
        </button>
        <button
          type="button"
          class="button button-quiet"
          data-testid="export-project-row"
          disabled={busy()}
          onClick={() =>
            void run(async () => {
              const { blob, fileName } = await actions.project.exportFile(props.project.id);
              downloadBlob(blob, fileName);
            })
          }
        >
          Export
        </button>
        <button
          type="button"
          class="button button-quiet button-danger-text"
          data-testid="delete-project"
          disabled={busy() || state.project.current?.id === props.project.id}
          onClick={() => props.onDelete()}
        >
          Delete
        </button>
      </div>
    </li>
  );
}

/** The start page: every project in this browser. */
export function ProjectManager(props: {
  onOpen: (projectId: string) => void;
  onSettings: () => void;
}): JSX.Element {
  const { state, actions } = useStudio();
  const [creating, setCreating] = createSignal(false);
  const [deleting, setDeleting] = createSignal<ProjectSummary | null>(null);
  const [importing, setImporting] = createSignal(false);
  let fileInput: HTMLInputElement | undefined;

  onMount(() => {
    const stop = actions.project.watchList();
    onCleanup(stop);
    void actions.project.refreshStorage();
  });

  const create = async (init: Parameters<typeof actions.project.create>[0]) => {
    try {
      const id = await actions.project.create(init);
      setCreating(false);
      props.onOpen(id);
    } catch (error) {
      actions.ui.notifyError(error);
    }
  };

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    setImporting(true);
    try {
      const id = await actions.project.importFile(file);
      actions.ui.notify({ kind: "success", title: `Imported “${file.name}”` });
      props.onOpen(id);
    } catch (error) {
      actions.ui.notifyError(error);
    } finally {
      setImporting(false);
      if (fileInput) fileInput.value = "";
    }
  };

  const confirmDelete = async () => {
    const project = deleting();
    setDeleting(null);
    if (!project) return;
    try {
      await actions.project.remove(project.id);
      actions.ui.notify({ kind: "info", title: `Deleted “${project.name}”` });
    } catch (error) {
      actions.ui.notifyError(error);
    }
  };

  return (
    <div class="project-manager" data-testid="project-manager">
      <header class="pm-header">
        <h1>Milimo Studio</h1>
        <div class="header-spacer" />
        <StorageUsage />
        <ServerIndicator onClick={() => props.onSettings()} />
        <button
          type="button"
          class="icon-button"
          aria-label="Settings"
          title="Settings"
          onClick={() => props.onSettings()}
        >
          ⚙
        </button>
      </header>
      <div class="pm-toolbar">
        <button
          type="button"
          class="button button-primary"
          data-testid="new-project"
          onClick={() => setCreating(true)}
        >
          New project
        </button>
        <button
          type="button"
          class="button"
          data-testid="import-project"
          disabled={importing()}
          onClick={() => fileInput?.click()}
        >
          {importing() ? "Importing…" : "Import project file"}
        </button>
        <input
          ref={element => (fileInput = element)}
          type="file"
          hidden
          accept={`${PROJECT_FILE_EXTENSION},application/zip,application/x-milimo-project`}
          data-testid="import-project-input"
          onChange={event => void importFile(event.currentTarget.files?.[0])}
        />
      </div>
      <Show
        when={state.project.list.length > 0}
        fallback={
          <Show when={state.project.listLoaded}>
            <div class="pm-empty" data-testid="no-projects">
              <p>No projects yet.</p>
              <p class="muted">
                Create one, or import a project file exported from another machine.
              </p>
            </div>
          </Show>
        }
      >
        <ul class="project-list" data-testid="project-list">
          <For each={state.project.list}>
            {project => (
              <ProjectRow
                project={project}
                onOpen={() => props.onOpen(project.id)}
                onDelete={() => setDeleting(project)}
              />
            )}
          </For>
        </ul>
      </Show>
      <NewProjectDialog open={creating()} onClose={() => setCreating(false)} onCreate={create} />
      <ConfirmDialog
        open={deleting() !== null}
        title={`Delete “${deleting()?.name ?? ""}”?`}
        confirmLabel="Delete project"
        danger
        onConfirm={() => void confirmDelete()}
        onCancel={() => setDeleting(null)}
      >
        <p>
          Its shots, timeline, elements and imported media are removed from this browser. This
          cannot be undone.
        </p>
        <p class="muted">To keep a copy, cancel and use Export first.</p>
      </ConfirmDialog>
    </div>
  );
}
