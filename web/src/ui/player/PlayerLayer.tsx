import { Match, Show, Switch, createEffect, createMemo, on, onCleanup, type JSX } from "solid-js";
import type { Shot, TimelineItem } from "@milimo/shared/schema";
import type { PlayingItem } from "@milimo/shared/timeline";
import { useStudio } from "../../store/context";
import { selectTimeline } from "../../store/selectors";
import { selectMedia, selectMediaUrl } from "../../playback/studio-media";
import { makeVideoSync } from "../../playback/video-sync";

export interface PlayerLayerProps {
  track: "V1" | "V2";
  /** "media:<id>" or "item:<id>" (a clip without media yet); fixed for the layer's life. */
  layerKey: string;
  /** What this track plays at the playhead (changes every frame). */
  playing: () => PlayingItem | null;
  /** Output size in pixels, for V2 offsets. */
  width: number;
  height: number;
}

/** One track's picture: a <video> that follows the clock, an image, or a shot placeholder. */
export function PlayerLayer(props: PlayerLayerProps): JSX.Element {
  const { state } = useStudio();
  const selectors = selectTimeline(state);
  // eslint-disable-next-line solid/reactivity -- the key is fixed for the layer's life (keyed <Show>)
  const mediaId = props.layerKey.startsWith("media:") ? props.layerKey.slice(6) : null;
  const media = () => (mediaId ? selectMedia(state, mediaId) : null);
  const itemId = createMemo(() => props.playing()?.item.id ?? null);
  // The live (reactive) item, so inspector edits to opacity or offset show at once.
  const item = createMemo((): TimelineItem | null => {
    const id = itemId();
    return id ? (selectors.placementById().get(id)?.item ?? null) : null;
  });
  const shot = () => {
    const i = item();
    return i ? selectors.shotOf(i) : null;
  };
  const overlayStyle = (): JSX.CSSProperties => {
    const i = item();
    if (props.track !== "V2" || !i) return {};
    return {
      opacity: String(i.opacity),
      transform: `translate(${(i.x / props.width) * 100}%, ${(i.y / props.height) * 100}%) scale(${i.scale})`,
    };
  };

  const attachVideo = (video: HTMLVideoElement) => {
    const target = () => {
      const p = props.playing();
      if (!p) return null;
      const fps = selectors.fps();
      return {
        seconds: p.sourceFrame / fps,
        playing: state.playback.playing,
        rate: state.playback.rate,
        fps,
      };
    };
    const [check, dispose] = makeVideoSync({ video, target });
    onCleanup(() => {
      dispose();
      video.pause();
    });
    // Paused, scrubbing or shuttling backwards: follow every frame. Playing forward: the 250 ms
    // check handles drift, plus an immediate check when play state or speed changes.
    createEffect(
      on(
        () => [props.playing()?.sourceFrame, state.playback.playing, state.playback.rate] as const,
        ([, playing, rate]) => {
          if (!playing || rate <= 0) check();
        },
      ),
    );
    createEffect(
      on(
        () => [state.playback.playing, state.playback.rate] as const,
        () => check(),
      ),
    );
    video.addEventListener("loadedmetadata", check);
  };

  return (
    <div
      class="player__layer"
      classList={{ "player__layer--overlay": props.track === "V2" }}
      data-testid={`player-layer-${props.track}`}
      data-item-id={itemId() ?? ""}
      style={overlayStyle()}
    >
      <Switch
        fallback={
          <div class="player__placeholder" data-testid={`player-placeholder-${props.track}`}>
            <Show when={shot()} fallback={<span>{item()?.label ?? "No media"}</span>}>
              {s => (
                <>
                  <strong>{item()?.label ?? "Shot"}</strong>
                  <span data-testid={`player-placeholder-status-${props.track}`}>
                    {placeholderStatus(s())}
                  </span>
                </>
              )}
            </Show>
          </div>
        }
      >
        <Match when={media()?.kind === "video" && mediaId}>
          {id => (
            <video
              ref={attachVideo}
              class="player__media"
              data-testid={`player-video-${props.track}`}
              src={selectMediaUrl(state, id(), "media") ?? undefined}
              // The Web Audio graph plays the clip's sound, in sync with every other track.
              muted
              playsinline
              preload="auto"
            />
          )}
        </Match>
        <Match when={media()?.kind === "image" && mediaId}>
          {id => (
            <Show when={selectMediaUrl(state, id(), "media")}>
              {src => (
                <img
                  class="player__media"
                  data-testid={`player-image-${props.track}`}
                  src={src()}
                  alt=""
                />
              )}
            </Show>
          )}
        </Match>
      </Switch>
    </div>
  );
}

/** The placeholder's line for a shot without media (a generating shot's progress card says more). */
function placeholderStatus(shot: Shot): string {
  switch (shot.status) {
    case "draft":
      return "Not generated yet";
    case "queued":
    case "generating":
      return "Generating…";
    case "ready":
      return "Media missing";
    case "failed":
      return shot.error?.message ?? "Generation failed";
    case "cancelled":
      return "Generation cancelled";
  }
}
