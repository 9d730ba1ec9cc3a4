/**
 * Every path of the HTTP contract (ARCHITECTURE §6). Builders return paths relative to the server
 * origin (prefix them with the configured base URL); segments are URI-encoded. `ApiRoute` holds the
 * router patterns the server mounts, so the two sides cannot drift apart.
 */
import type { JobStatus } from "../schema/job";

export const API_PREFIX = "/api";

const seg = (value: string) => encodeURIComponent(value);

function withQuery(path: string, query: Record<string, string | undefined>): string {
  const pairs = Object.entries(query).filter(
    (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== "",
  );
  if (pairs.length === 0) return path;
  return `${path}?${pairs.map(([k, v]) => `${seg(k)}=${seg(v)}`).join("&")}`;
}

/** Options of `ApiPath.jobs`. */
export interface JobsPathQuery {
  status?: readonly JobStatus[];
  ids?: readonly string[];
}

/** Options of `ApiPath.events`; `token` only for EventSource, which cannot send headers. */
export interface EventsPathQuery {
  jobs?: readonly string[];
  token?: string;
  /** Resume after this event id on a fresh connection (EventSource sends Last-Event-ID itself). */
  lastEventId?: number;
}

export const ApiPath = {
  health: `${API_PREFIX}/health`,
  models: `${API_PREFIX}/models`,
  /** `GET` a model's file, e.g. the SAM decoder the browser runs. */
  modelFile: (modelId: string, name: string) =>
    `${API_PREFIX}/models/${seg(modelId)}/files/${seg(name)}`,
  uploads: `${API_PREFIX}/uploads`,
  /** `GET`/`HEAD` an upload's record: 200 when the server has the file, 404 otherwise. */
  upload: (uploadId: string) => `${API_PREFIX}/uploads/${seg(uploadId)}`,
  /** `POST` creates a job; `GET` lists them, filtered by status and/or ids. */
  jobs: (query: JobsPathQuery = {}) =>
    withQuery(`${API_PREFIX}/jobs`, {
      status: query.status?.join(","),
      ids: query.ids?.join(","),
    }),
  job: (jobId: string) => `${API_PREFIX}/jobs/${seg(jobId)}`,
  cancelJob: (jobId: string) => `${API_PREFIX}/jobs/${seg(jobId)}/cancel`,
  artifact: (jobId: string, name: string) =>
    `${API_PREFIX}/jobs/${seg(jobId)}/artifacts/${seg(name)}`,
  events: (query: EventsPathQuery = {}) =>
    withQuery(`${API_PREFIX}/events`, {
      jobs: query.jobs?.join(","),
      token: query.token,
      lastEventId: query.lastEventId === undefined ? undefined : String(query.lastEventId),
    }),
  samEmbed: `${API_PREFIX}/sam/embed`,
  /** `POST` a picture (or an upload's frame) and a phrase; answers boxes best first. */
  samGround: `${API_PREFIX}/sam/ground`,
} as const;

/** Router patterns (Hono syntax) relative to `API_PREFIX`, grouped by the route file that owns them. */
export const ApiRoute = {
  health: "/health",
  models: "/models",
  modelFile: "/models/:id/files/:name",
  uploads: "/uploads",
  upload: "/uploads/:id",
  jobs: "/jobs",
  job: "/jobs/:id",
  cancelJob: "/jobs/:id/cancel",
  artifact: "/jobs/:id/artifacts/:name",
  events: "/events",
  samEmbed: "/sam/embed",
  samGround: "/sam/ground",
} as const;

/** Query parameter that carries the API token where headers are impossible (EventSource, media). */
export const TOKEN_QUERY_PARAM = "token";
