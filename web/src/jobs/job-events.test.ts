import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { JobEvent } from "@milimo/shared/schema";
import {
  buildEventsUrl,
  computeBackoffDelay,
  makeJobEventStream,
  type JobStreamStatus,
} from "./job-events";
import { MockEventSource, makeFakeTimers } from "./test-event-source";
import { completeEvent, progressEvent } from "./test-jobs";

function openStream(extra: { lastEventId?: number; token?: string } = {}) {
  const timers = makeFakeTimers();
  const events: JobEvent[] = [];
  const statuses: JobStreamStatus[] = [];
  const invalid: string[] = [];
  const [stream, dispose] = makeJobEventStream({
    url: "/api/events",
    ...extra,
    onEvent: e => events.push(e),
    onStatus: s => statuses.push(s),
    onInvalid: r => invalid.push(r),
    EventSourceImpl: MockEventSource,
    timers,
    random: () => 0.5, // no jitter: delays are exactly initial × factor^attempt
  });
  return { stream, dispose, timers, events, statuses, invalid };
}

describe("makeJobEventStream", () => {
  beforeEach(() => MockEventSource.reset());
  afterEach(() => MockEventSource.reset());

  it("delivers parsed events in order and remembers the last id", () => {
    const { stream, events, dispose } = openStream();
    const source = MockEventSource.latest();
    source.open();
    source.emit(progressEvent({ id: 3, jobId: "j1", step: 1, total: 4 }));
    source.emit(progressEvent({ id: 4, jobId: "j1", step: 2, total: 4 }));
    expect(events.map(e => e.id)).toEqual([3, 4]);
    expect(stream.lastEventId()).toBe(4);
    expect(stream.status()).toBe("open");
    dispose();
  });

  it("after a drop, reconnects with the last event id and loses nothing the server replays", () => {
    const { events, timers, dispose } = openStream();
    const first = MockEventSource.latest();
    first.open();
    first.emit(progressEvent({ id: 7, jobId: "j1", step: 1, total: 3 }));
    first.fail();
    expect(first.closed).toBe(true);

    timers.advance(500);
    const second = MockEventSource.latest();
    expect(second).not.toBe(first);
    expect(second.resumedFrom()).toBe(7);
    second.open();
    // The server replays from 8 on; an overlap with 7 must not be applied twice.
    second.emit(progressEvent({ id: 7, jobId: "j1", step: 1, total: 3 }));
    second.emit(progressEvent({ id: 8, jobId: "j1", step: 2, total: 3 }));
    second.emit(completeEvent({ id: 9, jobId: "j1" }));
    expect(events.map(e => e.id)).toEqual([7, 8, 9]);
    expect(events.at(-1)?.type).toBe("complete");
    dispose();
  });

  it("backs off exponentially while the server stays down and resets after it comes back", () => {
    const { timers, statuses, dispose } = openStream();
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      MockEventSource.latest().fail();
      delays.push(timers.pendingDelays()[0] ?? -1);
      timers.advance(delays.at(-1) ?? 0);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000]);
    expect(statuses).toContain("reconnecting");

    MockEventSource.latest().open();
    MockEventSource.latest().fail();
    expect(timers.pendingDelays()).toEqual([500]);
    dispose();
  });

  it("keeps exactly one connection: a late error from a replaced source is ignored", () => {
    const { timers, dispose } = openStream();
    const first = MockEventSource.latest();
    first.fail();
    timers.advance(500);
    const count = MockEventSource.instances.length;
    first.onerror?.(new Event("error")); // handlers were detached; nothing happens
    expect(timers.pendingDelays()).toEqual([]);
    expect(MockEventSource.instances.length).toBe(count);
    dispose();
  });

  it("resumes from a given id on the first connection and carries the token", () => {
    const { dispose } = openStream({ lastEventId: 41, token: "s e" });
    const url = new URL(MockEventSource.latest().url, "http://studio.test");
    expect(url.searchParams.get("lastEventId")).toBe("41");
    expect(url.searchParams.get("token")).toBe("s e");
    dispose();
  });

  it("skips messages that fail the shared schema and keeps going", () => {
    const { events, invalid, dispose } = openStream();
    const source = MockEventSource.latest();
    source.open();
    source.emitRaw({ id: "2", type: "progress", data: "{not json" });
    source.emit(progressEvent({ id: 3, jobId: "j1", step: 1, total: 2 }));
    expect(invalid).toHaveLength(1);
    expect(events.map(e => e.id)).toEqual([3]);
    dispose();
  });

  it("reconnectNow skips the pending wait; dispose stops reconnecting", () => {
    const { stream, timers, statuses, dispose } = openStream();
    MockEventSource.latest().open();
    MockEventSource.latest().emit(progressEvent({ id: 5, jobId: "j", step: 1, total: 2 }));
    MockEventSource.latest().fail();
    stream.reconnectNow();
    expect(timers.pendingDelays()).toEqual([]);
    expect(MockEventSource.latest().resumedFrom()).toBe(5);

    dispose();
    const count = MockEventSource.instances.length;
    MockEventSource.latest().fail();
    timers.advance(60_000);
    expect(MockEventSource.instances.length).toBe(count);
    expect(statuses.at(-1)).toBe("closed");
  });
});

describe("computeBackoffDelay", () => {
  it.each([
    { attempt: 0, random: 0.5, expected: 500 },
    { attempt: 3, random: 0.5, expected: 4000 },
    { attempt: 10, random: 0.5, expected: 15_000 },
    { attempt: 0, random: 0, expected: 400 },
    { attempt: 0, random: 1, expected: 600 },
  ])("attempt $attempt with random $random waits $expected ms", ({ attempt, random, expected }) => {
    expect(computeBackoffDelay({ attempt, random: () => random })).toBe(expected);
  });
});

describe("buildEventsUrl", () => {
  it.each([
    { lastEventId: 0, token: undefined, url: "/api/events", expected: "/api/events" },
    {
      lastEventId: 12,
      token: undefined,
      url: "/api/events",
      expected: "/api/events?lastEventId=12",
    },
    {
      lastEventId: 3,
      token: "t",
      url: "/api/events?jobs=a",
      expected: "/api/events?jobs=a&token=t&lastEventId=3",
    },
  ])("$expected", ({ lastEventId, token, url, expected }) => {
    expect(buildEventsUrl({ url, token, lastEventId })).toBe(expected);
  });
});
