/**
 * The media library (FEATURES §9): import by picker or by dropping files on the panel, search,
 * delete with a warning when clips use the file, drag items onto the timeline, and "Add to shot"
 * (an image or video as conditioning of the storyboard's selected shot in the Storyboard view, else
 * of the selected clip's shot).
 */
import { For, Show, createMemo, createSignal, type JSX } from "solid-js";
import type { MediaRecord } from "../../db/records";
import { useStudio } from "../../store/context";
import { selectTimeline } from "../../store/selectors";
import { ConfirmDialog } from "../common/ConfirmDialog";
import { addConditioning, noTargetHint, targetShotId } from "./add-to-shot";
import { MEDIA_DRAG_TYPE, MediaCard } from "./MediaCard";

const ACCEPT = "image/*,video/*,audio/*";

function hasFiles(event: DragEvent): boolean {
  const types = event.dataTransfer?.types;
  return (
    !!types && Array.from(types).includes("Files") && !Array.from(types).includes(MEDIA_DRAG_TYPE)
  );
}

/** "2 clips on the timeline use this file and will be removed. 1 shot refers to it…" */
export function usageWarning({ clips, shots }: { clips: number; shots: number }): string {
  const parts: string[] = [];
  if (clips > 0) {
    parts.push(
      clips === 1
        ? "1 clip on the timeline uses this file and will be removed."
        : `${clips} clips on the timeline use this file and will be removed.`,
    );
  }
  if (shots > 0) {
    parts.push(
      shots === 1
        ? "1 shot refers to it and will lose it."
        : `${shots} shots refer to it and will lose it.`,
    );
  }
  return parts.join(" ");
}

/** How many timeline clips use each media id. */
export function countClipsByMedia(
  items: readonly { mediaId: string | null }[],
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    if (item.mediaId) counts.set(item.mediaId, (counts.get(item.mediaId) ?? 0) + 1);
  }
  return counts;
}

function sameCounts(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, n] of a) if (b.get(id) !== n) return false;
  return true;
}

export function MediaLibrary(): JSX.Element {
  const { state, actions } = useStudio();
  const [query, setQuery] = createSignal("");
  const [dropping, setDropping] = createSignal(false);
  const [deleting, setDeleting] = createSignal<MediaRecord | null>(null);
  let input: HTMLInputElement | undefined;
  let dragDepth = 0;

  const items = createMemo(() => {
    const q = query().trim().toLowerCase();
    const all = state.project.media.order
      .map(id => state.project.media.byId[id])
      .filter((m): m is MediaRecord => m !== undefined);
    return q ? all.filter(m => m.name.toLowerCase().includes(q) || m.kind.startsWith(q)) : all;
  });
  // Reads the plain timeline snapshot (no per-item proxy reads on every drag frame), and keeps
  // the same map while the counts stay equal, so the cards don't update during a drag.
  const timeline = selectTimeline(state).timeline;
  const clipsUsing = createMemo(() => countClipsByMedia(timeline().items), new Map(), {
    equals: sameCounts,
  });

  const importFiles = async (files: readonly File[]) => {
    if (files.length === 0) return;
    try {
      const added = await actions.project.importMedia(files);
      if (added.length > 0) {
        actions.ui.notify({
          kind: "success",
          title: `Imported ${added.length} file${added.length === 1 ? "" : "s"}`,
        });
      }
    } catch (error) {
      actions.ui.notifyError(error);
    }
  };

  const confirmDelete = async () => {
    const media = deleting();
    setDeleting(null);
    if (!media) return;
    try {
      await actions.project.removeMedia(media.id);
    } catch (error) {
      actions.ui.notifyError(error);
    }
  };

  const targetShot = createMemo(() => {
    const id = targetShotId({
      view: state.ui.view,
      storyboardShotId: state.ui.selectedShotId,
      selection: state.playback.selection,
      items: timeline().items,
      shotExists: shotId => !!state.shots.byId[shotId],
    });
    return id ? (state.shots.byId[id] ?? null) : null;
  });
  const shotLabel = () => {
    const shot = targetShot();
    if (!shot) return null;
    const text = (shot.action || shot.prompt).trim();
    return text ? `“${text.length > 40 ? `${text.slice(0, 39)}…` : text}”` : "the selected shot";
  };
  const addToShot = (media: MediaRecord) => {
    const shot = targetShot();
    if (!shot) return;
    const result = addConditioning({ conditioning: shot.conditioning, mediaId: media.id });
    const update = result.ok
      ? actions.shot.update(shot.id, { conditioning: result.conditioning })
      : { ok: false as const, errors: { conditioning: result.reason } };
    if (update.ok) {
      actions.ui.notify({
        kind: "success",
        title: `Added “${media.name}” to the shot`,
        detail: "At frame 0, strength 0.8; adjust it in the inspector.",
      });
    } else {
      actions.ui.notify({
        kind: "error",
        title: "Couldn't add it to the shot",
        detail: Object.values(update.errors)[0] ?? "The shot did not accept it.",
      });
    }
  };

  const usage = () => {
    const media = deleting();
    return media ? actions.project.mediaUsage(media.id) : { clips: 0, shots: 0 };
  };

  return (
    <section
      class="library"
      classList={{ "library-dropping": dropping() }}
      data-testid="media-library"
      onDragEnter={event => {
        if (!hasFiles(event)) return;
        dragDepth++;
        setDropping(true);
      }}
      onDragOver={event => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
      }}
      onDragLeave={event => {
        if (!hasFiles(event)) return;
        dragDepth = Math.max(0, dragDepth - 1);
        if (dragDepth === 0) setDropping(false);
      }}
      onDrop={event => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        dragDepth = 0;
        setDropping(false);
        void importFiles(Array.from(event.dataTransfer?.files ?? []));
      }}
    >
      <header class="panel-header">
        <h2>Media</h2>
        <button
          type="button"
          class="button button-primary"
          data-testid="import-media"
          disabled={state.project.importing !== null}
          onClick={() => input?.click()}
        >
          Import
        </button>
        <input
          ref={element => (input = element)}
          type="file"
          multiple
          hidden
          accept={ACCEPT}
          data-testid="import-media-input"
          onChange={event => {
            const files = Array.from(event.currentTarget.files ?? []);
            event.currentTarget.value = "";
            void importFiles(files);
          }}
        />
      </header>
      <input
        class="library-search"
        type="search"
        placeholder="Search media"
        aria-label="Search media"
        data-testid="media-search"
        value={query()}
        onInput={event => setQuery(event.currentTarget.value)}
      />
      <Show when={state.project.importing}>
        {progress => (
          <p class="library-progress" role="status" data-testid="media-importing">
            Importing {Math.min(progress().done + 1, progress().total)} of {progress().total}…
          </p>
        )}
      </Show>
      <Show
        when={items().length > 0}
        fallback={
          <div class="library-empty">
            <Show
              when={query()}
              fallback={<p>Drop images, videos or audio here, or click Import.</p>}
            >
              <p>No media matches “{query()}”.</p>
            </Show>
          </div>
        }
      >
        <ul class="media-list" data-testid="media-list">
          <For each={items()}>
            {media => (
              <MediaCard
                media={media}
                thumbnailUrl={state.project.urls[media.id]?.thumbnail}
                fps={state.project.current?.fps ?? 25}
                usedBy={clipsUsing().get(media.id) ?? 0}
                onDelete={() => setDeleting(media)}
                addToShot={{
                  shotLabel: shotLabel(),
                  noTargetHint: noTargetHint(state.ui.view),
                  onAdd: () => addToShot(media),
                }}
              />
            )}
          </For>
        </ul>
      </Show>
      <Show when={dropping()}>
        <div class="library-drop-hint" aria-hidden="true">
          Drop to import
        </div>
      </Show>
      <ConfirmDialog
        open={deleting() !== null}
        title={`Delete “${deleting()?.name ?? ""}”?`}
        confirmLabel={usage().clips > 0 ? "Delete file and clips" : "Delete file"}
        danger
        onConfirm={() => void confirmDelete()}
        onCancel={() => setDeleting(null)}
      >
        <Show
          when={usage().clips > 0 || usage().shots > 0}
          fallback={<p>The file is removed from this project's library.</p>}
        >
          <p class="warning" data-testid="media-in-use-warning">
            {usageWarning(usage())}
          </p>
          <p class="muted">Undo brings the clips back, but not the file.</p>
        </Show>
      </ConfirmDialog>
    </section>
  );
}
