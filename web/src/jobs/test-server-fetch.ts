/**
 * A GPU server in a `fetch` function, for tests that drive the real store through `makeApiClient`:
 * uploads, job creation and artifact downloads answer with schema-valid bodies; jobs stay queued
 * until the test applies events. Every call is recorded so a test can assert what was sent.
 */
import { ApiPath, UPLOAD_FIELD, type CreateJobRequest } from "@milimo/shared/api";
import type { Job } from "@milimo/shared/schema";
import { makeTestJob } from "./test-jobs";

/**
 * A FormData that accepts the test setup's Node Blobs (happy-dom's refuses them); install it with
 * `vi.stubGlobal("FormData", TestFormData)` in tests that upload.
 */
export class TestFormData {
  readonly #fields = new Map<string, File>();
  append(name: string, value: Blob, fileName = "blob"): void {
    this.#fields.set(name, new File([value], fileName, { type: value.type }));
  }
  get(name: string): File | null {
    return this.#fields.get(name) ?? null;
  }
}

/** A fake server: `fetchFn` for `makeApiClient`, and what it received. */
export function makeFakeServerFetch() {
  const created: CreateJobRequest[] = [];
  const uploads: { id: string; name: string; type: string; text: Promise<string> }[] = [];
  const jobs = new Map<string, Job>();
  let nextJob = 1;

  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { "Content-Type": "application/json" },
    });

  function fetchFn(input: string, init: RequestInit): Promise<Response> {
    return Promise.resolve(answer(input, init));
  }

  function answer(input: string, init: RequestInit): Response {
    const { pathname } = new URL(input, "http://studio.test");
    const method = init.method ?? "GET";
    if (method === "POST" && pathname === ApiPath.jobs()) {
      const request = JSON.parse(init.body as string) as CreateJobRequest;
      created.push(request);
      const job = makeTestJob({
        id: `job-${nextJob++}`,
        kind: request.kind,
        params: request.params,
      });
      jobs.set(job.id, job);
      return json({ job }, 202);
    }
    if (method === "POST" && pathname === ApiPath.uploads) {
      const file = (init.body as unknown as TestFormData).get(UPLOAD_FIELD);
      if (!file)
        return json({ error: { code: "INVALID_REQUEST", message: "file: required" } }, 400);
      const sha256 = (uploads.length + 1).toString(16).padStart(64, "0");
      uploads.push({ id: sha256, name: file.name, type: file.type, text: file.text() });
      return json({ upload: { id: sha256, sha256, mime: "image/png", bytes: file.size } }, 201);
    }
    const artifact = /^\/api\/jobs\/([^/]+)\/artifacts\/([^/]+)$/.exec(pathname);
    if (artifact) {
      const [, jobId = "", name = ""] = artifact.map(decodeURIComponent);
      const type = name.endsWith(".mp4") ? "video/mp4" : "image/png";
      // The test setup's (Node) Blob, not the Response's own: only Node's survives IndexedDB.
      const blob = new Blob([`${jobId}:${name}`], { type });
      return Object.assign(new Response(null, { headers: { "Content-Type": type } }), {
        blob: () => Promise.resolve(blob),
      });
    }
    const job = /^\/api\/jobs\/([^/]+)$/.exec(pathname);
    if (job && jobs.has(decodeURIComponent(job[1] ?? ""))) {
      return json({ job: jobs.get(decodeURIComponent(job[1] ?? "")) });
    }
    return json({ error: { code: "NOT_FOUND", message: `${method} ${pathname}` } }, 404);
  }

  return { fetchFn, created, uploads, jobs };
}
