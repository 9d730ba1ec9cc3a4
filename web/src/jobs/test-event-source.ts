/**
 * A MockEventSource for unit tests (the solid-primitives approach): every instance is recorded so a
 * test can open it, push server messages into it and fail it, then look at the URL of the next one.
 */
import type { EventSourceLike } from "./job-events";
import type { JobEvent } from "@milimo/shared/schema";

export class MockEventSource implements EventSourceLike {
  static instances: MockEventSource[] = [];
  static reset(): void {
    MockEventSource.instances = [];
  }
  static latest(): MockEventSource {
    const last = MockEventSource.instances.at(-1);
    if (!last) throw new Error("no EventSource was created");
    return last;
  }

  readonly url: string;
  readyState: number = 0;
  closed = false;
  onopen: ((ev: Event) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  private listeners = new Map<string, Set<(ev: Event) => void>>();

  constructor(url: string) {
    this.url = url;
    MockEventSource.instances.push(this);
  }

  addEventListener(type: string, listener: unknown): void {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener as (ev: Event) => void);
    this.listeners.set(type, set);
  }
  removeEventListener(type: string, listener: unknown): void {
    this.listeners.get(type)?.delete(listener as (ev: Event) => void);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }

  /** The server accepted the connection. */
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }
  /** The connection dropped (or the server answered with an error). */
  fail(): void {
    this.readyState = 2;
    this.onerror?.(new Event("error"));
  }
  /** Delivers one event as the browser would: `type`, `data` text and `lastEventId`. */
  emit(event: JobEvent): void {
    this.emitRaw({ id: String(event.id), type: event.type, data: JSON.stringify(event.data) });
  }
  emitRaw({ id, type, data }: { id: string; type: string; data: string }): void {
    const ev = new MessageEvent(type, { data, lastEventId: id });
    for (const listener of this.listeners.get(type) ?? []) listener(ev);
  }
  /** The `lastEventId` query parameter this source was opened with, or null. */
  resumedFrom(): number | null {
    const value = new URL(this.url, "http://studio.test").searchParams.get("lastEventId");
    return value === null ? null : Number(value);
  }
}

/** A fake timer queue: `advance(ms)` fires due callbacks in order. */
export function makeFakeTimers() {
  let now = 0;
  let seq = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  return {
    setTimeout(fn: () => void, ms: number): unknown {
      seq += 1;
      pending.set(seq, { at: now + ms, fn });
      return seq;
    },
    clearTimeout(handle: unknown): void {
      pending.delete(handle as number);
    },
    /** Delays of the timers still pending, soonest first. */
    pendingDelays(): number[] {
      return [...pending.values()].map(t => t.at - now).sort((a, b) => a - b);
    },
    advance(ms: number): void {
      const target = now + ms;
      for (;;) {
        const due = [...pending.entries()]
          .filter(([, t]) => t.at <= target)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = target;
    },
  };
}
