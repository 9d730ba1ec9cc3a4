/**
 * SSE client for `GET /api/events` (ARCHITECTURE §3.5, §6). Policy: we never rely on EventSource's
 * own reconnect, because it neither backs off nor survives a non-2xx answer (it goes CLOSED). On
 * any `error` the source is closed and a new one is opened after an exponential, jittered delay,
 * with `?lastEventId=<n>` so the server replays what was missed (a manually created EventSource
 * cannot set the `Last-Event-ID` header). Events at or below the last seen id are dropped, so a
 * replay that overlaps what we already applied is harmless.
 */
import { JOB_EVENT_TYPES, parseJobEvent, type JobEvent } from "@milimo/shared/schema";

/** Where the stream stands: "open" delivers events; "reconnecting" waits for the next attempt. */
export type JobStreamStatus = "connecting" | "open" | "reconnecting" | "closed";

/** Reconnect delays: `initialMs` (default 500) × `factor` (2) per failed attempt, capped at `maxMs` (15 000), ± `jitter` (0.2). */
export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  jitter?: number;
}

/** The part of the EventSource constructor the client uses (a MockEventSource in tests). */
export type EventSourceLike = Pick<
  EventSource,
  "readyState" | "close" | "addEventListener" | "removeEventListener"
> & { onopen: ((ev: Event) => unknown) | null; onerror: ((ev: Event) => unknown) | null };
export type EventSourceConstructor = new (url: string) => EventSourceLike;

/** Timers, injectable so tests step through backoff without waiting. */
export interface TimerApi {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface JobEventStreamOptions {
  /** Absolute or same-origin URL of the events endpoint, e.g. "/api/events". */
  url: string;
  /** Sent as `?token=` because EventSource cannot set headers (ARCHITECTURE §6). */
  token?: string;
  /** Resume after this event id on the first connection; default none (live events only). */
  lastEventId?: number;
  onEvent(event: JobEvent): void;
  /** Called on every status change; `attempt` counts failed attempts since the last open. */
  onStatus?(status: JobStreamStatus, info: { attempt: number; delayMs: number }): void;
  /** A message that failed the shared schema (e.g. a newer server's event); it is skipped. */
  onInvalid?(reason: string): void;
  backoff?: BackoffOptions;
  EventSourceImpl?: EventSourceConstructor;
  timers?: TimerApi;
  /** 0..1 source for jitter; default Math.random. */
  random?: () => number;
}

export interface JobEventStream {
  /** Id of the newest event delivered (0 before any). */
  lastEventId(): number;
  status(): JobStreamStatus;
  /** Drops the current connection (if any) and connects again at once, resuming from the last id. */
  reconnectNow(): void;
}

const DEFAULT_BACKOFF: Required<BackoffOptions> = {
  initialMs: 500,
  maxMs: 15_000,
  factor: 2,
  jitter: 0.2,
};

/** Delay in ms before reconnect attempt `attempt` (0-based), jittered by `random` (0..1). */
export function computeBackoffDelay({
  attempt,
  backoff = {},
  random = Math.random,
}: {
  attempt: number;
  backoff?: BackoffOptions;
  random?: () => number;
}): number {
  const { initialMs, maxMs, factor, jitter } = { ...DEFAULT_BACKOFF, ...backoff };
  const base = Math.min(maxMs, initialMs * factor ** attempt);
  return Math.round(base * (1 - jitter + 2 * jitter * random()));
}

/** The events URL with `token` and `lastEventId` query parameters (absent when 0 / unset). */
export function buildEventsUrl({
  url,
  token,
  lastEventId,
}: {
  url: string;
  token?: string;
  lastEventId: number;
}): string {
  const params: string[] = [];
  if (token) params.push(`token=${encodeURIComponent(token)}`);
  if (lastEventId > 0) params.push(`lastEventId=${lastEventId}`);
  if (params.length === 0) return url;
  return `${url}${url.includes("?") ? "&" : "?"}${params.join("&")}`;
}

const defaultTimers: TimerApi = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: handle => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Opens the job event stream and keeps it open until disposed; returns `[stream, dispose]`.
 * Non-reactive (STYLE §3 `makeX`): the caller wires `onEvent`/`onStatus` into the store.
 */
export function makeJobEventStream(options: JobEventStreamOptions): [JobEventStream, () => void] {
  const EventSourceImpl = options.EventSourceImpl ?? globalThis.EventSource;
  const timers = options.timers ?? defaultTimers;
  let lastId = options.lastEventId ?? 0;
  let status: JobStreamStatus = "connecting";
  let attempt = 0;
  let source: EventSourceLike | null = null;
  let timer: unknown = null;
  let disposed = false;

  const setStatus = (next: JobStreamStatus, delayMs = 0) => {
    status = next;
    options.onStatus?.(next, { attempt, delayMs });
  };

  const onMessage = (ev: Event) => {
    const message = ev as MessageEvent<string>;
    const parsed = parseJobEvent({
      id: message.lastEventId,
      type: message.type,
      data: message.data,
    });
    if (!parsed.ok) {
      options.onInvalid?.(parsed.error);
      return;
    }
    // A replay can overlap what this client already applied; ids only grow (ARCHITECTURE §6).
    if (parsed.value.id <= lastId) return;
    lastId = parsed.value.id;
    options.onEvent(parsed.value);
  };

  const closeSource = () => {
    if (!source) return;
    for (const type of JOB_EVENT_TYPES) source.removeEventListener(type, onMessage);
    source.onopen = null;
    source.onerror = null;
    source.close();
    source = null;
  };

  const scheduleReconnect = () => {
    closeSource();
    if (disposed) return;
    const delayMs = computeBackoffDelay({
      attempt,
      backoff: options.backoff,
      random: options.random,
    });
    attempt += 1;
    setStatus("reconnecting", delayMs);
    timer = timers.setTimeout(() => {
      timer = null;
      connect();
    }, delayMs);
  };

  const connect = () => {
    if (disposed) return;
    if (status !== "reconnecting") setStatus("connecting");
    const next = new EventSourceImpl(
      buildEventsUrl({ url: options.url, token: options.token, lastEventId: lastId }),
    );
    source = next;
    for (const type of JOB_EVENT_TYPES) next.addEventListener(type, onMessage);
    next.onopen = () => {
      attempt = 0;
      setStatus("open");
    };
    next.onerror = () => {
      if (source === next) scheduleReconnect();
    };
  };

  connect();

  const stream: JobEventStream = {
    lastEventId: () => lastId,
    status: () => status,
    reconnectNow() {
      if (disposed) return;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      closeSource();
      status = "connecting";
      connect();
    },
  };
  const dispose = () => {
    disposed = true;
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    closeSource();
    setStatus("closed");
  };
  return [stream, dispose];
}
