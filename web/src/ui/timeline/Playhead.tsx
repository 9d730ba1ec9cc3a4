/**
 * The two timeline views that read `state.playback.frame` at frame rate (STYLE §4): the playhead
 * line (which also keeps itself in view while playing) and the timecode readout.
 */
import { createEffect, type JSX } from "solid-js";
import { formatTimecode } from "@milimo/shared/timeline";
import { useStudio } from "../../store/context";
import { selectTimeline } from "../../store/selectors";

export interface PlayheadProps {
  pxPerFrame: () => number;
  scroller: () => HTMLElement | undefined;
  /** The scroller's scroll offset and width, kept as signals: reading layout every frame would force a reflow. */
  scrollLeft: () => number;
  viewportWidth: () => number;
}

/** Vertical line at the playhead; pages the scroller along while playback runs past its edge. */
export function Playhead(props: PlayheadProps): JSX.Element {
  const { state } = useStudio();
  const x = () => state.playback.frame * props.pxPerFrame();
  createEffect(() => {
    const px = x();
    if (!state.playback.playing) return;
    const left = props.scrollLeft();
    if (px <= left + props.viewportWidth() - 24 && px >= left) return;
    const el = props.scroller();
    if (el) el.scrollLeft = Math.max(0, px - 48);
  });
  return (
    <div
      class="tl-playhead"
      data-testid="playhead"
      data-frame={state.playback.frame}
      style={{ transform: `translateX(${x()}px)` }}
    />
  );
}

/** SMPTE timecode (HH:MM:SS:FF) and frame number of the playhead. */
export function TimelineTimecode(): JSX.Element {
  const { state } = useStudio();
  const selectors = selectTimeline(state);
  return (
    <span class="tl-timecode">
      <span data-testid="timecode">
        <span class="tl-timecode__text">
          {formatTimecode(state.playback.frame, selectors.fps())}
        </span>
      </span>
      <span class="tl-timecode__frame" data-testid="frame-number">
        <span class="tl-timecode__text">{state.playback.frame}</span>
      </span>
      <span class="tl-timecode__total" data-testid="duration-frames">
        <span class="tl-timecode__text">/ {selectors.durationFrames()}</span>
      </span>
    </span>
  );
}
