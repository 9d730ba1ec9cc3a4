/**
 * Masking mode on the player (FEATURES §8): the overlay over the V1 clip's picture, wired to the
 * decoder worker and the mask jobs. A saved mask is kept on the clip (and as a PNG in the media
 * library); an inpainted frame or clip becomes a new media version the clip then plays (one undo
 * entry); each track job adds a tracked object to the clip (its own colour), a correction on the
 * selected object re-propagates up to its neighbouring keyframes. Jobs are followed through the
 * store's SSE-fed jobs state, with a slow poll as a fallback when the event stream is down.
 */
import { Show, createSignal, onCleanup, type JSX } from "solid-js";
import type { TrackDirection } from "@milimo/shared/api";
import type { Mask } from "@milimo/shared/sam";
import { makeId, type Job } from "@milimo/shared/schema";
import type { PlayingItem } from "@milimo/shared/timeline";
import type { ApiClient } from "../../api/client";
import { findGroundingModel, groundText, GROUNDING_UNAVAILABLE_REASON } from "../../api/ground";
import { makeJobsApi } from "../../jobs/jobs-api";
import { followJobToEnd } from "../../jobs/follow-job";
import type { DecoderClient } from "../../sam/decoder-client";
import { useStudio } from "../../store/context";
import { selectMaskSelection } from "../../store/slices/mask";
import { selectMedia } from "../../playback/studio-media";
import type { MediaRecord } from "../../db/records";
import { retrackObject, trackNewObject } from "../../masks/track-object";
import {
  timelineFrameOfSource,
  trackedMasksAtFrame,
  type LoadedObject,
} from "../../masks/tracked-view";
import { MaskingOverlay, captureFrame, type SavedMask } from "../masking/MaskingOverlay";
import type { TextSelect } from "../masking/TextSelectField";
import { makeMaskJobs } from "../masking/mask-jobs";

/** What an inpaint repaints on a video clip. */
type InpaintScope = "frame" | "clip";

export interface PlayerMaskingProps {
  mediaId: string;
  /** What V1 plays at the playhead. */
  playing: () => PlayingItem | null;
  decoder: DecoderClient;
  api: ApiClient;
  /** The picture element (video or image) of V1, for reading the current frame. */
  picture: () => HTMLVideoElement | HTMLImageElement | null;
  /** The clip's tracked objects of this media, with their masks once loaded (kept by the player). */
  tracked: () => readonly LoadedObject[];
  /** Keeps a stored row's masks the player would otherwise read back from IndexedDB. */
  cacheTracked: (rowId: string, masks: Map<number, Mask>) => void;
  onActiveChange?: (active: boolean) => void;
  /** The last outcome line; kept by the player, since an inpaint remounts this component. */
  notice: () => string | null;
  setNotice: (text: string | null) => void;
}

interface RunningJob {
  id: string;
  kind: "inpaint" | "track";
  fraction: number;
  message: string;
}

export function PlayerMasking(props: PlayerMaskingProps): JSX.Element {
  const { state, actions } = useStudio();
  // eslint-disable-next-line solid/reactivity -- one api client for the player's life
  const jobsApi = makeJobsApi(props.api);
  const jobs = makeMaskJobs({
    api: jobsApi,
    mediaBlob: async id => (await actions.project.readBlob(id, "media")) ?? undefined,
  });
  const [running, setRunning] = createSignal<RunningJob | null>(null);
  const [active, setActive] = createSignal(false);
  const [inpaintScope, setInpaintScope] = createSignal<InpaintScope>("frame");
  const setNotice = (text: string | null) => props.setNotice(text);
  let abort: AbortController | null = null;
  const stopFollowing = () => abort?.abort(new Error("Stopped following the job."));
  onCleanup(stopFollowing);

  const media = () => selectMedia(state, props.mediaId);
  const isVideo = () => media()?.kind === "video";
  const frame = () => props.playing()?.sourceFrame ?? 0;
  const itemId = () => props.playing()?.item.id;
  const size = () => ({
    width: media()?.width ?? state.project.current?.width ?? 768,
    height: media()?.height ?? state.project.current?.height ?? 512,
  });

  const selected = () => {
    const selection = selectMaskSelection(state);
    if (!selection || selection.itemId !== itemId()) return null;
    return props.tracked().find(({ object }) => object.id === selection.objectId) ?? null;
  };

  const readFrame = async () => {
    const picture = props.picture();
    if (!picture) throw new Error("The clip's picture is not loaded yet.");
    return captureFrame(picture);
  };

  /**
   * Follows a job until it finishes, showing its progress from the store's jobs state (fed by the
   * event stream); throws when it failed, was cancelled, or the player stopped following it.
   */
  const follow = async (job: Job, kind: RunningJob["kind"]): Promise<Job> => {
    stopFollowing();
    const controller = new AbortController();
    abort = controller;
    setRunning({ id: job.id, kind, fraction: 0, message: "Waiting for the GPU…" });
    try {
      const finished = await followJobToEnd({
        state,
        followJob: current => actions.jobs.followJob(current),
        getJob: id => jobsApi.getJob(id),
        job,
        signal: controller.signal,
        onUpdate: ({ progress }) =>
          setRunning({ id: job.id, kind, fraction: progress.fraction, message: progress.message }),
      });
      if (finished.status === "completed") return finished;
      throw new Error(
        finished.status === "cancelled"
          ? "The job was cancelled."
          : (finished.error?.message ?? "The job failed."),
      );
    } finally {
      if (abort === controller) abort = null;
      setRunning(null);
    }
  };

  const cancel = async () => {
    const job = running();
    if (!job) return;
    stopFollowing();
    await jobsApi.cancelJob(job.id).catch(() => undefined);
    setNotice("Cancelled.");
  };

  const addGenerated = async ({
    name,
    blob,
    kind,
    thumbnail,
    purpose,
  }: {
    name: string;
    blob: Blob;
    kind: "image" | "video";
    thumbnail?: Blob | null;
    purpose?: "mask";
  }) => {
    const project = state.project.current;
    if (!project) throw new Error("No project is open.");
    const record: MediaRecord = {
      id: makeId(),
      projectId: project.id,
      kind,
      name,
      mime: kind === "image" ? "image/png" : "video/mp4",
      bytes: blob.size,
      durationFrames:
        kind === "image"
          ? null
          : (media()?.durationFrames ?? props.playing()?.item.sourceFrames ?? 1),
      width: size().width,
      height: size().height,
      createdAt: new Date().toISOString(),
      source: "generated",
      ...(purpose ? { purpose } : {}),
    };
    await actions.project.addMedia({ media: record, blob, thumbnail: thumbnail ?? null });
    return record.id;
  };

  const baseName = () => (media()?.name ?? "clip").replace(/\.[^.]+$/, "");

  const onSave = async (mask: SavedMask) => {
    const clipId = itemId();
    const maskMediaId = await addGenerated({
      name: `${baseName()} · mask f${mask.frame}.png`,
      blob: mask.png,
      kind: "image",
      purpose: "mask",
    });
    const onClip =
      clipId !== undefined &&
      actions.mask.save({
        itemId: clipId,
        mediaId: mask.mediaId,
        frame: mask.frame,
        rle: mask.rle,
        maskMediaId,
      }) !== null;
    setNotice(
      `Mask saved ${onClip ? "to the clip and " : ""}to the library as “${baseName()} · mask f${mask.frame}.png”.`,
    );
  };

  const inpaintFrame = async (request: SavedMask & { prompt: string }, clipId?: string) => {
    const job = await jobs.inpaint({
      mediaId: request.mediaId,
      frame: request.frame,
      png: request.png,
      prompt: request.prompt,
      seed: state.project.current?.seed ?? 42,
    });
    const done = await follow(job, "inpaint");
    const blob = await jobsApi.fetchArtifact(done.id, "image.png");
    const mediaId = await addGenerated({
      name: `${baseName()} · inpainted.png`,
      blob,
      kind: "image",
    });
    if (clipId) actions.shot.useMediaVersion({ itemId: clipId, mediaId, label: "Inpaint" });
    setNotice("Inpainted: the clip now shows the new version (undo to go back).");
  };

  /** Every frame of the clip: the selected object's per-frame masks, else this mask on every frame. */
  const inpaintClip = async (request: SavedMask & { prompt: string }, clipId?: string) => {
    const object = selected();
    const perFrame = object?.masks && object.masks.size > 0 ? object.masks : null;
    const job = await jobs.inpaintClip({
      mediaId: request.mediaId,
      prompt: request.prompt,
      seed: state.project.current?.seed ?? 42,
      masks: perFrame ? { frames: perFrame } : { png: request.png },
    });
    const done = await follow(job, "inpaint");
    const blob = await jobsApi.fetchArtifact(done.id, "video.mp4");
    const poster = await jobsApi.fetchArtifact(done.id, "poster.png").catch(() => null);
    const mediaId = await addGenerated({
      name: `${baseName()} · inpainted.mp4`,
      blob,
      kind: "video",
      thumbnail: poster,
    });
    if (clipId) actions.shot.useMediaVersion({ itemId: clipId, mediaId, label: "Inpaint clip" });
    setNotice(
      `Inpainted the whole clip${perFrame ? ` along ${object?.object.name ?? "the object"}` : ""}: the clip now plays the new version (undo to go back).`,
    );
  };

  const onInpaint = async (request: SavedMask & { prompt: string }) => {
    setNotice(null);
    const clipId = itemId();
    if (isVideo() && inpaintScope() === "clip") await inpaintClip(request, clipId);
    else await inpaintFrame(request, clipId);
  };

  const trackDeps = () => ({
    jobs,
    follow: (job: Job) => follow(job, "track"),
    store: actions.mask,
  });

  const onTrack = async (request: SavedMask & { direction: TrackDirection }) => {
    setNotice(null);
    const clipId = itemId();
    if (!clipId) throw new Error("There is no clip under the playhead to track on.");
    const { object, masks } = await trackNewObject({
      ...trackDeps(),
      itemId: clipId,
      mask: request,
      direction: request.direction,
    });
    if (!object) {
      setNotice("Tracked, but the clip is locked or gone, so the masks were not kept.");
      return;
    }
    props.cacheTracked(object.id, masks);
    setNotice(`Tracked ${object.name}: a mask on ${masks.size} frames.`);
  };

  const onRetrack = async (request: SavedMask & { direction: TrackDirection }) => {
    setNotice(null);
    const clipId = itemId();
    const current = selected();
    const item = props.playing()?.item;
    if (!clipId || !current || !item) throw new Error("Select a tracked object to re-track.");
    const { object, range } = await retrackObject({
      ...trackDeps(),
      itemId: clipId,
      object: current.object,
      mask: request,
      direction: request.direction,
      frameCount: Math.max(item.sourceFrames, request.frame + 1),
    });
    if (!object) {
      setNotice("Re-tracked, but the clip is locked or gone, so the masks were not kept.");
      return;
    }
    const masks = await actions.mask.readTracked(object);
    if (masks) props.cacheTracked(object.id, masks);
    setNotice(`Re-tracked ${object.name} over frames ${range.start}–${range.end}.`);
  };

  /** "Select by text" runs on the server's grounding model, on the frame as it is shown. */
  const textSelect = (): TextSelect => {
    const health = state.server.health;
    if (!health) {
      return {
        available: false,
        reason: "Text selection runs on the GPU server, which is not reachable right now",
      };
    }
    if (!findGroundingModel(health.models)) {
      return { available: false, reason: GROUNDING_UNAVAILABLE_REASON };
    }
    return {
      available: true,
      find: async text => {
        const found = await groundText(props.api, { image: await readFrame(), text });
        const best = found.boxes[0];
        return best ? { box: best.box, score: best.score } : null;
      },
    };
  };

  const seekSourceFrame = (sourceFrame: number) => {
    const playing = props.playing();
    if (!playing) return;
    actions.playback.seek(timelineFrameOfSource({ playing, sourceFrame }));
  };

  const trackedMasks = () => trackedMasksAtFrame(props.tracked(), frame());
  const initialMask = () => selected()?.masks?.get(frame()) ?? null;

  return (
    <div
      class="player__masking"
      data-testid="player-masking"
      data-tracked-objects={String(props.tracked().length)}
      data-tracked-frames={String(selected()?.masks?.size ?? props.tracked()[0]?.masks?.size ?? 0)}
      data-selected-object={selected()?.object.id ?? ""}
    >
      <MaskingOverlay
        mediaId={props.mediaId}
        frame={frame()}
        imageWidth={size().width}
        imageHeight={size().height}
        decoder={props.decoder}
        readFrame={readFrame}
        onSave={onSave}
        onInpaint={onInpaint}
        onTrack={onTrack}
        trackedMasks={trackedMasks()}
        initialMask={initialMask()}
        textSelect={textSelect()}
        onRetrack={selected() ? onRetrack : undefined}
        keyframes={selected()?.object.keyframes}
        onSeekFrame={selected() ? seekSourceFrame : undefined}
        onActiveChange={next => {
          setActive(next);
          props.onActiveChange?.(next);
        }}
      >
        {/* Stacked under the overlay's status line, in its bottom area, so neither covers the other. */}
        <Show when={running()}>
          {job => (
            <div class="player__mask-job" data-testid="masking-job" role="status">
              <span>
                {job().kind === "inpaint" ? "Inpainting" : "Tracking"} ·{" "}
                {Math.round(job().fraction * 100)}% · {job().message}
              </span>
              <progress max="1" value={job().fraction} />
              <button type="button" data-testid="masking-job-cancel" onClick={() => void cancel()}>
                Cancel
              </button>
            </div>
          )}
        </Show>
        <Show when={!running() && (props.notice() || (active() && isVideo()))}>
          {/* Clicks pass through to the picture (the footer covers its bottom edge) but its control. */}
          <div class="player__mask-job player__mask-job--footer" data-testid="masking-footer">
            <Show when={active() && isVideo()}>
              <label class="player__mask-control">
                Inpaint{" "}
                <select
                  data-testid="masking-inpaint-target"
                  value={inpaintScope()}
                  onChange={event => setInpaintScope(event.currentTarget.value as InpaintScope)}
                >
                  <option value="frame">this frame</option>
                  <option value="clip">
                    {selected()?.masks ? `whole clip (${selected()?.object.name})` : "whole clip"}
                  </option>
                </select>
              </label>
            </Show>
            <Show when={props.notice()}>
              {text => (
                <span data-testid="masking-notice" role="status">
                  {text()}
                </span>
              )}
            </Show>
          </div>
        </Show>
      </MaskingOverlay>
    </div>
  );
}
