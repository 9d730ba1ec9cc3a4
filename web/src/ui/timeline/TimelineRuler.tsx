import { For, Show, createMemo, type JSX } from "solid-js";
import { formatTimecode } from "@milimo/shared/timeline";
import { useStudio } from "../../store/context";
import { selectTimeline } from "../../store/selectors";
import { chooseTickStepFrames, listRulerTicks } from "./ruler-ticks";

export interface TimelineRulerProps {
  pxPerFrame: () => number;
  visible: () => { fromFrame: number; toFrame: number };
  frameAtClientX: (clientX: number) => number;
}

/** Ruler with an adaptive grid and markers; press and drag on it to scrub the playhead. */
export function TimelineRuler(props: TimelineRulerProps): JSX.Element {
  const { state, actions } = useStudio();
  const selectors = selectTimeline(state);
  const stepFrames = createMemo(() =>
    chooseTickStepFrames({ pxPerSecond: state.playback.pxPerSecond, fps: selectors.fps() }),
  );
  // Keyed by frame number, so scrolling reuses tick elements instead of re-creating them.
  const ticks = createMemo(() =>
    listRulerTicks({ ...rangeOf(props.visible()), stepFrames: stepFrames() }).map(t => t.frame),
  );
  const label = (frame: number) => {
    const fps = selectors.fps();
    const tc = formatTimecode(frame, fps);
    // Whole seconds read as MM:SS (or H:MM:SS); sub-second steps keep the frame field.
    if (stepFrames() % fps !== 0) return tc.slice(3);
    return tc.startsWith("00:") ? tc.slice(3, 8) : tc.slice(0, 8);
  };

  const scrubTo = (event: PointerEvent) =>
    actions.playback.seek(props.frameAtClientX(event.clientX));

  return (
    <div
      class="tl-ruler"
      data-testid="timeline-ruler"
      onPointerDown={e => {
        if (e.button !== 0) return;
        (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
        scrubTo(e);
      }}
      onPointerMove={e => {
        if ((e.currentTarget as HTMLElement).hasPointerCapture(e.pointerId)) scrubTo(e);
      }}
    >
      <For each={ticks()}>
        {frame => (
          <div
            class="tl-ruler__tick"
            classList={{ "tl-ruler__tick--major": frame % stepFrames() === 0 }}
            style={{ transform: `translateX(${frame * props.pxPerFrame()}px)` }}
          >
            <Show when={frame % stepFrames() === 0}>
              <span class="tl-ruler__label">{label(frame)}</span>
            </Show>
          </div>
        )}
      </For>
      <For each={state.tracks.timeline.markers}>
        {frame => (
          <div
            class="tl-ruler__marker"
            data-testid="timeline-marker"
            data-frame={frame}
            style={{ transform: `translateX(${frame * props.pxPerFrame()}px)` }}
          />
        )}
      </For>
    </div>
  );
}

function rangeOf(visible: { fromFrame: number; toFrame: number }) {
  return { fromFrame: visible.fromFrame, toFrame: visible.toFrame };
}
