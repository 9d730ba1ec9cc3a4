/** Page object for the Jobs queue panel, plus the event-log checks the resume journeys need. */
import { createServer, connect, type Server, type Socket } from "node:net";
import { expect, type Locator, type Page } from "@playwright/test";

/** The slice of the test-only `window.__studio` handle these checks read. */
export interface StudioHandle {
  state: {
    shots: { byId: Record<string, { lastJobId: string | null; mediaId: string | null }> };
    tracks: {
      timeline: { items: { track: string; shotId: string | null; mediaId: string | null }[] };
    };
  };
}

export class JobsPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId("view-jobs").click();
    await expect(this.page.getByTestId("jobs-panel")).toBeVisible();
  }

  rows(): Locator {
    return this.page.getByTestId("job-row");
  }

  rowForShot(shotId: string): Locator {
    return this.page.locator(`[data-testid="job-row"][data-shot-id="${shotId}"]`);
  }

  streamStatus(): Locator {
    return this.page.getByTestId("job-stream-status");
  }

  /** The shot's current job id, read from the test-only store handle. */
  async jobIdOf(shotId: string): Promise<string> {
    let jobId: string | null = null;
    await expect
      .poll(async () => {
        jobId = await this.page.evaluate(
          id =>
            (window as unknown as { __studio?: StudioHandle }).__studio?.state.shots.byId[id]
              ?.lastJobId ?? null,
          shotId,
        );
        return jobId;
      })
      .not.toBeNull();
    return jobId ?? "";
  }

  /** Ids of the events of `jobId` the studio applied (recorded by e2e builds). */
  async appliedEventIds(jobId: string): Promise<number[]> {
    return this.page.evaluate(
      id =>
        ((globalThis as { __jobEvents?: { id: number; jobId: string }[] }).__jobEvents ?? [])
          .filter(e => e.jobId === id)
          .map(e => e.id),
      jobId,
    );
  }

  /**
   * Every event the server logged for `jobId`, read from a fresh stream replayed from the start
   * (`?lastEventId=0`) until the job's final event.
   */
  async serverEventIds(jobId: string): Promise<number[]> {
    return this.page.evaluate(async id => {
      const controller = new AbortController();
      const response = await fetch(`/api/events?jobs=${encodeURIComponent(id)}&lastEventId=0`, {
        signal: controller.signal,
      });
      const reader = response.body?.getReader();
      if (!reader) throw new Error("no event stream body");
      const decoder = new TextDecoder();
      const ids: number[] = [];
      let buffer = "";
      const deadline = Date.now() + 20_000;
      for (;;) {
        if (Date.now() > deadline) break;
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf("\n\n");
        let finished = false;
        while (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const idLine = /^id: (\d+)$/m.exec(block);
          const typeLine = /^event: (\w+)$/m.exec(block);
          if (idLine?.[1]) ids.push(Number(idLine[1]));
          if (typeLine && ["complete", "error", "cancelled"].includes(typeLine[1] ?? "")) {
            finished = true;
          }
          end = buffer.indexOf("\n\n");
        }
        if (finished) break;
      }
      controller.abort();
      return ids;
    }, jobId);
  }
}

/**
 * A TCP relay in front of the studio's server, so a test can cut live connections (the event
 * stream included) the way a flaky network or a restarting proxy does, and refuse new ones for a
 * while. The page must be loaded through `url`.
 */
export class ConnectionCutter {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private refusing = false;
  url = "";

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    this.server = createServer(client => {
      if (this.refusing) {
        client.destroy();
        return;
      }
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => socket.destroy());
      }
      client.pipe(upstream);
      upstream.pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    await new Promise<void>(resolve => this.server?.listen(0, "127.0.0.1", resolve));
    const address = this.server.address();
    if (address === null || typeof address === "string") throw new Error("relay has no port");
    this.url = `http://127.0.0.1:${address.port}`;
  }

  /** Drops every open connection and refuses new ones until `restore()`. */
  cut(): void {
    this.refusing = true;
    for (const socket of this.sockets) socket.destroy();
  }

  restore(): void {
    this.refusing = false;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>(resolve =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}
