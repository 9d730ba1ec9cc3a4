import type { RenderSpec } from "@milimo/shared/render";
import type { Job } from "@milimo/shared/schema";
import { describe, expect, it } from "vitest";
import { makeApiClient } from "../api/client";
import { makeJobsApi } from "../jobs/jobs-api";
import { makeTestJob } from "../jobs/test-jobs";
import { renderOnServer, sha256Hex, type ServerRenderStatus } from "./server-render";

const spec: RenderSpec = {
  width: 320,
  height: 240,
  fps: 25,
  durationFrames: 50,
  container: "mp4",
  videoCodec: "avc",
  audioCodec: "aac",
  quality: "high",
  video: [
    {
      itemId: "a",
      mediaId: "known",
      kind: "video",
      track: "V1",
      startFrame: 0,
      sourceInFrame: 0,
      durationFrames: 50,
      opacity: 1,
      x: 0,
      y: 0,
      scale: 1,
    },
  ],
  audio: [
    { itemId: "t", mediaId: "fresh", startFrame: 0, sourceInFrame: 0, durationFrames: 25, gain: 1 },
  ],
};
const blobs: Record<string, Blob> = {
  known: new Blob(["known bytes"]),
  fresh: new Blob(["fresh bytes"]),
};
const sha = (text: string) => sha256Hex(new Blob([text]));

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

/**
 * A fake GPU server: it has the "known" file already; the job runs `steps` polls then ends as
 * `end`. Records every request.
 */
function fakeServer({
  end = "completed",
  steps = 2,
}: { end?: Job["status"]; steps?: number } = {}) {
  const calls: string[] = [];
  let polls = 0;
  let created: unknown = null;
  let job: Job = makeTestJob({ id: "job-1", kind: "render", status: "queued" });
  const api = makeApiClient({
    fetchFn: async (url, init) => {
      const method = init.method ?? "GET";
      calls.push(`${method} ${url}`);
      if (method === "HEAD" && url.startsWith("/api/uploads/")) {
        return url.endsWith(await sha("known bytes"))
          ? new Response(null, { status: 200 })
          : json({ error: { code: "UPLOAD_NOT_FOUND", message: "no" } }, 404);
      }
      if (method === "POST" && url === "/api/jobs") {
        created = JSON.parse(init.body as string);
        return json({ job }, 202);
      }
      if (method === "POST" && url === "/api/jobs/job-1/cancel") {
        job = { ...job, status: "cancelled" };
        return json({ job });
      }
      if (method === "GET" && url === "/api/jobs/job-1") {
        polls++;
        const done = polls > steps;
        job = {
          ...job,
          status: done ? end : "running",
          progress: {
            step: done ? 50 : 20 * polls,
            total: 50,
            fraction: 0,
            etaSeconds: done ? 0 : 3,
            message: "Rendering",
          },
          ...(end === "failed" && done
            ? { error: { code: "DISK_FULL", message: "The server's disk filled up." } }
            : {}),
        };
        return json({ job });
      }
      if (method === "GET" && url === "/api/jobs/job-1/artifacts/film.mp4") {
        return new Response("film bytes", { headers: { "Content-Type": "video/mp4" } });
      }
      return json({ error: { code: "NOT_FOUND", message: url } }, 404);
    },
  });
  // happy-dom's FormData refuses Node's Blob, so the upload call is answered here.
  const jobs = {
    ...makeJobsApi(api),
    upload: async (file: Blob) => {
      calls.push("POST /api/uploads");
      return { id: await sha(await file.text()) };
    },
  };
  return { api, jobs, calls, created: () => created };
}

describe("renderOnServer", () => {
  it("uploads only what the server lacks, renders, reports progress and returns the film", async () => {
    const server = fakeServer();
    const statuses: ServerRenderStatus[] = [];
    const film = await renderOnServer({
      api: server.api,
      jobs: server.jobs,
      spec,
      loadBlob: id => Promise.resolve(blobs[id] ?? null),
      onStatus: s => statuses.push(s),
      pollMs: 1,
    });
    expect(await film.text()).toBe("film bytes");
    expect(server.calls.filter(c => c === "POST /api/uploads")).toHaveLength(1);
    expect(server.created()).toMatchObject({
      kind: "render",
      params: {
        spec,
        media: [
          { mediaId: "known", uploadId: await sha("known bytes") },
          { mediaId: "fresh", uploadId: await sha("fresh bytes") },
        ],
      },
    });
    expect(statuses[0]).toEqual({ phase: "uploading", done: 0, total: 2 });
    const rendering = statuses.flatMap(s =>
      s.phase === "rendering" ? [s.progress.framesDone] : [],
    );
    expect(rendering).toEqual([20, 40, 50]);
  });

  it("names a missing media file before talking to the server", async () => {
    const server = fakeServer();
    await expect(
      renderOnServer({
        api: server.api,
        jobs: server.jobs,
        spec,
        loadBlob: () => Promise.resolve(null),
        onStatus: () => undefined,
        pollMs: 1,
      }),
    ).rejects.toMatchObject({ code: "MEDIA_MISSING" });
    expect(server.calls).toEqual([]);
  });

  it("passes on the job's failure code and words", async () => {
    const server = fakeServer({ end: "failed" });
    await expect(
      renderOnServer({
        api: server.api,
        jobs: server.jobs,
        spec,
        loadBlob: id => Promise.resolve(blobs[id] ?? null),
        onStatus: () => undefined,
        pollMs: 1,
      }),
    ).rejects.toMatchObject({ code: "DISK_FULL", message: "The server's disk filled up." });
  });

  it("cancels the job when the user cancels", async () => {
    const server = fakeServer({ steps: 1000 });
    const controller = new AbortController();
    const rendering = renderOnServer({
      api: server.api,
      jobs: server.jobs,
      spec,
      loadBlob: id => Promise.resolve(blobs[id] ?? null),
      onStatus: s => {
        if (s.phase === "rendering") controller.abort();
      },
      signal: controller.signal,
      pollMs: 1,
    });
    await expect(rendering).rejects.toMatchObject({ code: "EXPORT_CANCELLED" });
    expect(server.calls).toContain("POST /api/jobs/job-1/cancel");
  });
});

describe("sha256Hex", () => {
  it("matches the server's upload id for the same bytes", async () => {
    // FIPS 180-2 test vector.
    expect(await sha256Hex(new Blob(["abc"]))).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });
});
