/**
 * The clip's masks in the inspector (FEATURES §8): the masks saved on it (frame, delete) and its
 * tracked objects (colour swatch that cycles the 8 colours, editable name, frame count, keyframes,
 * select for correcting in the player, delete), and "Export masks" (a ZIP of PNGs + manifest).
 * Every edit is a mask action, so it is one undo entry and a locked track refuses it.
 */
import { For, Show, createSignal, type JSX } from "solid-js";
import { trackColorCss, type Mask } from "@milimo/shared/sam";
import { TRACK_COLOR_COUNT, type TimelineItem, type TrackedObject } from "@milimo/shared/schema";
import { exportMasksZip, masksZipName } from "../../masks/export-masks";
import { selectMedia } from "../../playback/studio-media";
import { useStudio } from "../../store/context";
import { selectMaskSelection } from "../../store/slices/mask";

/** Saves a Blob as a download named `fileName`. */
function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy once the click returns; a later revoke is only cleanup.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function InspectorMasks(props: { item: TimelineItem; locked: boolean }): JSX.Element {
  const { state, actions } = useStudio();
  const [exporting, setExporting] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  // Through the store proxy: the inspector's `item` is the selectors' plain object, which mask
  // edits mutate in place without a new reference.
  const live = () => state.tracks.timeline.items.find(item => item.id === props.item.id);
  const masks = () => live()?.masks ?? [];
  const objects = () => live()?.trackedObjects ?? [];
  const selectedId = () => {
    const selection = selectMaskSelection(state);
    return selection?.itemId === props.item.id ? selection.objectId : null;
  };
  const ids = (object: TrackedObject) => ({ itemId: props.item.id, objectId: object.id });

  const exportMasks = async () => {
    setError(null);
    setExporting(true);
    try {
      const loaded: { object: TrackedObject; masks: ReadonlyMap<number, Mask> }[] = [];
      for (const object of objects()) {
        const read = await actions.mask.readTracked(object);
        if (!read) throw new Error(`The masks of “${object.name}” are missing from this browser.`);
        loaded.push({ object, masks: read });
      }
      const media = props.item.mediaId ? selectMedia(state, props.item.mediaId) : undefined;
      const clip = media?.name ?? props.item.label ?? "clip";
      const project = state.project.current;
      const blob = await exportMasksZip({
        clip,
        fps: project?.fps ?? 25,
        width: media?.width ?? project?.width ?? 0,
        height: media?.height ?? project?.height ?? 0,
        objects: loaded,
      });
      downloadBlob(blob, masksZipName(clip));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setExporting(false);
    }
  };

  return (
    <section class="insp__section" data-testid="inspector-masks">
      <h3>Masks</h3>
      <Show when={masks().length === 0 && objects().length === 0}>
        <p class="insp__note">No masks yet: use Mask on the player to draw, save or track one.</p>
      </Show>
      <Show when={masks().length > 0}>
        <ul class="insp__list" aria-label="Saved masks">
          <For each={masks()}>
            {mask => (
              <li class="insp__row" data-testid="inspector-mask" data-frame={String(mask.frame)}>
                <span class="insp__grow">Mask · frame {mask.frame}</span>
                <button
                  type="button"
                  data-testid="inspector-mask-delete"
                  disabled={props.locked}
                  aria-label={`Delete the mask on frame ${mask.frame}`}
                  onClick={() =>
                    actions.mask.deleteMask({ itemId: props.item.id, maskId: mask.id })
                  }
                >
                  Delete
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={objects().length > 0}>
        <ul class="insp__list" aria-label="Tracked objects">
          <For each={objects()}>
            {object => (
              <li
                class="insp__row insp__object"
                classList={{ "insp__object--selected": selectedId() === object.id }}
                data-testid="inspector-object"
                data-object-id={object.id}
                data-color={String(object.color)}
              >
                <button
                  type="button"
                  class="insp__swatch"
                  data-testid="inspector-object-color"
                  disabled={props.locked}
                  style={{ background: trackColorCss({ index: object.color }) }}
                  title="Change colour"
                  aria-label={`Colour of ${object.name}: change`}
                  onClick={() =>
                    actions.mask.recolorObject({
                      ...ids(object),
                      color: (object.color + 1) % TRACK_COLOR_COUNT,
                    })
                  }
                />
                <input
                  class="insp__grow"
                  data-testid="inspector-object-name"
                  aria-label="Object name"
                  maxLength={80}
                  disabled={props.locked}
                  value={object.name}
                  onChange={event => {
                    const input = event.currentTarget;
                    if (!actions.mask.renameObject({ ...ids(object), name: input.value })) {
                      input.value = object.name;
                    }
                  }}
                />
                <span class="insp__meta" data-testid="inspector-object-frames">
                  {object.frameCount} frames
                </span>
                <span class="insp__meta" data-testid="inspector-object-keyframes">
                  {object.keyframes.length > 0 ? `keys ${object.keyframes.join(", ")}` : "no keys"}
                </span>
                <button
                  type="button"
                  data-testid="inspector-object-select"
                  disabled={props.locked}
                  aria-pressed={selectedId() === object.id}
                  onClick={() =>
                    actions.mask.selectObject(selectedId() === object.id ? null : ids(object))
                  }
                >
                  {selectedId() === object.id ? "Selected" : "Select"}
                </button>
                <button
                  type="button"
                  data-testid="inspector-object-delete"
                  disabled={props.locked}
                  aria-label={`Delete ${object.name}`}
                  onClick={() => actions.mask.deleteObject(ids(object))}
                >
                  Delete
                </button>
              </li>
            )}
          </For>
        </ul>
        <button
          type="button"
          data-testid="inspector-masks-export"
          disabled={exporting()}
          onClick={() => void exportMasks()}
        >
          {exporting() ? "Exporting…" : "Export masks"}
        </button>
      </Show>
      <Show when={error()}>
        {text => (
          <p class="insp__error" role="alert" data-testid="inspector-masks-error">
            {text()}
          </p>
        )}
      </Show>
    </section>
  );
}
