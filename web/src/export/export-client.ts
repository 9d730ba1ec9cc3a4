/**
 * The main-thread side of a browser export: owns the encoder worker (Comlink), loads the media
 * blobs a spec needs (a missing one is MEDIA_MISSING before anything starts), mixes the sound (A1
 * and the video clips' own) for the worker on demand, relays progress and cancel, and turns the
 * worker's failure values into StudioErrors with the shared codes.
 */
import * as Comlink from "comlink";
import {
  framesToRender,
  listSpecMediaIds,
  type ExportProgress,
  type RenderContainer,
  type RenderQuality,
  type RenderSpec,
} from "@milimo/shared/render";
import { StudioError } from "../errors/studio-error";
import { makeAudioMixer } from "./audio-mix";
import type { CodecChoice } from "./codec-choice";
import type { EncoderWorkerApi } from "./encoder.worker";
import type { ExportTarget } from "./render-timeline";

/** Reads a media file's bytes (IndexedDB); null when the blob is gone. */
export type LoadMediaBlob = (mediaId: string) => Promise<Blob | null>;

/** The finished film; `blob` is null when it was streamed into a picked file. */
export type ExportedFilm = { blob: Blob | null; bytes: number; mimeType: string };

export interface ExportClient {
  /** Encoders this browser has for a format; null when it has no video encoder for it. */
  probe(request: {
    container: RenderContainer;
    width: number;
    height: number;
    fps: number;
    quality: RenderQuality;
  }): Promise<CodecChoice | null>;
  /** Renders the film; rejects with a StudioError (EXPORT_CANCELLED when `signal` aborts). */
  exportFilm(request: {
    spec: RenderSpec;
    choice: CodecChoice;
    loadBlob: LoadMediaBlob;
    target: ExportTarget;
    onProgress: (progress: ExportProgress) => void;
    signal?: AbortSignal;
    /** Clip names by item id, for messages about missing media. */
    itemNames?: Readonly<Record<string, string>>;
  }): Promise<ExportedFilm>;
  /** Frame `frame` of the spec as a PNG. */
  exportStill(request: { spec: RenderSpec; frame: number; loadBlob: LoadMediaBlob }): Promise<Blob>;
}

/** Loads every blob of the spec, or throws MEDIA_MISSING naming the clips without one. */
export async function loadSpecBlobs({
  spec,
  loadBlob,
  itemNames = {},
}: {
  spec: RenderSpec;
  loadBlob: LoadMediaBlob;
  itemNames?: Readonly<Record<string, string>>;
}): Promise<Map<string, Blob>> {
  const blobs = new Map<string, Blob>();
  const missing = new Set<string>();
  for (const mediaId of listSpecMediaIds(spec)) {
    const blob = await loadBlob(mediaId).catch(() => null);
    if (blob) blobs.set(mediaId, blob);
    else missing.add(mediaId);
  }
  if (missing.size > 0) {
    const clips = [...spec.video, ...spec.audio]
      .filter(i => missing.has(i.mediaId))
      .map(i => itemNames[i.itemId] ?? i.itemId);
    const names = [...new Set(clips)];
    throw new StudioError(
      "MEDIA_MISSING",
      `The file of ${names.length === 1 ? "clip" : "clips"} ${names.map(n => `“${n}”`).join(", ")} is missing from this browser's storage.`,
      { details: { mediaIds: [...missing] } },
    );
  }
  return blobs;
}

/** Starts the encoder worker; returns the client and its dispose (terminates the worker). */
export function makeExportClient({
  createWorker = () =>
    new Worker(new URL("./encoder.worker.ts", import.meta.url), { type: "module", name: "export" }),
}: { createWorker?: () => Worker } = {}): [ExportClient, () => void] {
  let worker: Worker | null = null;
  let remote: Comlink.Remote<EncoderWorkerApi> | null = null;
  const api = () => {
    if (!remote) {
      worker = createWorker();
      remote = Comlink.wrap<EncoderWorkerApi>(worker);
    }
    return remote;
  };

  const client: ExportClient = {
    probe: request => api().probe(request),

    async exportFilm({ spec, choice, loadBlob, target, onProgress, signal, itemNames }) {
      if (signal?.aborted) throw new StudioError("EXPORT_CANCELLED", "The export was cancelled.");
      const blobs = await loadSpecBlobs({ spec, loadBlob, itemNames });
      const pictures: Record<string, Blob> = {};
      for (const item of spec.video) {
        const blob = blobs.get(item.mediaId);
        if (blob) pictures[item.mediaId] = blob;
      }
      const mixer = spec.audio.length > 0 ? makeAudioMixer({ spec, blobs }) : null;
      // Only clips whose files carry sound count: a film of generated clips stays without a
      // sound track (decoding here is not wasted, the mix reuses it).
      const audio =
        mixer && (await mixer.hasSound())
          ? Comlink.proxy({
              read: async (start: number, count: number) => {
                const planes = await mixer.read(start, count);
                return Comlink.transfer(
                  planes,
                  planes.map(p => p.buffer as ArrayBuffer),
                );
              },
            })
          : null;
      if (signal?.aborted) throw new StudioError("EXPORT_CANCELLED", "The export was cancelled.");
      const remoteApi = api();
      const cancel = () => void remoteApi.cancel();
      signal?.addEventListener("abort", cancel, { once: true });
      try {
        const result = await remoteApi.render(
          { spec, media: pictures, choice, target },
          audio,
          Comlink.proxy(onProgress),
        );
        if (!result.ok) throw new StudioError(result.code, result.message);
        const blob = result.buffer ? new Blob([result.buffer], { type: result.mimeType }) : null;
        return { blob, bytes: result.bytes, mimeType: result.mimeType };
      } finally {
        signal?.removeEventListener("abort", cancel);
      }
    },

    async exportStill({ spec, frame, loadBlob }) {
      // Only the clips visible at that frame are read.
      const visible = { ...spec, video: framesToRender(spec, frame).map(l => l.item), audio: [] };
      const blobs = await loadSpecBlobs({ spec: visible, loadBlob });
      const result = await api().still({ spec: visible, frame, media: Object.fromEntries(blobs) });
      if (!result.ok) throw new StudioError(result.code, result.message);
      return result.png;
    },
  };

  return [
    client,
    () => {
      if (remote) remote[Comlink.releaseProxy]();
      worker?.terminate();
      remote = null;
      worker = null;
    },
  ];
}
