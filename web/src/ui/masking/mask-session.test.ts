import { afterEach, describe, expect, it, vi } from "vitest";
import { createRoot, createSignal } from "solid-js";
import { decodeMaskRle, type Mask, type PromptPoint } from "@milimo/shared/sam";
import type { DecodeRequest, DecodeResult, Result } from "../../sam/decode-protocol";
import type { DecoderClient, PreparedFrame } from "../../sam/decoder-client";
import { createMaskSession, type MaskSession, type MaskSessionInput } from "./mask-session";
import type { SavedMask } from "./save-mask";

const WIDTH = 8;
const HEIGHT = 6;

/** SAM stand-in: every positive point switches on the 3×3 square around it. */
function squaresAround(points: readonly PromptPoint[]): Uint8Array {
  const data = new Uint8Array(WIDTH * HEIGHT);
  for (const { x, y, positive } of points) {
    if (!positive) continue;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const px = x + dx;
        const py = y + dy;
        if (px >= 0 && px < WIDTH && py >= 0 && py < HEIGHT) data[py * WIDTH + px] = 255;
      }
    }
  }
  return data;
}

const decodedMask = (request: DecodeRequest): DecodeResult => ({
  ok: true,
  mask: squaresAround(request.points),
  width: WIDTH,
  height: HEIGHT,
  score: 0.9,
  lowRes: new Float32Array(4),
  decodeMs: 1,
});

/** A decoder without a worker; `decode` answers through `answer` (default: squaresAround). */
function makeFakeDecoder() {
  const decodes: DecodeRequest[] = [];
  const prepared: { mediaId: string; frame: number }[] = [];
  let prepareAnswer: (() => Result<PreparedFrame>) | null = null;
  let answer: (request: DecodeRequest) => Promise<DecodeResult> = request =>
    Promise.resolve(decodedMask(request));
  const decoder: DecoderClient = {
    start: () =>
      Promise.resolve({
        ok: true,
        backend: "wasm",
        fromCache: false,
        loadMs: 1,
        warmMs: 1,
        model: { modelId: "sam", fileName: "decoder.onnx", fixture: true },
      }),
    prepareFrame: ({ mediaId, frame }) => {
      prepared.push({ mediaId, frame });
      return Promise.resolve(
        prepareAnswer?.() ?? {
          ok: true,
          key: `${mediaId}@${frame}`,
          imageWidth: WIDTH,
          imageHeight: HEIGHT,
          fromCache: false,
        },
      );
    },
    decode: request => {
      decodes.push(request);
      return answer(request);
    },
    renderMask: ({ mask, width, height, style }) =>
      Promise.resolve({
        ok: true,
        mask: style.invert ? mask.map(v => 255 - v) : mask,
        width,
        height,
      }),
    encodeMaskPng: ({ mask }) => Promise.resolve({ ok: true, png: new Blob([mask.slice()]) }),
  };
  return {
    decoder,
    decodes,
    prepared,
    failPrepareOnce(message: string) {
      prepareAnswer = () => {
        prepareAnswer = null;
        return { ok: false, code: "SERVER_UNREACHABLE", message };
      };
    },
    answerWith(next: (request: DecodeRequest) => Promise<DecodeResult>) {
      answer = next;
    },
  };
}

let dispose: () => void = () => undefined;
afterEach(() => dispose());

/** A session over frame 12 of "clip" (the frame can be moved), masking mode on. */
function startSession(fake = makeFakeDecoder(), extra: Partial<MaskSessionInput> = {}) {
  const [frame, setFrame] = createSignal(12);
  const input: MaskSessionInput = {
    mediaId: "clip",
    get frame() {
      return frame();
    },
    imageWidth: WIDTH,
    imageHeight: HEIGHT,
    decoder: fake.decoder,
    readFrame: () => Promise.resolve(new Blob()),
    ...extra,
  };
  const session = createRoot(done => {
    dispose = done;
    return createMaskSession({ input, canvas: () => undefined });
  });
  session.setActive(true);
  return { session, fake, setFrame };
}

/** Lets every pending promise (prepare, decode, render) settle. */
const settle = () => new Promise(resolve => setTimeout(resolve, 0));

const onPixels = (mask: Mask | null) => {
  const on: number[] = [];
  mask?.data.forEach((v, i) => {
    if (v === 255) on.push(i);
  });
  return on;
};

/** The pixels the fake SAM switches on for `points`. */
const decodedPixels = (points: readonly PromptPoint[]) =>
  onPixels({ data: squaresAround(points), width: WIDTH, height: HEIGHT });

/** A horizontal brush stroke through the middle of row `y`. */
const paintRow = (session: MaskSession, y: number, value: 0 | 255 = 255) => {
  session.startStroke({ point: { x: 0, y: y + 0.5 }, radius: 0.5, value });
  session.extendStroke([{ x: WIDTH, y: y + 0.5 }]);
  session.endStroke();
};
const row = (y: number) => Array.from({ length: WIDTH }, (_, x) => y * WIDTH + x);

describe("mask session", () => {
  it("a click decodes the point on the frame's prepared key and shows the mask", async () => {
    const { session, fake } = startSession();
    session.addPoint({ x: 2, y: 2, positive: true });
    await settle();
    expect(fake.prepared).toEqual([{ mediaId: "clip", frame: 12 }]);
    expect(fake.decodes.map(({ key, points }) => ({ key, points }))).toEqual([
      { key: "clip@12", points: [{ x: 2, y: 2, positive: true }] },
    ]);
    expect(onPixels(session.mask())).toEqual(decodedPixels([{ x: 2, y: 2, positive: true }]));
    expect(session.hasMask()).toBe(true);
    expect(session.decodeCount()).toBe(1);
    expect(session.statusText()).toBe("Segmentation runs on CPU (WASM)");
  });

  it("a stroke drawn after a decode is painted again over the next decode", async () => {
    const { session } = startSession();
    session.addPoint({ x: 1, y: 1, positive: true });
    await settle();
    paintRow(session, 5);
    expect(onPixels(session.mask())).toEqual(expect.arrayContaining(row(5)));
    session.addPoint({ x: 6, y: 1, positive: true });
    await settle();
    expect(session.decodeCount()).toBe(2);
    const expected = decodedPixels([
      { x: 1, y: 1, positive: true },
      { x: 6, y: 1, positive: true },
    ]);
    expect(onPixels(session.mask())).toEqual([...expected, ...row(5)].sort((a, b) => a - b));
  });

  it("undo of a stroke restores the decoded mask without decoding again", async () => {
    const { session } = startSession();
    session.addPoint({ x: 3, y: 2, positive: true });
    await settle();
    const decoded = onPixels(session.mask());
    paintRow(session, 2, 0);
    expect(onPixels(session.mask())).not.toEqual(decoded);
    session.undo();
    await settle();
    expect(onPixels(session.mask())).toEqual(decoded);
    expect(session.decodeCount()).toBe(1);
  });

  it("a failed frame preparation is shown, then retried by the next click", async () => {
    const fake = makeFakeDecoder();
    fake.failPrepareOnce("The GPU server is not reachable.");
    const { session } = startSession(fake);
    await settle();
    expect(session.error()).toBe("The GPU server is not reachable.");
    expect(session.statusText()).toBe("The GPU server is not reachable.");
    session.addPoint({ x: 2, y: 2, positive: true });
    await settle();
    expect(fake.prepared).toHaveLength(2);
    expect(fake.decodes).toHaveLength(1);
    expect(session.error()).toBeNull();
    expect(session.hasMask()).toBe(true);
  });

  it("a SUPERSEDED answer shows no error, and an answer for an older prompt is dropped", async () => {
    const fake = makeFakeDecoder();
    const pending: { request: DecodeRequest; resolve: (result: DecodeResult) => void }[] = [];
    fake.answerWith(request => new Promise(resolve => pending.push({ request, resolve })));
    const { session } = startSession(fake);
    session.addPoint({ x: 1, y: 1, positive: true });
    await settle();
    session.addPoint({ x: 6, y: 4, positive: true });
    await settle();
    const [first, second] = pending;
    second!.resolve(decodedMask(second!.request));
    first!.resolve(decodedMask(first!.request));
    await settle();
    expect(onPixels(session.mask())).toEqual(decodedPixels(second!.request.points));
    expect(session.decodeCount()).toBe(1);

    session.addPoint({ x: 4, y: 4, positive: false });
    await settle();
    pending[2]!.resolve({ ok: false, code: "SUPERSEDED", message: "A newer decode replaced it." });
    await settle();
    expect(session.error()).toBeNull();
    expect(session.statusText()).not.toContain("newer decode");
  });

  it("moving to another frame starts editing over and prepares that frame", async () => {
    const { session, fake, setFrame } = startSession();
    session.addPoint({ x: 2, y: 2, positive: true });
    await settle();
    setFrame(13);
    await settle();
    expect(session.hasMask()).toBe(false);
    expect(session.canUndo()).toBe(false);
    expect(fake.prepared.at(-1)).toEqual({ mediaId: "clip", frame: 13 });
    session.addPoint({ x: 2, y: 2, positive: true });
    await settle();
    expect(fake.decodes.at(-1)?.key).toBe("clip@13");
  });

  it("save hands over the mask as shown (inverted) and says so", async () => {
    const onSave = vi.fn<(mask: SavedMask) => void>();
    const { session } = startSession(makeFakeDecoder(), { onSave });
    session.addPoint({ x: 2, y: 2, positive: true });
    await settle();
    const shown = session.mask()!;
    session.setInvert(true);
    await session.run({ kind: "save" });
    expect(onSave).toHaveBeenCalledTimes(1);
    const saved = onSave.mock.calls[0]![0];
    expect(saved).toMatchObject({ mediaId: "clip", frame: 12, width: WIDTH, height: HEIGHT });
    const back = decodeMaskRle(saved.rle);
    expect(Array.from(back.data)).toEqual(Array.from(shown.data, v => 255 - v));
    expect(session.statusText()).toBe("Mask saved to the shot");
  });

  it("a failing action leaves the words of its error in the status line", async () => {
    const onTrack = () => Promise.reject(new Error("There is no clip under the playhead."));
    const { session } = startSession(makeFakeDecoder(), { onTrack });
    session.addPoint({ x: 2, y: 2, positive: true });
    await settle();
    await session.run({ kind: "track", direction: "both" });
    expect(session.error()).toBe("There is no clip under the playhead.");
    expect(session.busy()).toBe(false);
  });
});
