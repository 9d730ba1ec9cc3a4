/**
 * The player: composites V1 with the V2 overlay (opacity, offset, scale) at the playhead and plays
 * A1 through one Web Audio graph. It hosts the playback clock, so time runs while the editor is
 * open. Media starts muted and the AudioContext suspended until the first user gesture (browser
 * autoplay policy, FEATURES §7).
 */
import {
  Show,
  createEffect,
  createSignal,
  createMemo,
  on,
  onCleanup,
  onMount,
  untrack,
  type JSX,
} from "solid-js";
import { formatTimecode, itemsAtFrame } from "@milimo/shared/timeline";
import { useStudio } from "../../store/context";
import { selectTimeline } from "../../store/selectors";
import { makeAudioGraph } from "../../playback/audio-graph";
import { createPlaybackClock } from "../../playback/clock";
import { readMediaBytes } from "../../playback/studio-media";
import { VIDEO_CHECK_INTERVAL_MS } from "../../playback/video-sync";
import type { Mask } from "@milimo/shared/sam";
import { makeApiClient } from "../../api/client";
import { createLazyDecoder } from "../../sam/decoder-client";
import { selectMedia } from "../../playback/studio-media";
import { PlayerLayer } from "./PlayerLayer";
import { PlayerMasking } from "./PlayerMasking";
import { PlayerShotProgress, findGeneratingShotId } from "./PlayerShotProgress";
import "./player.css";

export function Player(): JSX.Element {
  const { state, actions } = useStudio();
  const selectors = selectTimeline(state);

  // Plain objects for per-frame lookups: no proxy traps at 60 Hz.
  const raw = selectors.timeline;
  const rawLayout = selectors.v1Layout;

  const clock = createPlaybackClock({
    playing: () => state.playback.playing,
    read: () => ({
      playing: state.playback.playing,
      rate: state.playback.rate,
      frame: state.playback.frame,
      fps: selectors.fps(),
      endFrame: selectors.durationFrames(),
    }),
    setFrame: frame => actions.playback.setFrame(frame),
    onEnd: () => actions.playback.pause(),
  });

  // The picture at the end of the timeline is its last frame, not black.
  const pictureFrame = () =>
    Math.max(0, Math.min(state.playback.frame, selectors.durationFrames() - 1));
  const current = createMemo(() =>
    itemsAtFrame({ timeline: raw(), frame: pictureFrame(), layout: rawLayout() }),
  );
  const trackFlags = (id: "V1" | "V2" | "A1") =>
    state.tracks.timeline.tracks.find(t => t.id === id);

  const [graph, disposeGraph] = makeAudioGraph({
    loadMedia: mediaId => readMediaBytes(state, mediaId),
  });
  onCleanup(disposeGraph);
  const syncAudio = () =>
    untrack(() => {
      try {
        graph.sync({
          timeline: raw(),
          layout: rawLayout(),
          positionFrames: clock.positionFrames(),
          fps: selectors.fps(),
          playing: state.playback.playing,
          rate: state.playback.rate,
          // Per-track mute is the graph's (it carries V1/V2 clips' own sound as well as A1).
          muted: !state.playback.audioUnlocked,
        });
      } catch {
        // No Web Audio in this browser: the picture still plays, silently.
      }
    });
  createEffect(
    on(
      () => [
        state.playback.playing,
        state.playback.rate,
        state.playback.audioUnlocked,
        ...state.tracks.timeline.tracks.map(track => track.muted),
        raw(),
      ],
      syncAudio,
    ),
  );
  createEffect(
    on(
      () => state.playback.playing,
      playing => {
        if (!playing) return;
        const handle = window.setInterval(syncAudio, VIDEO_CHECK_INTERVAL_MS);
        onCleanup(() => window.clearInterval(handle));
      },
    ),
  );

  onMount(() => {
    const unlock = () => {
      actions.playback.unlockAudio();
      void graph.resume().catch(() => undefined);
      window.removeEventListener("pointerdown", unlock, true);
      window.removeEventListener("keydown", unlock, true);
    };
    window.addEventListener("pointerdown", unlock, true);
    window.addEventListener("keydown", unlock, true);
    onCleanup(() => {
      window.removeEventListener("pointerdown", unlock, true);
      window.removeEventListener("keydown", unlock, true);
    });
  });

  // Masking: one api client and one (lazily started) decoder worker for the player's life.
  const api = makeApiClient({ config: { ...untrack(() => state.server.config) } });
  createEffect(() => api.configure({ ...state.server.config }));
  const decoder = createLazyDecoder({ api });
  // Tracked objects' masks by stored row id (loaded from the project, so they survive a reload);
  // a re-track writes a new row, so a row's masks never change once loaded.
  const [trackedRows, setTrackedRows] = createSignal(new Map<string, Map<number, Mask>>());
  const loadingRows = new Set<string>();
  const v1Objects = createMemo(() => {
    const item = current().V1?.item;
    return (item?.trackedObjects ?? []).filter(object => object.mediaId === item?.mediaId);
  });
  createEffect(() => {
    for (const object of v1Objects()) {
      const id = object.id;
      if (loadingRows.has(id) || untrack(trackedRows).has(id)) continue;
      loadingRows.add(id);
      actions.mask
        .readTracked(object)
        // Unreadable masks (missing row, corrupt runs) show nothing; the clip still plays.
        .catch(() => null)
        .then(masks => {
          if (masks) setTrackedRows(all => new Map(all).set(id, masks));
        })
        .finally(() => loadingRows.delete(id))
        .catch(() => undefined);
    }
  });
  const trackedFor = (mediaId: string) =>
    v1Objects()
      .filter(object => object.mediaId === mediaId)
      .map(object => ({ object, masks: trackedRows().get(object.id) }));
  const [maskNotice, setMaskNotice] = createSignal<string | null>(null);
  let stage: HTMLDivElement | undefined;
  // Masking works on the V1 clip's picture: a video or an image with its file at hand.
  const maskTarget = createMemo(() => {
    if (trackFlags("V1")?.hidden) return null;
    const mediaId = current().V1?.item.mediaId;
    const kind = mediaId ? selectMedia(state, mediaId)?.kind : null;
    return mediaId && (kind === "video" || kind === "image") ? mediaId : null;
  });
  const v1Picture = () =>
    stage?.querySelector<HTMLVideoElement | HTMLImageElement>(
      '[data-testid="player-video-V1"], [data-testid="player-image-V1"]',
    ) ?? null;

  const project = () => state.project.current;
  const ratio = () => String((project()?.width ?? 768) / (project()?.height ?? 512));
  // Layers re-mount only when the media changes, not at every cut between clips of one file.
  const v1Key = createMemo(() => layerKey(current().V1));
  const v2Key = createMemo(() => layerKey(current().V2));
  // Only the id is memoised: the card re-renders when the shot under the playhead changes, and
  // its job's progress events update the card alone, never the picture.
  const generatingShotId = createMemo(() => findGeneratingShotId({ state, playing: current() }));

  return (
    <section class="player" data-testid="player" aria-label="Player">
      <div class="player__viewport">
        <div
          ref={el => (stage = el)}
          class="player__stage"
          style={{ "--ratio": ratio() }}
          data-testid="player-stage"
        >
          <Show when={!trackFlags("V1")?.hidden && v1Key()} keyed>
            {key => (
              <PlayerLayer
                track="V1"
                layerKey={key}
                playing={() => current().V1}
                width={project()?.width ?? 768}
                height={project()?.height ?? 512}
              />
            )}
          </Show>
          <Show when={!trackFlags("V2")?.hidden && v2Key()} keyed>
            {key => (
              <PlayerLayer
                track="V2"
                layerKey={key}
                playing={() => current().V2}
                width={project()?.width ?? 768}
                height={project()?.height ?? 512}
              />
            )}
          </Show>
          <Show when={maskTarget()} keyed>
            {mediaId => (
              <PlayerMasking
                mediaId={mediaId}
                playing={() => current().V1}
                decoder={decoder}
                api={api}
                picture={v1Picture}
                notice={maskNotice}
                setNotice={setMaskNotice}
                tracked={() => trackedFor(mediaId)}
                cacheTracked={(rowId, masks) =>
                  setTrackedRows(all => new Map(all).set(rowId, masks))
                }
                onActiveChange={active => {
                  setMaskNotice(null);
                  if (active) actions.playback.pause();
                }}
              />
            )}
          </Show>
          <Show when={generatingShotId()} keyed>
            {shotId => <PlayerShotProgress shotId={shotId} />}
          </Show>
          <Show when={!state.playback.audioUnlocked}>
            <div class="player__muted" data-testid="player-muted">
              Muted — click or press a key to enable sound
            </div>
          </Show>
        </div>
      </div>
      <div class="player__bar">
        <button
          type="button"
          data-testid="player-play"
          aria-label={state.playback.playing ? "Pause" : "Play"}
          onClick={() => actions.playback.togglePlay()}
        >
          {state.playback.playing ? "❚❚" : "▶"}
        </button>
        <span class="player__timecode" data-testid="player-timecode">
          <span class="player__timecode-text">
            {formatTimecode(state.playback.frame, selectors.fps())}
          </span>
        </span>
        <Show when={state.playback.playing && state.playback.rate !== 1}>
          <span class="player__rate" data-testid="player-rate">
            {state.playback.rate}×
          </span>
        </Show>
      </div>
    </section>
  );
}

function layerKey(playing: { item: { id: string; mediaId: string | null } } | null): string | null {
  if (!playing) return null;
  return playing.item.mediaId ? `media:${playing.item.mediaId}` : `item:${playing.item.id}`;
}
