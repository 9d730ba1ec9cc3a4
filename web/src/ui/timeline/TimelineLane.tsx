import { For, createMemo, type JSX } from "solid-js";
import type { TrackId } from "@milimo/shared/schema";
import type { TrimEdge } from "@milimo/shared/timeline";
import { useStudio } from "../../store/context";
import { placementsInRange, selectTimeline } from "../../store/selectors";
import type { DragGhost } from "./clip-gestures";
import { TimelineClip } from "./TimelineClip";

/** dataTransfer type the media library sets when a media item is dragged (value: the media id). */
export const MEDIA_DRAG_TYPE = "application/x-milimo-media";

export interface TimelineLaneProps {
  track: TrackId;
  pxPerFrame: () => number;
  /** Visible frames [from, to), with some overscan. */
  visible: () => { fromFrame: number; toFrame: number };
  ghost: () => DragGhost | null;
  thumbnailUrl: (mediaId: string) => string | null;
  frameAtClientX: (clientX: number) => number;
  onDropMedia: (args: { mediaId: string; track: TrackId; frame: number }) => void;
  onClipPointerDown: (event: PointerEvent, itemId: string) => void;
  onTrimPointerDown: (event: PointerEvent, itemId: string, edge: TrimEdge) => void;
  ref: (el: HTMLDivElement) => void;
}

/** One track's lane: only the clips inside the visible window are in the DOM (1,000-item projects). */
export function TimelineLane(props: TimelineLaneProps): JSX.Element {
  const { state } = useStudio();
  const selectors = selectTimeline(state);
  const track = () => state.tracks.timeline.tracks.find(t => t.id === props.track);
  const visibleIds = createMemo(
    () => {
      const { fromFrame, toFrame } = props.visible();
      const ids = placementsInRange({
        placements: selectors.placements()[props.track],
        magnetic: props.track === "V1",
        fromFrame,
        toFrame,
      }).map(p => p.item.id);
      // The clip being dragged stays mounted even when it leaves the window.
      const dragged = props.ghost()?.itemId;
      if (
        dragged &&
        !ids.includes(dragged) &&
        selectors.placementById().get(dragged)?.item.track === props.track
      ) {
        ids.push(dragged);
      }
      return ids;
    },
    [],
    { equals: (a, b) => a.length === b.length && a.every((id, k) => id === b[k]) },
  );

  const accepts = (event: DragEvent) =>
    event.dataTransfer?.types.includes(MEDIA_DRAG_TYPE) ?? false;

  return (
    <div
      ref={el => props.ref(el)}
      class="tl-lane"
      classList={{
        "tl-lane--locked": track()?.locked,
        "tl-lane--hidden": track()?.hidden,
        "tl-lane--audio": props.track === "A1",
      }}
      data-testid={`track-lane-${props.track}`}
      data-track={props.track}
      onDragOver={e => {
        if (!accepts(e) || track()?.locked) return;
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
      }}
      onDrop={e => {
        if (!accepts(e)) return;
        e.preventDefault();
        const mediaId = e.dataTransfer?.getData(MEDIA_DRAG_TYPE);
        if (mediaId)
          props.onDropMedia({
            mediaId,
            track: props.track,
            frame: props.frameAtClientX(e.clientX),
          });
      }}
    >
      <For each={visibleIds()}>
        {id => (
          <TimelineClip
            itemId={id}
            pxPerFrame={props.pxPerFrame}
            ghost={props.ghost}
            thumbnailUrl={props.thumbnailUrl}
            onClipPointerDown={props.onClipPointerDown}
            onTrimPointerDown={props.onTrimPointerDown}
          />
        )}
      </For>
    </div>
  );
}
