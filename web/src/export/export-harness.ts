/**
 * A bare page around the browser exporter for benchmarks and tests that drive it without the
 * studio UI: `window.__exportHarness.run({ spec, files })` exports a RenderSpec whose media are
 * fetched from URLs, and reports the time and the file (base64 when asked). Built only by
 * scripts/bench-export.ts (entry scripts/export-harness/index.html); the studio never loads it.
 */
import type { ExportProgress, RenderQuality, RenderSpec } from "@milimo/shared/render";
import { toStudioError } from "../errors/studio-error";
import { makeExportClient } from "./export-client";

/** What one harness export reports. */
export type HarnessResult =
  | {
      ok: true;
      label: string;
      note: string | null;
      ms: number;
      bytes: number;
      mimeType: string;
      progress: ExportProgress[];
      base64: string | null;
    }
  | { ok: false; code: string; message: string };

async function toBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}

/** Exports `spec` (codecs chosen by probing); `files` maps media ids to URLs. */
async function run({
  spec,
  files,
  quality,
  returnFile = false,
}: {
  spec: RenderSpec;
  files: Record<string, string>;
  quality?: RenderQuality;
  returnFile?: boolean;
}): Promise<HarnessResult> {
  const [client, dispose] = makeExportClient();
  try {
    const q = quality ?? spec.quality;
    const choice = await client.probe({
      container: spec.container,
      width: spec.width,
      height: spec.height,
      fps: spec.fps,
      quality: q,
    });
    if (!choice)
      return { ok: false, code: "CODEC_UNSUPPORTED", message: "No encoder for this format." };
    const progress: ExportProgress[] = [];
    const started = performance.now();
    const film = await client.exportFilm({
      spec: { ...spec, quality: q, videoCodec: choice.videoCodec, audioCodec: choice.audioCodec },
      choice,
      loadBlob: async mediaId => {
        const url = files[mediaId];
        if (!url) return null;
        const response = await fetch(url);
        return response.ok ? response.blob() : null;
      },
      target: { kind: "buffer" },
      onProgress: p => progress.push(p),
    });
    const ms = performance.now() - started;
    return {
      ok: true,
      label: choice.label,
      note: choice.note,
      ms,
      bytes: film.bytes,
      mimeType: film.mimeType,
      progress,
      base64: returnFile && film.blob ? await toBase64(film.blob) : null,
    };
  } catch (error) {
    const e = toStudioError(error);
    return { ok: false, code: e.code, message: e.message };
  } finally {
    dispose();
  }
}

declare global {
  interface Window {
    __exportHarness?: { run: typeof run };
  }
}

window.__exportHarness = { run };
