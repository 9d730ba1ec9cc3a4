/**
 * The timeline (DOM, CSS transforms, no canvas; ARCHITECTURE §3.3): ruler, lanes V1/V2/A1, playhead
 * and snap guide inside one horizontal scroller. Lanes render only the clips in a window around
 * the viewport, and clips read the layout, never the clock, so a 1,000-clip project scrolls, drags
 * and plays smoothly. Only <Playhead> and <TimelineTimecode> read `state.playback.frame`.
 */
import { For, Show, createMemo, createSignal, onCleanup, onMount, type JSX } from "solid-js";
import type { TrackId } from "@milimo/shared/schema";
import { ZOOM_MAX_PX_PER_SECOND, ZOOM_MIN_PX_PER_SECOND } from "@milimo/shared/timeline";
import { useStudio } from "../../store/context";
import { selectTimeline } from "../../store/selectors";
import { selectMedia, selectMediaUrl } from "../../playback/studio-media";
import { createEditorKeys } from "../editor/editor-keys";
import { createClipGestures } from "./clip-gestures";
import { Playhead, TimelineTimecode } from "./Playhead";
import { TimelineLane } from "./TimelineLane";
import { TimelineRuler } from "./TimelineRuler";
import { TimelineTrackHeader } from "./TimelineTrackHeader";
import "./timeline.css";

const TRACKS: readonly TrackId[] = ["V1", "V2", "A1"];
/** Room after the last clip so there is space to drop and drag past the end, in seconds. */
const TAIL_SECONDS = 10;
/** The visible window is snapped to chunks of this many viewport widths, so scrolling rarely re-filters. */
const WINDOW_CHUNK = 0.5;

/** Slider position (0..1000, logarithmic) <-> zoom in px/s. */
const zoomToSlider = (pxPerSecond: number) =>
  Math.round(
    (1000 * Math.log(pxPerSecond / ZOOM_MIN_PX_PER_SECOND)) /
      Math.log(ZOOM_MAX_PX_PER_SECOND / ZOOM_MIN_PX_PER_SECOND),
  );
const sliderToZoom = (value: number) =>
  ZOOM_MIN_PX_PER_SECOND * (ZOOM_MAX_PX_PER_SECOND / ZOOM_MIN_PX_PER_SECOND) ** (value / 1000);

export function Timeline(): JSX.Element {
  const { state, actions } = useStudio();
  const selectors = selectTimeline(state);
  const lanes = new Map<TrackId, HTMLElement>();
  let scroller: HTMLDivElement | undefined;

  const [scrollLeft, setScrollLeft] = createSignal(0);
  const [viewportWidth, setViewportWidth] = createSignal(1200);
  const pxPerFrame = createMemo(() => state.playback.pxPerSecond / selectors.fps());
  const contentWidth = () =>
    Math.max(
      viewportWidth(),
      (selectors.durationFrames() + TAIL_SECONDS * selectors.fps()) * pxPerFrame(),
    );
  const visible = createMemo(
    () => {
      const chunk = Math.max(1, viewportWidth() * WINDOW_CHUNK);
      const fromPx = Math.floor(scrollLeft() / chunk) * chunk - chunk;
      const toPx = fromPx + viewportWidth() + 3 * chunk;
      return {
        fromFrame: Math.max(0, Math.floor(fromPx / pxPerFrame())),
        toFrame: Math.ceil(toPx / pxPerFrame()),
      };
    },
    { fromFrame: 0, toFrame: 0 },
    { equals: (a, b) => a.fromFrame === b.fromFrame && a.toFrame === b.toFrame },
  );

  const frameAtClientX = (clientX: number) => {
    const left = scroller?.getBoundingClientRect().left ?? 0;
    return Math.max(0, Math.round((clientX - left + (scroller?.scrollLeft ?? 0)) / pxPerFrame()));
  };

  const gestures = createClipGestures({
    state,
    actions,
    selectors,
    pxPerFrame,
    laneOf: track => lanes.get(track),
    onMeasure: ms => {
      if (import.meta.env.VITE_E2E === "1")
        performance.measure("studio-drag", { start: performance.now() - ms, duration: ms });
    },
  });
  createEditorKeys({ state, actions });

  onMount(() => {
    if (!scroller) return;
    const el = scroller;
    setViewportWidth(el.clientWidth || 1200);
    const observer = new ResizeObserver(() => setViewportWidth(el.clientWidth || 1200));
    observer.observe(el);
    // Ctrl/Cmd+wheel zooms around the pointer; a passive listener could not stop the page zoom.
    const onWheel = (event: WheelEvent) => {
      if (!event.ctrlKey && !event.metaKey) return;
      event.preventDefault();
      const x = event.clientX - el.getBoundingClientRect().left;
      const frame = (el.scrollLeft + x) / pxPerFrame();
      actions.playback.zoomBy(event.deltaY < 0 ? 1 : -1);
      el.scrollLeft = frame * pxPerFrame() - x;
      setScrollLeft(el.scrollLeft);
    };
    el.addEventListener("wheel", onWheel, { passive: false });
    onCleanup(() => {
      observer.disconnect();
      el.removeEventListener("wheel", onWheel);
    });
  });

  const dropMedia = ({
    mediaId,
    track,
    frame,
  }: {
    mediaId: string;
    track: TrackId;
    frame: number;
  }) => {
    const media = selectMedia(state, mediaId);
    if (!media) return;
    const id = actions.track.addMedia({ media, track, atFrame: frame });
    if (id) actions.track.select({ itemIds: [id] });
  };

  const selectionCount = () => state.playback.selection.length;

  return (
    <section
      class="tl"
      data-testid="timeline"
      aria-label="Timeline"
      data-px-per-second={state.playback.pxPerSecond}
      data-fps={selectors.fps()}
    >
      <div class="tl-toolbar">
        <button
          type="button"
          data-testid="play-toggle"
          aria-label={state.playback.playing ? "Pause" : "Play"}
          onClick={() => actions.playback.togglePlay()}
        >
          {state.playback.playing ? "❚❚" : "▶"}
        </button>
        <TimelineTimecode />
        <span class="tl-toolbar__spacer" />
        <button
          type="button"
          data-testid="split"
          title="Split at playhead (S)"
          onClick={() => actions.track.split()}
        >
          Split
        </button>
        <button
          type="button"
          data-testid="delete-selection"
          title="Delete selection (Delete)"
          disabled={selectionCount() === 0}
          onClick={() => actions.track.deleteSelection()}
        >
          Delete
        </button>
        <button
          type="button"
          data-testid="add-marker"
          title="Add marker (M)"
          onClick={() => actions.track.addMarker()}
        >
          Marker
        </button>
        <label class="tl-toolbar__zoom">
          Zoom
          <input
            type="range"
            min="0"
            max="1000"
            data-testid="zoom-slider"
            aria-label="Zoom"
            value={zoomToSlider(state.playback.pxPerSecond)}
            onInput={e => actions.playback.setZoom(sliderToZoom(Number(e.currentTarget.value)))}
          />
          <span data-testid="zoom-value">{Math.round(state.playback.pxPerSecond)} px/s</span>
        </label>
      </div>
      <div class="tl-body">
        <div class="tl-headers">
          <div class="tl-headers__ruler-gap" />
          <For each={TRACKS}>{track => <TimelineTrackHeader track={track} />}</For>
        </div>
        <div
          ref={el => (scroller = el)}
          class="tl-scroller"
          data-testid="timeline-scroller"
          onScroll={e => setScrollLeft(e.currentTarget.scrollLeft)}
        >
          <div class="tl-content" style={{ width: `${contentWidth()}px` }}>
            <TimelineRuler
              pxPerFrame={pxPerFrame}
              visible={visible}
              frameAtClientX={frameAtClientX}
            />
            <div
              class="tl-lanes"
              onPointerDown={e => {
                if (
                  e.target === e.currentTarget ||
                  (e.target as HTMLElement).classList.contains("tl-lane")
                ) {
                  actions.track.select({ itemIds: [] });
                }
              }}
            >
              <For each={TRACKS}>
                {track => (
                  <TimelineLane
                    track={track}
                    ref={el => lanes.set(track, el)}
                    pxPerFrame={pxPerFrame}
                    visible={visible}
                    ghost={gestures.ghost}
                    thumbnailUrl={id => selectMediaUrl(state, id, "thumbnail")}
                    frameAtClientX={frameAtClientX}
                    onDropMedia={dropMedia}
                    onClipPointerDown={gestures.onClipPointerDown}
                    onTrimPointerDown={gestures.onTrimPointerDown}
                  />
                )}
              </For>
            </div>
            <Show when={state.playback.snapGuideFrame !== null}>
              <div
                class="tl-snap-guide"
                data-testid="snap-guide"
                data-frame={state.playback.snapGuideFrame ?? undefined}
                style={{
                  transform: `translateX(${(state.playback.snapGuideFrame ?? 0) * pxPerFrame()}px)`,
                }}
              />
            </Show>
            <Playhead
              pxPerFrame={pxPerFrame}
              scroller={() => scroller}
              scrollLeft={scrollLeft}
              viewportWidth={viewportWidth}
            />
          </div>
        </div>
      </div>
    </section>
  );
}
