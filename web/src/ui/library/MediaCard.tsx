import { Show, type JSX } from "solid-js";
import type { MediaRecord } from "../../db/records";
import { formatBytes, formatDurationFrames } from "../common/format";
import { Waveform } from "./Waveform";
import "./library.css";

/** MIME type of a library drag; the timeline's drop handler reads the media id from it. */
export const MEDIA_DRAG_TYPE = "application/x-milimo-media";

const KIND_LABEL = { image: "Image", video: "Video", audio: "Audio" } as const;

/** One library item: thumbnail or waveform, name, length; draggable onto the timeline. */
export function MediaCard(props: {
  media: MediaRecord;
  thumbnailUrl: string | undefined;
  fps: number;
  usedBy: number;
  onDelete: () => void;
  /** "Add to shot" (images and videos): null when no shot is selected. */
  addToShot?: { shotLabel: string | null; noTargetHint: string; onAdd: () => void };
}): JSX.Element {
  const onDragStart = (event: DragEvent) => {
    if (!event.dataTransfer) return;
    event.dataTransfer.setData(MEDIA_DRAG_TYPE, props.media.id);
    event.dataTransfer.setData("text/plain", props.media.name);
    event.dataTransfer.effectAllowed = "copy";
  };
  return (
    <li
      class="media-card"
      draggable="true"
      onDragStart={onDragStart}
      data-testid="media-item"
      data-media-id={props.media.id}
      data-kind={props.media.kind}
      title={`${props.media.name} — drag onto the timeline`}
    >
      <div class="media-thumb" data-kind={props.media.kind}>
        <Show
          when={props.thumbnailUrl}
          fallback={
            <Show
              when={props.media.peaks}
              fallback={<span class="media-kind-badge">{KIND_LABEL[props.media.kind]}</span>}
            >
              {peaks => <Waveform peaks={peaks()} />}
            </Show>
          }
        >
          {url => <img src={url()} alt="" draggable={false} data-testid="media-thumbnail" />}
        </Show>
        <Show when={props.media.durationFrames !== null}>
          <span class="media-duration" data-testid="media-duration">
            {formatDurationFrames(props.media.durationFrames ?? 0, props.fps)}
          </span>
        </Show>
      </div>
      <div class="media-meta">
        <span class="media-name" data-testid="media-name">
          {props.media.name}
        </span>
        <span class="media-detail">
          {KIND_LABEL[props.media.kind]}
          <Show when={props.media.width && props.media.height}>
            {" "}
            · {props.media.width}×{props.media.height}
          </Show>
        </span>
        <span class="media-detail">
          {formatBytes(props.media.bytes)}
          <Show when={props.usedBy > 0}>
            <span
              class="media-used"
              data-testid="media-used"
              title={`${props.usedBy} clip${props.usedBy === 1 ? "" : "s"} on the timeline`}
            >
              on timeline{props.usedBy > 1 ? ` ×${props.usedBy}` : ""}
            </span>
          </Show>
        </span>
      </div>
      <Show when={props.media.kind !== "audio" ? props.addToShot : undefined}>
        {add => (
          <button
            type="button"
            class="media-add-shot"
            data-testid="media-add-to-shot"
            disabled={add().shotLabel === null}
            title={
              add().shotLabel === null
                ? add().noTargetHint
                : `Add to ${add().shotLabel} as conditioning at frame 0 (strength 0.8)`
            }
            onClick={() => add().onAdd()}
          >
            Add to shot
          </button>
        )}
      </Show>
      <button
        type="button"
        class="icon-button media-delete"
        aria-label={`Delete ${props.media.name}`}
        title="Delete from library"
        data-testid="delete-media"
        onClick={() => props.onDelete()}
      >
        ×
      </button>
    </li>
  );
}
