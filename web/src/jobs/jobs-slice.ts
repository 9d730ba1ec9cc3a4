/**
 * The jobs part of the store: remote state (`state.server.jobs`, `state.server.jobStream`; never
 * saved, never undone) and `actions.jobs`, built like a slice from the `SliceContext`. Job-driven
 * writes to documents (a shot's status and media, its clip's media, the generated media rows) go
 * straight through `setState`, outside history: a result arriving from the server is not an edit
 * the user can undo, and autosave still saves it.
 *
 * Until the lead adds `JobsServerFields` to `ServerSlice` and `jobs` to `StudioActions`, the two
 * casts in this file (`host`) and `jobsActionsOf` are the only places that assume them.
 */
import { onCleanup } from "solid-js";
import { createRoot, createEffect, on } from "solid-js";
import { reconcile, type SetStoreFunction } from "solid-js/store";
import type { Job, JobEvent, MediaAsset, Shot } from "@milimo/shared/schema";
import { addMediaRecord, readMediaBlobs } from "../db/blobs";
import type { StudioActions, StudioState, StudioStore } from "../store/create-studio-store";
import type { SliceContext } from "../store/slice-context";
import type { Notice } from "../store/slices/ui";
import type { JobStreamStatus } from "./job-events";
import { makeJobActions, type JobActions, type JobsStudio } from "./job-actions";
import { eventsUrlOf, makeJobsApi } from "./jobs-api";
import { makeJobsState, mergeJob, type JobLink, type JobsState } from "./jobs-state";
import { attachMediaToShotClip } from "./shot-clip";
import { makeJobsNotifier, makeJobsPromptEnhancer } from "../llm/jobs-enhancer";
import { sortShots } from "../ui/storyboard/storyboard-plan";

/** What the event stream is doing, for the queue panel and the "server unreachable" line. */
export interface JobStreamView {
  status: JobStreamStatus | "idle";
  /** Failed attempts since the stream was last open. */
  attempt: number;
}

/** Fields the server slice gains for jobs (remote scope). */
export interface JobsServerFields {
  jobs: JobsState;
  jobStream: JobStreamView;
}

/** Initial jobs fields of the server slice: no jobs, stream not started. */
export function initialJobsServerFields(): JobsServerFields {
  return { jobs: makeJobsState(), jobStream: { status: "idle", attempt: 0 } };
}

type HostState = StudioState & { server: StudioState["server"] & JobsServerFields };

/** The server slice's jobs fields (empty before the store declares them). */
export function selectJobs(state: StudioState): JobsServerFields {
  const server = state.server as Partial<JobsServerFields>;
  return {
    jobs: server.jobs ?? EMPTY_JOBS,
    jobStream: server.jobStream ?? { status: "idle", attempt: 0 },
  };
}
const EMPTY_JOBS: JobsState = makeJobsState();

/** Failed reconnects after which the studio says the server is unreachable. */
export const UNREACHABLE_AFTER_ATTEMPTS = 2;

export type JobsActions = JobActions & {
  /** Opens the event stream and hydrates whenever a project opens; idempotent. */
  start(): void;
  /** Closes the stream (store teardown, tests). */
  stop(): void;
};

/** `actions.jobs` over the store context (see the file header). */
export function createJobsActions(ctx: SliceContext): JobsActions {
  const state = ctx.state as HostState;
  const setState = ctx.setState as unknown as SetStoreFunction<HostState>;
  const { deps } = ctx;
  if (!(state.server as Partial<JobsServerFields>).jobs) {
    setState("server", initialJobsServerFields());
  }

  const studio: JobsStudio = {
    project: () => state.project.current,
    shot: id => state.shots.byId[id],
    shots: () =>
      sortShots(
        state.project.scenes,
        state.shots.order.map(id => state.shots.byId[id]).filter((s): s is Shot => !!s),
      ),
    scene: id => (id === null ? undefined : state.project.scenes.find(s => s.id === id)),
    elements: () =>
      state.elements.order.map(id => state.elements.byId[id]).filter(e => e !== undefined),
    job: id => state.server.jobs.byId[id],
    async mediaBlob(mediaId) {
      const blobs = await readMediaBlobs(deps.db, [mediaId]);
      return blobs.get(mediaId)?.media;
    },
    patchShot(id, patch) {
      if (!state.shots.byId[id]) return;
      setState("shots", "byId", id, patch);
    },
    putJob(job: Job, link?: JobLink) {
      const merged = mergeJob(state.server.jobs.byId[job.id], job);
      setState("server", "jobs", "byId", job.id, reconcile(merged));
      if (!state.server.jobs.order.includes(job.id)) {
        setState("server", "jobs", "order", order => [...order, job.id]);
      }
      if (link) setState("server", "jobs", "links", job.id, link);
    },
    linkOf: id => state.server.jobs.links[id],
    async addMedia(asset: MediaAsset, blob: Blob) {
      await addMediaRecord(deps.db, { media: asset, blob });
      if (state.project.current?.id !== asset.projectId) return;
      setState("project", "media", "byId", asset.id, asset);
      setState("project", "media", "order", order => [...order, asset.id]);
      setState("project", "urls", asset.id, {
        media: URL.createObjectURL(blob),
        ...(asset.kind === "image" ? { thumbnail: URL.createObjectURL(blob) } : {}),
      });
    },
    attachShotMedia({ shotId, mediaId, sourceFrames }) {
      const timeline = attachMediaToShotClip({
        timeline: state.tracks.timeline,
        shotId,
        mediaId,
        sourceFrames,
        newId: deps.newId,
      });
      setState("tracks", { timeline });
    },
    setStreamStatus(status, info) {
      setState("server", "jobStream", { status, attempt: info.attempt });
    },
  };

  const [actions, disposeActions] = makeJobActions({
    api: makeJobsApi(deps.api),
    studio,
    newId: deps.newId,
    now: deps.now,
    get eventsUrl() {
      return eventsUrlOf(deps.api);
    },
    get token() {
      return deps.api.config().token || undefined;
    },
    grabLastFrame: deps.grabLastFrame,
    enhancePrompt: makeJobsPromptEnhancer(ctx),
    onNotice: makeJobsNotifier(ctx),
    onEventApplied: import.meta.env.VITE_E2E === "1" ? recordEventForTests : undefined,
    onError: error => {
      // Surfaced as a toast; the shot itself shows failures that belong to it.
      const notice: Notice = {
        id: deps.newId(),
        kind: "error",
        title: "That job action didn't go through",
        detail: error.message,
        code: error.code,
      };
      ctx.setState("ui", "notices", list => [...list, notice]);
    },
  });

  let disposeRoot: (() => void) | null = null;
  const onOnline = () => actions.reconnect();

  return {
    ...actions,
    start() {
      if (disposeRoot) return;
      actions.start();
      createRoot(dispose => {
        disposeRoot = dispose;
        // Every project that opens gets its generating shots hydrated (ARCHITECTURE §3.5).
        createEffect(
          on(
            () => (state.project.status === "open" ? state.project.current?.id : undefined),
            id => {
              if (id) void actions.hydrate().catch(() => undefined);
            },
          ),
        );
        if (typeof window !== "undefined") {
          window.addEventListener("online", onOnline);
          onCleanup(() => window.removeEventListener("online", onOnline));
        }
      });
    },
    stop() {
      disposeRoot?.();
      disposeRoot = null;
      disposeActions();
    },
  };
}

/** E2E builds only: every applied event's id, so a test can prove none was lost. */
function recordEventForTests(event: JobEvent): void {
  const host = globalThis as { __jobEvents?: { id: number; type: string; jobId: string }[] };
  (host.__jobEvents ??= []).push({ id: event.id, type: event.type, jobId: event.data.jobId });
}

/** `actions.jobs` of a store (throws when the store was built without it). */
export function jobsActionsOf(store: StudioStore): JobsActions {
  const jobs = (store.actions as StudioActions & { jobs?: JobsActions }).jobs;
  if (!jobs) throw new Error("The store has no jobs actions: add createJobsActions to it.");
  return jobs;
}
