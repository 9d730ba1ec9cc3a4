/**
 * What the player shows over the picture while the shot under the playhead is being generated
 * (FEATURES §7): its job's progress bar, message and ETA, and the shot's resolution, fps, frame
 * count and seed. Only this component reads the job, so progress events never touch the layers.
 */
import { Show, createMemo, type JSX } from "solid-js";
import type { Shot } from "@milimo/shared/schema";
import type { PlayingItem } from "@milimo/shared/timeline";
import { selectJobs } from "../../jobs/jobs-slice";
import { isShotGenerating } from "../../jobs/jobs-state";
import type { StudioState } from "../../store/create-studio-store";
import { useStudio } from "../../store/context";
import { JobProgress } from "../jobs/JobProgress";
import "../jobs/jobs.css";

/**
 * Id of the generating (or queued) shot on screen at the playhead: the V2 overlay's when it is
 * visible and generating, else V1's; null when neither is.
 */
export function findGeneratingShotId({
  state,
  playing,
}: {
  state: StudioState;
  playing: { V1: PlayingItem | null; V2: PlayingItem | null };
}): string | null {
  const visible = (track: "V1" | "V2") =>
    !state.tracks.timeline.tracks.find(t => t.id === track)?.hidden;
  for (const track of ["V2", "V1"] as const) {
    const shotId = playing[track]?.item.shotId;
    if (!shotId || !visible(track)) continue;
    const shot = state.shots.byId[shotId];
    if (shot && isShotGenerating(shot.status)) return shotId;
  }
  return null;
}

/** "768×512 · 25 fps · 121 frames · seed 42" */
export function describeShotOutput(
  shot: Pick<Shot, "width" | "height" | "fps" | "numFrames" | "seed">,
): string {
  return `${shot.width}×${shot.height} · ${shot.fps} fps · ${shot.numFrames} frames · seed ${shot.seed}`;
}

/** Progress card for one generating shot, over the bottom of the player's picture. */
export function PlayerShotProgress(props: { shotId: string }): JSX.Element {
  const { state } = useStudio();
  const shot = () => state.shots.byId[props.shotId];
  const job = createMemo(() => {
    const jobId = shot()?.lastJobId;
    return jobId ? selectJobs(state).jobs.byId[jobId] : undefined;
  });
  const title = () => {
    const j = job();
    if (!j) return "Sending to the GPU server…";
    return j.status === "queued" ? "Queued — waiting for the GPU" : "Generating";
  };
  return (
    <Show when={shot()}>
      {s => (
        <div
          class="player__progress"
          role="status"
          data-testid="player-shot-progress"
          data-shot-id={props.shotId}
        >
          <div class="player__progress-head">
            <strong>{title()}</strong>
            <span class="player__progress-meta" data-testid="player-shot-output">
              {describeShotOutput(s())}
            </span>
          </div>
          <Show when={job()}>{j => <JobProgress job={j()} />}</Show>
        </div>
      )}
    </Show>
  );
}
