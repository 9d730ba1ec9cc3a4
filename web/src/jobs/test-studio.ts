/**
 * In-memory stand-ins for the studio store and the HTTP API, for job-action tests. The fake API
 * records every call and lets a test decide each answer; the fake studio keeps jobs with the same
 * pure functions the real server slice uses.
 */
import type { CreateJobRequest } from "@milimo/shared/api";
import {
  makeElement,
  makeScene,
  makeShot,
  type Element,
  type Job,
  type MediaAsset,
  type Scene,
  type Shot,
} from "@milimo/shared/schema";
import type { JobStreamStatus } from "./job-events";
import type { JobsApi, JobsStudio } from "./job-actions";
import { makeJobsState, upsertJob, type JobLink, type JobsState } from "./jobs-state";
import { makeTestJob } from "./test-jobs";

export const PROJECT_ID = "p1";

export function makeMemoryStudio({
  shots = [],
  scenes = [],
  elements = [],
  blobs = {},
}: {
  shots?: Shot[];
  scenes?: Scene[];
  elements?: Element[];
  blobs?: Record<string, Blob>;
} = {}) {
  const shotMap = new Map(shots.map(s => [s.id, structuredClone(s)]));
  let jobs: JobsState = makeJobsState();
  const media: { asset: MediaAsset; blob: Blob }[] = [];
  const attached: { shotId: string; mediaId: string; sourceFrames: number }[] = [];
  const streamStatuses: JobStreamStatus[] = [];
  const studio: JobsStudio = {
    project: () => ({ id: PROJECT_ID, fps: 25 }),
    shot: id => shotMap.get(id),
    shots: () => [...shotMap.values()],
    scene: id => scenes.find(s => s.id === id),
    elements: () => elements,
    job: id => jobs.byId[id],
    mediaBlob: id => Promise.resolve(blobs[id] ?? media.find(m => m.asset.id === id)?.blob),
    patchShot(id, patch) {
      const shot = shotMap.get(id);
      if (shot) shotMap.set(id, { ...shot, ...patch });
    },
    putJob(job: Job, link?: JobLink) {
      jobs = upsertJob(jobs, job, link);
    },
    linkOf: id => jobs.links[id],
    addMedia(asset, blob) {
      media.push({ asset, blob });
      return Promise.resolve();
    },
    attachShotMedia(args) {
      attached.push(args);
    },
    setStreamStatus(status) {
      streamStatuses.push(status);
    },
  };
  return {
    studio,
    media,
    attached,
    streamStatuses,
    jobs: () => jobs,
    shotOf: (id: string): Shot => {
      const shot = shotMap.get(id);
      if (!shot) throw new Error(`no shot ${id}`);
      return shot;
    },
  };
}

/** A thrown API error as the client throws it. */
export function apiError(code: string, message = code): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}

/** A fake API: jobs get ids job-1, job-2…; uploads get "up-<name>"; artifacts are tiny blobs. */
export function makeFakeApi() {
  const created: CreateJobRequest[] = [];
  const uploads: { name: string; size: number }[] = [];
  const cancelled: string[] = [];
  const fetched: string[] = [];
  const serverJobs = new Map<string, Job>();
  let nextId = 1;
  const api: JobsApi & { failCreateWith: Error | null; failGetWith: Error | null } = {
    failCreateWith: null,
    failGetWith: null,
    upload(file, name) {
      uploads.push({ name, size: file.size });
      return Promise.resolve({ id: `up-${name}` });
    },
    createJob(request) {
      if (api.failCreateWith) return Promise.reject(api.failCreateWith);
      created.push(request);
      const job = makeTestJob({
        id: `job-${nextId++}`,
        kind: request.kind,
        params: request.params,
      });
      serverJobs.set(job.id, job);
      return Promise.resolve(job);
    },
    getJob(id) {
      if (api.failGetWith) return Promise.reject(api.failGetWith);
      const job = serverJobs.get(id);
      return job ? Promise.resolve(job) : Promise.reject(apiError("JOB_NOT_FOUND"));
    },
    cancelJob(id) {
      cancelled.push(id);
      const job = serverJobs.get(id);
      if (!job) return Promise.reject(apiError("JOB_NOT_FOUND"));
      const next: Job = { ...job, status: "cancelled" };
      serverJobs.set(id, next);
      return Promise.resolve(next);
    },
    listJobs() {
      return Promise.resolve([...serverJobs.values()].reverse());
    },
    fetchArtifact(jobId, name) {
      fetched.push(`${jobId}/${name}`);
      const mime = name.endsWith(".mp4") ? "video/mp4" : "image/png";
      return Promise.resolve(new Blob([`${jobId}:${name}`], { type: mime }));
    },
  };
  return { api, created, uploads, cancelled, fetched, serverJobs };
}

/** A scene with "Mara" and a shot that mentions her, plus her element with a reference image. */
export function makeMaraFixture() {
  const scene = makeScene({
    id: "sc1",
    projectId: PROJECT_ID,
    index: 0,
    heading: "INT. LIGHTHOUSE - NIGHT",
    name: "LIGHTHOUSE - NIGHT",
  });
  const mara = makeElement({
    id: "el-mara",
    projectId: PROJECT_ID,
    type: "character",
    name: "Mara",
    description: "a keeper in a yellow raincoat",
    referenceMediaIds: ["ref-mara"],
  });
  const first = makeShot({
    id: "s1",
    projectId: PROJECT_ID,
    sceneId: "sc1",
    index: 0,
    action: "Waves crash against the rocks.",
    shotType: "wide",
  });
  const second = makeShot({
    id: "s2",
    projectId: PROJECT_ID,
    sceneId: "sc1",
    index: 1,
    action: "@Mara climbs the stairs with a lamp.",
    characters: ["MARA"],
    numFrames: 50,
    steps: 4,
    seed: 7,
  });
  return { scene, mara, first, second };
}
