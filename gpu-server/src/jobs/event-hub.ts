/**
 * SSE fan-out with replay. Every event is appended to the SQLite event log first (its row id is the
 * SSE id, so ids increase server-wide and survive restarts), then encoded once and queued on every
 * matching subscriber's stream. A subscriber that connects with Last-Event-ID n receives the logged
 * events after n and is registered in the same synchronous tick, so no event falls between replay
 * and live delivery.
 *
 * The log keeps RETENTION_HOURS of events and at most EVENT_LOG_MAX of them (oldest dropped first).
 * A client whose n is older than the oldest kept event gets what is kept, preceded by a
 * `: replay-truncated` comment; it must re-read its jobs with `GET /api/jobs/:id` (the job rows are
 * the source of truth). A subscriber that stops reading (over 4 MiB queued) is closed; its
 * EventSource reconnects and replays from its last id. Under Node the route writes straight to the
 * socket (`attach` with a response sink): one encoded buffer per event, no stream machinery per
 * subscriber, which is what keeps fan-out to 1,000 clients cheap.
 */
import type { JobEventData, JobEventType } from "@milimo/shared/schema";
import type { JobStore, StoredEvent } from "./job-store";

const MAX_QUEUED_BYTES = 4 * 1024 * 1024;
const RETRY_MS = 3000;

/** Where a subscriber's bytes go: a ReadableStream (fetch-style) or a Node response (fast path). */
export interface EventSink {
  write(bytes: Uint8Array): void;
  /** Bytes written but not yet taken by the client. */
  queuedBytes(): number;
  close(): void;
}

interface Subscriber {
  sink: EventSink;
  jobIds: ReadonlySet<string> | undefined;
}

export interface EventHub {
  /** Appends an event to the log (call inside the job's store transaction), not yet sent. */
  record<T extends JobEventType>(args: {
    jobId: string;
    type: T;
    data: JobEventData<T>;
  }): StoredEvent;
  /** Sends a recorded event to every matching subscriber. */
  broadcast(event: StoredEvent): void;
  /** record + broadcast. */
  publish<T extends JobEventType>(args: {
    jobId: string;
    type: T;
    data: JobEventData<T>;
  }): StoredEvent;
  /**
   * Writes the preamble and the replay after `lastEventId` (when given) to `sink`, then registers it
   * for live events and heartbeats, all in one synchronous step. Returns the function that detaches it.
   */
  attach(args: { sink: EventSink; jobIds?: readonly string[]; lastEventId?: number }): () => void;
  /** `attach` to a new SSE byte stream. */
  subscribe(args: { jobIds?: readonly string[]; lastEventId?: number }): ReadableStream<Uint8Array>;
  subscriberCount(): number;
  /** Ends every stream and stops the heartbeat. */
  close(): void;
}

/** Formats one stored event as an SSE message. */
export function formatSseMessage(event: StoredEvent): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${event.data}\n\n`;
}

/** Creates the hub; `heartbeatMs` is the comment interval (default 15 000). */
export function makeEventHub(args: {
  store: JobStore;
  now?: () => Date;
  heartbeatMs?: number;
}): EventHub {
  const { store } = args;
  const now = args.now ?? (() => new Date());
  const encoder = new TextEncoder();
  const subscribers = new Set<Subscriber>();
  const heartbeat = encoder.encode(": heartbeat\n\n");

  const drop = (sub: Subscriber) => {
    if (!subscribers.delete(sub)) return;
    try {
      sub.sink.close();
    } catch {
      // already closed by the client
    }
  };

  const send = (sub: Subscriber, bytes: Uint8Array) => {
    if (sub.sink.queuedBytes() > MAX_QUEUED_BYTES) {
      drop(sub);
      return;
    }
    sub.sink.write(bytes);
  };

  const timer = setInterval(() => {
    for (const sub of subscribers) send(sub, heartbeat);
  }, args.heartbeatMs ?? 15_000);
  timer.unref();

  const record: EventHub["record"] = ({ jobId, type, data }) =>
    store.appendEvent({ jobId, type, data, createdAt: now().toISOString() });

  const broadcast: EventHub["broadcast"] = event => {
    if (subscribers.size === 0) return;
    const bytes = encoder.encode(formatSseMessage(event));
    for (const sub of subscribers) {
      if (!sub.jobIds || sub.jobIds.has(event.jobId)) send(sub, bytes);
    }
  };

  const attach: EventHub["attach"] = ({ sink, jobIds, lastEventId }) => {
    const sub: Subscriber = { sink, jobIds: jobIds?.length ? new Set(jobIds) : undefined };
    sink.write(encoder.encode(`retry: ${RETRY_MS}\n: connected\n\n`));
    if (lastEventId !== undefined) {
      const oldest = store.oldestEventId();
      const latest = store.latestEventId();
      const missedSome = lastEventId < latest && (oldest === undefined || oldest > lastEventId + 1);
      if (missedSome) {
        sink.write(encoder.encode(`: replay-truncated oldest=${oldest ?? latest + 1}\n\n`));
      }
      for (const event of store.eventsAfter({ afterId: lastEventId, jobIds })) {
        sink.write(encoder.encode(formatSseMessage(event)));
      }
    }
    subscribers.add(sub);
    return () => {
      subscribers.delete(sub);
    };
  };

  return {
    record,
    broadcast,
    publish(a) {
      const event = record(a);
      broadcast(event);
      return event;
    },
    attach,
    subscribe({ jobIds, lastEventId }) {
      let detach: (() => void) | undefined;
      return new ReadableStream<Uint8Array>(
        {
          start(controller) {
            detach = attach({
              jobIds,
              lastEventId,
              sink: {
                write: bytes => controller.enqueue(bytes),
                queuedBytes: () => Math.max(0, -(controller.desiredSize ?? 0)),
                close: () => controller.close(),
              },
            });
          },
          cancel() {
            detach?.();
          },
        },
        // Highwater 0: every queued byte counts as "not taken by the client yet".
        new ByteLengthQueuingStrategy({ highWaterMark: 0 }),
      );
    },
    subscriberCount: () => subscribers.size,
    close() {
      clearInterval(timer);
      for (const sub of [...subscribers]) drop(sub);
    },
  };
}
