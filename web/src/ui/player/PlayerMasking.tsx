/**
 * Masking mode on the player (FEATURES §8): the overlay over the V1 clip's picture, wired to the
 * decoder worker and the mask jobs. A saved mask is kept on the clip (and as a PNG in the media
 * library); an inpainted frame becomes a new media version the clip then plays (one undo entry); a
 * track job's masks are stored with the project and referenced by the clip, shown while playing.
 */
import { Show, createSignal, onCleanup, type JSX } from "solid-js";
import type { Mask } from "@milimo/shared/sam";
import { isJobFinished, makeId, type Job } from "@milimo/shared/schema";
import type { PlayingItem } from "@milimo/shared/timeline";
import type { ApiClient } from "../../api/client";
import { makeJobsApi } from "../../jobs/jobs-api";
import type { DecoderClient } from "../../sam/decoder-client";
import { useStudio } from "../../store/context";
import { selectMedia } from "../../playback/studio-media";
import type { MediaRecord } from "../../db/records";
import { MaskingOverlay, captureFrame, type SavedMask } from "../masking/MaskingOverlay";
import { makeMaskJobs } from "../masking/mask-jobs";

/** How often a running mask job is asked for its progress. */
const JOB_POLL_MS = 400;

export interface PlayerMaskingProps {
  mediaId: string;
  /** What V1 plays at the playhead. */
  playing: () => PlayingItem | null;
  decoder: DecoderClient;
  api: ApiClient;
  /** The picture element (video or image) of V1, for reading the current frame. */
  picture: () => HTMLVideoElement | HTMLImageElement | null;
  /** Tracked masks of this media by source frame (kept by the player across remounts). */
  tracked: () => Map<number, Mask> | undefined;
  /** Keeps a track job's masks; `refId` is the clip's stored reference, null when not stored. */
  setTracked: (masks: Map<number, Mask>, refId: string | null) => void;
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
  const setNotice = (text: string | null) => props.setNotice(text);
  let abort: AbortController | null = null;
  onCleanup(() => abort?.abort());

  const media = () => selectMedia(state, props.mediaId);
  const frame = () => props.playing()?.sourceFrame ?? 0;
  const size = () => ({
    width: media()?.width ?? state.project.current?.width ?? 768,
    height: media()?.height ?? state.project.current?.height ?? 512,
  });

  const readFrame = async () => {
    const picture = props.picture();
    if (!picture) throw new Error("The clip's picture is not loaded yet.");
    return captureFrame(picture);
  };

  /** Polls a job until it finishes, showing its progress; throws when cancelled or failed. */
  const follow = async (job: Job, kind: RunningJob["kind"]): Promise<Job> => {
    abort?.abort();
    const controller = new AbortController();
    abort = controller;
    // The Jobs view lists it too, with cancel; each poll keeps that row current without SSE.
    actions.jobs.followJob(job);
    setRunning({ id: job.id, kind, fraction: 0, message: "Waiting for the GPU…" });
    try {
      let current = job;
      while (!isJobFinished(current.status)) {
        await new Promise(resolve => setTimeout(resolve, JOB_POLL_MS));
        controller.signal.throwIfAborted();
        current = await jobsApi.getJob(job.id);
        actions.jobs.followJob(current);
        setRunning({
          id: job.id,
          kind,
          fraction: current.progress.fraction,
          message: current.progress.message,
        });
      }
      if (current.status !== "completed") {
        throw new Error(
          current.status === "cancelled"
            ? "The job was cancelled."
            : (current.error?.message ?? "The job failed."),
        );
      }
      return current;
    } finally {
      if (abort === controller) abort = null;
      setRunning(null);
    }
  };

  const cancel = async () => {
    const job = running();
    if (!job) return;
    abort?.abort();
    await jobsApi.cancelJob(job.id).catch(() => undefined);
    setNotice("Cancelled.");
  };

  const addImage = async ({ name, blob }: { name: string; blob: Blob }) => {
    const project = state.project.current;
    if (!project) throw new Error("No project is open.");
    const record: MediaRecord = {
      id: makeId(),
      projectId: project.id,
      kind: "image",
      name,
      mime: "image/png",
      bytes: blob.size,
      durationFrames: null,
      width: size().width,
      height: size().height,
      createdAt: new Date().toISOString(),
      source: "generated",
    };
    await actions.project.addMedia({ media: record, blob });
    return record.id;
  };

  const baseName = () => (media()?.name ?? "clip").replace(/\.[^.]+$/, "");

  const onSave = async (mask: SavedMask) => {
    const itemId = props.playing()?.item.id;
    const maskMediaId = await addImage({
      name: `${baseName()} · mask f${mask.frame}.png`,
      blob: mask.png,
    });
    const onClip =
      itemId !== undefined &&
      actions.mask.save({
        itemId,
        mediaId: mask.mediaId,
        frame: mask.frame,
        rle: mask.rle,
        maskMediaId,
      }) !== null;
    setNotice(
      `Mask saved ${onClip ? "to the clip and " : ""}to the library as “${baseName()} · mask f${mask.frame}.png”.`,
    );
  };

  const onInpaint = async (request: SavedMask & { prompt: string }) => {
    setNotice(null);
    const itemId = props.playing()?.item.id;
    const job = await jobs.inpaint({
      mediaId: request.mediaId,
      frame: request.frame,
      png: request.png,
      prompt: request.prompt,
      seed: state.project.current?.seed ?? 42,
    });
    const done = await follow(job, "inpaint");
    const blob = await jobsApi.fetchArtifact(done.id, "image.png");
    const mediaId = await addImage({ name: `${baseName()} · inpainted.png`, blob });
    if (itemId) actions.shot.useMediaVersion({ itemId, mediaId, label: "Inpaint" });
    setNotice("Inpainted: the clip now shows the new version (undo to go back).");
  };

  const onTrack = async (request: SavedMask & { direction: "forward" | "backward" | "both" }) => {
    setNotice(null);
    const job = await jobs.track({
      mediaId: request.mediaId,
      frame: request.frame,
      rle: request.rle,
      direction: request.direction,
    });
    const itemId = props.playing()?.item.id;
    const done = await follow(job, "track");
    const masks = await jobs.readTrackedMasks(done.id);
    const ref = itemId
      ? await actions.mask.attachTracked({ itemId, mediaId: request.mediaId, masks })
      : null;
    props.setTracked(masks, ref?.id ?? null);
    setNotice(`Tracked: a mask on ${masks.size} frames. Press Done and play to see it.`);
  };

  const trackedMask = () => props.tracked()?.get(frame()) ?? null;

  return (
    <div
      class="player__masking"
      data-testid="player-masking"
      data-tracked-frames={String(props.tracked()?.size ?? 0)}
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
        trackedMask={trackedMask()}
        {...(props.onActiveChange ? { onActiveChange: props.onActiveChange } : {})}
      />
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
      <Show when={!running() && props.notice()}>
        {text => (
          <div class="player__mask-job" data-testid="masking-notice" role="status">
            {text()}
          </div>
        )}
      </Show>
    </div>
  );
}
