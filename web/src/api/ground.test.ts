import { afterEach, describe, expect, it, vi } from "vitest";
import type { ModelManifest } from "@milimo/shared/api";
import { makeApiClient } from "./client";
import { findGroundingModel, groundText } from "./ground";

const ANSWER = {
  boxes: [{ box: { x0: 40, y0: 60, x1: 120, y1: 120 }, score: 0.96, label: "red" }],
  modelId: "grounding-fixture",
  width: 320,
  height: 240,
};

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

function clientAnswering(answer: () => Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  const client = makeApiClient({
    config: { baseUrl: "https://gpu.example.com", token: "t0k" },
    fetchFn: (url, init) => {
      calls.push({ url, init });
      return Promise.resolve(answer());
    },
  });
  return { client, calls };
}

afterEach(() => vi.unstubAllGlobals());

describe("groundText", () => {
  it("posts an upload's frame and the text as JSON and returns the boxes", async () => {
    const { client, calls } = clientAnswering(() => json(ANSWER));
    await expect(groundText(client, { uploadId: "abc", frame: 12, text: "red" })).resolves.toEqual(
      ANSWER,
    );
    expect(calls[0]?.url).toBe("https://gpu.example.com/api/sam/ground");
    expect(calls[0]?.init.method).toBe("POST");
    expect(JSON.parse(calls[0]?.init.body as string)).toEqual({
      uploadId: "abc",
      frame: 12,
      text: "red",
    });
    expect(new Headers(calls[0]?.init.headers).get("Authorization")).toBe("Bearer t0k");
  });

  it("posts a picture as multipart image + text", async () => {
    // happy-dom's FormData refuses the Node Blobs tests make; this one records what was appended.
    class RecordingFormData {
      readonly fields = new Map<string, unknown>();
      append(name: string, value: unknown) {
        this.fields.set(name, value);
      }
    }
    vi.stubGlobal("FormData", RecordingFormData);
    const { client, calls } = clientAnswering(() => json(ANSWER));
    const image = new Blob([new Uint8Array([0x89, 0x50])], { type: "image/png" });
    await expect(groundText(client, { image, text: "the red car" })).resolves.toEqual(ANSWER);
    const form = calls[0]?.init.body as unknown as RecordingFormData;
    expect(form).toBeInstanceOf(RecordingFormData);
    expect(Object.fromEntries(form.fields)).toEqual({ image, text: "the red car" });
  });

  it.each([
    [
      "no grounding model",
      () =>
        json(
          { error: { code: "MODEL_MISSING", message: "Text selection needs a grounding model" } },
          503,
        ),
      { code: "MODEL_MISSING", status: 503, message: "Text selection needs a grounding model" },
    ],
    [
      "a bad request",
      () => json({ error: { code: "INVALID_REQUEST", message: "text: Type what to select" } }, 400),
      { code: "INVALID_REQUEST", status: 400 },
    ],
    [
      "a box with a score above 1",
      () => json({ ...ANSWER, boxes: [{ ...ANSWER.boxes[0], score: 3 }] }),
      { code: "BAD_RESPONSE" },
    ],
  ])("turns %s into an ApiError", async (_label, answer, error) => {
    const { client } = clientAnswering(answer);
    await expect(groundText(client, { uploadId: "abc", text: "red" })).rejects.toMatchObject({
      name: "ApiError",
      ...error,
    });
  });
});

describe("findGroundingModel", () => {
  const model = (id: string, task: string, fixture: boolean) =>
    ({ id, task, fixture, files: { detector: "detector.onnx" } }) as ModelManifest;

  it("prefers a real grounding model over the fixture", () => {
    const models = [
      model("grounding-fixture", "grounding", true),
      model("sam-b", "sam-encoder", false),
      model("owlv2-base", "grounding", false),
    ];
    expect(findGroundingModel(models)?.id).toBe("owlv2-base");
  });

  it("finds none when the server has no grounding model", () => {
    expect(findGroundingModel([model("sam-b", "sam-encoder", false)])).toBeUndefined();
  });
});
