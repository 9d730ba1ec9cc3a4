import { Show, createMemo, type JSX } from "solid-js";
import type { TrimEdge } from "@milimo/shared/timeline";
import { useStudio } from "../../store/context";
import { selectTimeline } from "../../store/selectors";
import { Waveform } from "../library/Waveform";
import type { DragGhost } from "./clip-gestures";

export interface TimelineClipProps {
  itemId: string;
  pxPerFrame: () => number;
  ghost: () => DragGhost | null;
  thumbnailUrl: (mediaId: string) => string | null;
  onClipPointerDown: (event: PointerEvent, itemId: string) => void;
  onTrimPointerDown: (event: PointerEvent, itemId: string, edge: TrimEdge) => void;
}

/**
 * One clip, positioned with a CSS transform from the layout (never from the clock). It is keyed by
 * id, so edits update its transform and width instead of re-creating it.
 */
export function TimelineClip(props: TimelineClipProps): JSX.Element {
  const { state } = useStudio();
  const selectors = selectTimeline(state);
  const placement = createMemo(() => selectors.placementById().get(props.itemId));
  const startFrame = () => {
    const g = props.ghost();
    return g && g.itemId === props.itemId ? g.startFrame : (placement()?.startFrame ?? 0);
  };
  const durationFrames = () => {
    const p = placement();
    return p ? p.endFrame - p.startFrame : 0;
  };
  const item = () => placement()?.item;
  const shot = () => {
    const i = item();
    return i ? selectors.shotOf(i) : null;
  };
  const selected = () => selectors.isSelected(props.itemId);
  // The waveform of the part of the source the clip plays (peaks span the whole file).
  const peaks = () => {
    const i = item();
    const all =
      i?.track === "A1" && i.mediaId ? state.project.media.byId[i.mediaId]?.peaks : undefined;
    if (!i || !all || all.length === 0) return null;
    const from = Math.floor((i.trimIn / i.sourceFrames) * all.length);
    const to = Math.ceil(((i.sourceFrames - i.trimOut) / i.sourceFrames) * all.length);
    return all.slice(from, Math.max(from + 1, to));
  };
  const thumb = () => {
    const i = item();
    const mediaId = i?.mediaId ?? shot()?.thumbnailMediaId ?? null;
    return mediaId && i?.track !== "A1" ? props.thumbnailUrl(mediaId) : null;
  };

  return (
    <Show when={item()}>
      {i => (
        <div
          class="tl-clip"
          classList={{
            "tl-clip--selected": selected(),
            "tl-clip--audio": i().track === "A1",
            "tl-clip--dragging": props.ghost()?.itemId === props.itemId,
          }}
          data-testid="timeline-clip"
          data-item-id={props.itemId}
          data-track={i().track}
          data-start-frame={placement()?.startFrame}
          data-duration-frames={durationFrames()}
          data-selected={selected() ? "true" : "false"}
          style={{
            transform: `translateX(${startFrame() * props.pxPerFrame()}px)`,
            width: `${Math.max(2, durationFrames() * props.pxPerFrame())}px`,
          }}
          title={i().label ?? ""}
          onPointerDown={e => props.onClipPointerDown(e, props.itemId)}
        >
          <Show when={thumb()}>
            {url => (
              // A filmstrip: the poster frame repeated along the clip, drawn by CSS (no <img> per tile).
              <div
                class="tl-clip__thumb"
                data-testid="clip-thumbnail"
                style={{ "background-image": `url("${url()}")` }}
              />
            )}
          </Show>
          <Show when={peaks()}>{p => <Waveform peaks={p()} class="tl-clip__waveform" />}</Show>
          <span class="tl-clip__label">{i().label ?? shot()?.action ?? "Clip"}</span>
          <Show when={shot()}>
            {s => (
              <span
                class={`tl-clip__status tl-clip__status--${s().status}`}
                data-testid="clip-status"
              >
                {s().status}
              </span>
            )}
          </Show>
          <div
            class="tl-clip__handle tl-clip__handle--in"
            data-testid="trim-in"
            onPointerDown={e => props.onTrimPointerDown(e, props.itemId, "in")}
          />
          <div
            class="tl-clip__handle tl-clip__handle--out"
            data-testid="trim-out"
            onPointerDown={e => props.onTrimPointerDown(e, props.itemId, "out")}
          />
        </div>
      )}
    </Show>
  );
}
