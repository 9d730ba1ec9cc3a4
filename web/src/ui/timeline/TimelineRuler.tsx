import { For, Show, createMemo, createSignal, onCleanup, onMount, type JSX } from "solid-js";
import { Portal } from "solid-js/web";
import { formatTimecode } from "@milimo/shared/timeline";
import { useStudio } from "../../store/context";
import { selectTimeline } from "../../store/selectors";
import { chooseTickStepFrames, listRulerTicks } from "./ruler-ticks";

export interface TimelineRulerProps {
  pxPerFrame: () => number;
  visible: () => { fromFrame: number; toFrame: number };
  frameAtClientX: (clientX: number) => number;
}

/**
 * Ruler with an adaptive grid and markers; press and drag on it to scrub the playhead. A marker
 * is a button: click goes to it, Delete/Backspace or its context menu removes it (undoable).
 */
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

  const [menu, setMenu] = createSignal<{ frame: number; x: number; y: number } | null>(null);

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
          <button
            type="button"
            class="tl-ruler__marker"
            data-testid="timeline-marker"
            data-frame={frame}
            aria-label={`Marker at ${formatTimecode(frame, selectors.fps())}`}
            title={`Marker at ${formatTimecode(frame, selectors.fps())} — click to go there; Delete or right-click to remove`}
            style={{ transform: `translateX(${frame * props.pxPerFrame()}px)` }}
            // Its own click: the ruler underneath would scrub to the pointer instead.
            onPointerDown={e => e.stopPropagation()}
            onClick={() => actions.playback.seek(frame)}
            onKeyDown={e => {
              if (e.key !== "Delete" && e.key !== "Backspace") return;
              // Handled here, so the editor's Delete doesn't also delete the selected clips.
              e.preventDefault();
              actions.track.removeMarker(frame);
            }}
            onContextMenu={e => {
              e.preventDefault();
              setMenu({ frame, x: e.clientX, y: e.clientY });
            }}
          />
        )}
      </For>
      <Show when={menu()}>
        {m => (
          <MarkerMenu
            x={m().x}
            y={m().y}
            onGoTo={() => actions.playback.seek(m().frame)}
            onRemove={() => actions.track.removeMarker(m().frame)}
            onClose={() => setMenu(null)}
          />
        )}
      </Show>
    </div>
  );
}

/** The marker's context menu: go to it, or remove it; closes on a choice, Escape or a click outside. */
function MarkerMenu(props: {
  x: number;
  y: number;
  onGoTo: () => void;
  onRemove: () => void;
  onClose: () => void;
}): JSX.Element {
  let menu: HTMLDivElement | undefined;
  onMount(() => {
    menu?.querySelector<HTMLButtonElement>("button")?.focus();
    const outside = (event: PointerEvent) => {
      if (!menu?.contains(event.target as Node)) props.onClose();
    };
    const escape = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      props.onClose();
    };
    window.addEventListener("pointerdown", outside, true);
    window.addEventListener("keydown", escape, true);
    onCleanup(() => {
      window.removeEventListener("pointerdown", outside, true);
      window.removeEventListener("keydown", escape, true);
    });
  });
  return (
    <Portal>
      <div
        ref={el => (menu = el)}
        class="tl-menu"
        role="menu"
        data-testid="marker-menu"
        style={{ left: `${props.x}px`, top: `${props.y}px` }}
        // Solid delivers a portal's events to its owner too: the ruler would scrub (and capture
        // the pointer, swallowing the click) under the menu.
        onPointerDown={e => e.stopPropagation()}
      >
        <button
          type="button"
          role="menuitem"
          onClick={() => {
            props.onGoTo();
            props.onClose();
          }}
        >
          Go to marker
        </button>
        <button
          type="button"
          role="menuitem"
          data-testid="marker-remove"
          onClick={() => {
            props.onRemove();
            props.onClose();
          }}
        >
          Remove marker
        </button>
      </div>
    </Portal>
  );
}

function rangeOf(visible: { fromFrame: number; toFrame: number }) {
  return { fromFrame: visible.fromFrame, toFrame: visible.toFrame };
}
