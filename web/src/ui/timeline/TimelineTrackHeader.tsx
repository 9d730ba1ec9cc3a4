import type { JSX } from "solid-js";
import type { TrackId } from "@milimo/shared/schema";
import { useStudio } from "../../store/context";
import type { TrackFlag } from "../../store/slices/track";

// Inline icons (emoji glyphs are missing from many Linux fonts); functions, because one DOM
// node can only sit in one header.
const icon = (path: string) => () => (
  <svg
    viewBox="0 0 16 16"
    width="14"
    height="14"
    aria-hidden="true"
    fill="none"
    stroke="currentColor"
    stroke-width="1.5"
  >
    <path d={path} />
  </svg>
);
const EYE = icon("M1 8s2.5-5 7-5 7 5 7 5-2.5 5-7 5-7-5-7-5zM8 10a2 2 0 1 0 0-4 2 2 0 0 0 0 4z");
const SPEAKER = icon("M2 6h3l4-3v10l-4-3H2zM11 5.5a3.5 3.5 0 0 1 0 5");
const LOCK = icon("M3.5 7.5h9v7h-9zM5.5 7.5V5a2.5 2.5 0 0 1 5 0v2.5");

const TRACK_NAMES: Record<TrackId, string> = { V1: "V1 Main", V2: "V2 Overlay", A1: "A1 Audio" };

/** Track name with hide, mute and lock toggles (each an undoable document change). */
export function TimelineTrackHeader(props: { track: TrackId }): JSX.Element {
  const { state, actions } = useStudio();
  const track = () => state.tracks.timeline.tracks.find(t => t.id === props.track);
  const toggle = (flag: TrackFlag, label: string, symbol: JSX.Element) => (
    <button
      type="button"
      class="tl-track-header__toggle"
      data-testid={`track-${props.track}-${flag}`}
      aria-pressed={track()?.[flag] ? "true" : "false"}
      aria-label={`${label} ${props.track}`}
      title={label}
      onClick={() =>
        actions.track.setTrackFlag({ track: props.track, flag, value: !track()?.[flag] })
      }
    >
      {symbol}
    </button>
  );
  return (
    <div class="tl-track-header" data-testid={`track-header-${props.track}`}>
      <span class="tl-track-header__name">{TRACK_NAMES[props.track]}</span>
      {toggle("hidden", "Hide", EYE())}
      {toggle("muted", "Mute", SPEAKER())}
      {toggle("locked", "Lock", LOCK())}
    </div>
  );
}
