import { afterEach, describe, expect, it } from "vitest";
import type { JobEvent } from "@milimo/shared/schema";
import { makeGatedPipeline } from "../test/fake-pipelines";
import { makeTestApp, type TestApp, type TestAppOptions } from "../test/make-test-app";
import { createJob, expectError, renderJob, waitForStatus } from "../test/requests";
import { readSse, type SseReader } from "../test/sse";

let t: TestApp | undefined;
const readers: SseReader[] = [];
const start = async (options?: TestAppOptions) => (t = await makeTestApp(options));
afterEach(async () => {
  await Promise.all(readers.splice(0).map(r => r.close()));
  await t?.close();
  t = undefined;
});

async function connect(app: TestApp, path = "/api/events", headers: Record<string, string> = {}) {
  const res = await app.request(path, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toMatch(/^text\/event-stream/);
  const reader = readSse(res);
  readers.push(reader);
  return reader;
}

const summary = (events: JobEvent[]) => events.map(e => `${e.id}:${e.type}:${e.data.jobId}`);

describe("GET /api/events", () => {
  it("streams every transition of a job with increasing ids and the contract's data", async () => {
    const gated = makeGatedPipeline();
    const app = await start({ pipelines: { render: gated.pipeline } });
    const sse = await connect(app);
    const job = await createJob(app, renderJob("a"));
    await gated.waitStarted(job.id);
    gated.release(job.id);

    const events = await sse.events(6);
    expect(events.map(e => e.type)).toEqual([
      "queued",
      "started",
      "progress",
      "progress",
      "progress",
      "complete",
    ]);
    expect(events.every(e => e.data.jobId === job.id && e.data.kind === "render")).toBe(true);
    const ids = events.map(e => e.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const last = events.at(-1);
    expect(last?.type === "complete" && last.data.artifacts.map(a => a.name)).toEqual(["out.txt"]);
    const progress = events
      .filter(e => e.type === "progress")
      .map(e => e.type === "progress" && e.data.progress.step);
    expect(progress).toEqual([0, 1, 2]);
  });

  it("replays exactly the missed events after a reconnect with Last-Event-ID", async () => {
    const gated = makeGatedPipeline();
    const app = await start({ pipelines: { render: gated.pipeline } });
    const witness = await connect(app);
    const first = await connect(app);

    const a = await createJob(app, renderJob("a"));
    await gated.waitStarted(a.id);
    const seen = await first.events(3); // queued, started, progress 0/2
    await first.close();
    const lastSeenId = (seen.at(-1) as JobEvent).id;

    // While disconnected: a finishes, b is queued and starts.
    gated.release(a.id);
    await waitForStatus(app, a.id, "completed");
    const b = await createJob(app, renderJob("b"));
    await gated.waitStarted(b.id);

    const all = await witness.events(6 + 3);
    const missed = all.filter(e => e.id > lastSeenId);
    expect(missed.map(e => e.type)).toEqual([
      "progress",
      "progress",
      "complete",
      "queued",
      "started",
      "progress",
    ]);

    const resumed = await connect(app, "/api/events", { "Last-Event-ID": String(lastSeenId) });
    expect(summary(await resumed.events(missed.length))).toEqual(summary(missed));
    // Then live events follow with nothing repeated in between.
    const c = await createJob(app, renderJob("c"));
    const next = await resumed.nextEvent();
    expect(next.type).toBe("queued");
    expect(next.data.jobId).toBe(c.id);
    expect(next.id).toBe((missed.at(-1) as JobEvent).id + 1);
    await app.deps.queue.close();
  });

  it("resumes from ?lastEventId= on a fresh connection", async () => {
    const app = await start({ pipelines: { render: undefined } });
    const job = await createJob(app, renderJob("a"));
    await waitForStatus(app, job.id, "failed");
    const sse = await connect(app, "/api/events?lastEventId=1");
    const events = await sse.events(2);
    expect(events.map(e => [e.id, e.type])).toEqual([
      [2, "started"],
      [3, "error"],
    ]);
    const error = events[1];
    expect(error?.type === "error" && error.data.error.code).toBe("PIPELINE_UNAVAILABLE");
  });

  it("filters by ?jobs=, in the replay and live", async () => {
    const gated = makeGatedPipeline();
    const app = await start({ pipelines: { render: gated.pipeline } });
    const a = await createJob(app, renderJob("a"));
    const b = await createJob(app, renderJob("b"));
    await gated.waitStarted(a.id);
    const sse = await connect(app, `/api/events?jobs=${b.id}&lastEventId=0`);
    expect((await sse.nextEvent()).data.jobId).toBe(b.id); // replayed "queued"
    await app.request(`/api/jobs/${a.id}/cancel`, { method: "POST" });
    await gated.waitStarted(b.id);
    const live = await sse.events(2);
    expect(live.map(e => [e.type, e.data.jobId])).toEqual([
      ["started", b.id],
      ["progress", b.id],
    ]);
    await app.deps.queue.close();
  });

  it("sends a cancelled event when a running job is cancelled", async () => {
    const gated = makeGatedPipeline();
    const app = await start({ pipelines: { render: gated.pipeline } });
    const sse = await connect(app);
    const job = await createJob(app, renderJob("a"));
    await gated.waitStarted(job.id);
    await app.request(`/api/jobs/${job.id}/cancel`, { method: "POST" });
    const types = (await sse.events(4)).map(e => e.type);
    expect(types).toEqual(["queued", "started", "progress", "cancelled"]);
  });

  it("sends heartbeat comments on an idle stream", async () => {
    const app = await start({ env: { HEARTBEAT_MS: "30" } });
    const sse = await connect(app);
    await expect(sse.nextEvent(150)).rejects.toThrow(/timed out/);
    expect(sse.comments.filter(c => c === "heartbeat").length).toBeGreaterThanOrEqual(2);
  });

  it("says when events were pruned from the replay log and sends what is kept", async () => {
    const app = await start({ pipelines: { render: undefined } });
    const job = await createJob(app, renderJob("a"));
    await waitForStatus(app, job.id, "failed");
    app.deps.store.pruneEvents({ before: "2000-01-01T00:00:00.000Z", maxEvents: 1 });
    const sse = await connect(app, "/api/events", { "Last-Event-ID": "0" });
    const kept = await sse.nextEvent();
    expect(kept.type).toBe("error");
    expect(sse.comments).toContain("replay-truncated oldest=3");
  });

  it("answers 400 for a Last-Event-ID that is not a number", async () => {
    const app = await start();
    await expectError(
      await app.request("/api/events", { headers: { "Last-Event-ID": "abc" } }),
      400,
      "INVALID_REQUEST",
    );
  });

  it("forgets a subscriber when its client disconnects", async () => {
    const app = await start();
    const sse = await connect(app);
    expect(app.deps.hub.subscriberCount()).toBe(1);
    await sse.close();
    expect(app.deps.hub.subscriberCount()).toBe(0);
  });
});

describe("GET /api/events over a real Node socket (the direct-write path)", () => {
  it("streams, replays after Last-Event-ID and carries the middleware headers", async () => {
    const { serve } = await import("@hono/node-server");
    const gated = makeGatedPipeline();
    const app = await start({
      pipelines: { render: gated.pipeline },
      env: { CORS_ORIGIN: "https://studio.example" },
    });
    const server = serve({ fetch: app.app.fetch, port: 0, hostname: "127.0.0.1" });
    try {
      await new Promise<void>(r => server.once("listening", () => r()));
      const address = server.address();
      const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
      const res = await fetch(`${base}/api/events`, {
        headers: { Origin: "https://studio.example" },
      });
      expect(res.headers.get("Content-Type")).toMatch(/^text\/event-stream/);
      expect(res.headers.get("Cross-Origin-Embedder-Policy")).toBe("require-corp");
      expect(res.headers.get("Cross-Origin-Resource-Policy")).toBe("cross-origin");
      expect(res.headers.get("Access-Control-Allow-Origin")).toBe("https://studio.example");
      expect(res.headers.get("X-Request-Id")).toBeTruthy();
      const live = readSse(res);
      readers.push(live);

      const job = await createJob(app, renderJob("a"));
      await gated.waitStarted(job.id);
      const [queued, started] = await live.events(2);
      await live.close();
      gated.release(job.id);
      await waitForStatus(app, job.id, "completed");
      while (app.deps.hub.subscriberCount() > 0) await new Promise(r => setTimeout(r, 5));

      const resumed = readSse(
        await fetch(`${base}/api/events`, { headers: { "Last-Event-ID": String(started?.id) } }),
      );
      readers.push(resumed);
      const replay = await resumed.events(4);
      expect(replay.map(e => e.type)).toEqual(["progress", "progress", "progress", "complete"]);
      expect(replay[0]?.id).toBe((started?.id ?? 0) + 1);
      expect(queued?.type).toBe("queued");
    } finally {
      await Promise.all(readers.splice(0).map(r => r.close()));
      server.close();
    }
  });
});
