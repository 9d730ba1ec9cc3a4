/**
 * One export from the dialog's point of view: a film in this browser or on the GPU server, or the
 * current frame as PNG, saved to a picked file or downloaded. When the user chose a file, the
 * picker is the first thing awaited, so it opens within the click's user activation.
 */
import type { ExportProgress, RenderSpec } from "@milimo/shared/render";
import type { ApiClient } from "../api/client";
import { StudioError } from "../errors/studio-error";
import type { CodecChoice } from "./codec-choice";
import type { ExportClient, LoadMediaBlob } from "./export-client";
import { filmFileName, type SavedFileKind } from "./save-file";
import { renderOnServer } from "./server-render";

/** What the dialog shows while an export runs. */
export type ExportStatus =
  | { phase: "preparing" }
  | { phase: "uploading"; done: number; total: number }
  | { phase: "encoding"; progress: ExportProgress };

/** A finished export: the file's name and size, and its bytes when they are kept for a re-save. */
export type ExportOutcome = {
  fileName: string;
  bytes: number;
  blob: Blob | null;
  savedTo: "file" | "download";
};

/** How files are saved (the browser's APIs; faked in tests). */
export type FileSaver = {
  pick(request: {
    suggestedName: string;
    kind: SavedFileKind;
  }): Promise<FileSystemFileHandle | null>;
  download(blob: Blob, fileName: string): void;
};

/** Writes a finished Blob into a picked file. */
async function writeToHandle(handle: FileSystemFileHandle, blob: Blob): Promise<void> {
  const writable = await handle.createWritable();
  try {
    await writable.write(blob);
    await writable.close();
  } catch (error) {
    await writable.abort().catch(() => undefined);
    throw error;
  }
}

/** Runs one export; resolves to null when the user closed the file picker. */
export async function runExport({
  kind,
  spec,
  name,
  frame = 0,
  choice,
  save,
  saver,
  client,
  api,
  loadBlob,
  itemNames,
  mediaNames,
  onStatus,
  signal,
}: {
  kind: "browser" | "server" | "frame";
  spec: RenderSpec;
  /** The project's name, for the file name. */
  name: string;
  /** For "frame": the frame of `spec` to draw. */
  frame?: number;
  /** For "browser": the encoders to use. */
  choice?: CodecChoice | null;
  save: "pick" | "download";
  saver: FileSaver;
  client: ExportClient;
  api?: ApiClient | null;
  loadBlob: LoadMediaBlob;
  itemNames?: Readonly<Record<string, string>>;
  mediaNames?: Readonly<Record<string, string>>;
  onStatus: (status: ExportStatus) => void;
  signal: AbortSignal;
}): Promise<ExportOutcome | null> {
  if (kind === "frame") {
    const fileName = filmFileName(name, "png", ` frame ${String(frame).padStart(5, "0")}`);
    const handle =
      save === "pick" ? await saver.pick({ suggestedName: fileName, kind: "png" }) : null;
    if (save === "pick" && !handle) return null;
    onStatus({ phase: "preparing" });
    const png = await client.exportStill({ spec, frame, loadBlob });
    if (handle) await writeToHandle(handle, png);
    else saver.download(png, fileName);
    return {
      fileName: handle?.name ?? fileName,
      bytes: png.size,
      blob: png,
      savedTo: handle ? "file" : "download",
    };
  }

  const fileName = filmFileName(
    name,
    kind === "server" ? "mp4" : (choice?.container ?? spec.container),
  );
  const handle =
    save === "pick"
      ? await saver.pick({
          suggestedName: fileName,
          kind: kind === "server" ? "mp4" : spec.container,
        })
      : null;
  if (save === "pick" && !handle) return null;
  onStatus({ phase: "preparing" });

  if (kind === "server") {
    if (!api) throw new StudioError("SERVER_UNREACHABLE", "No GPU server is configured.");
    const blob = await renderOnServer({
      api,
      spec,
      loadBlob,
      mediaNames,
      signal,
      onStatus: status =>
        onStatus(
          status.phase === "uploading" ? status : { phase: "encoding", progress: status.progress },
        ),
    });
    if (handle) await writeToHandle(handle, blob);
    else saver.download(blob, fileName);
    return {
      fileName: handle?.name ?? fileName,
      bytes: blob.size,
      blob,
      savedTo: handle ? "file" : "download",
    };
  }

  if (!choice)
    throw new StudioError(
      "CODEC_UNSUPPORTED",
      `This browser has no ${spec.container.toUpperCase()} video encoder.`,
    );
  const film = await client.exportFilm({
    spec: {
      ...spec,
      container: choice.container,
      videoCodec: choice.videoCodec,
      audioCodec: choice.audioCodec,
    },
    choice,
    loadBlob,
    itemNames,
    target: handle ? { kind: "file", handle } : { kind: "buffer" },
    onProgress: progress => onStatus({ phase: "encoding", progress }),
    signal,
  });
  if (film.blob && !handle) saver.download(film.blob, fileName);
  return {
    fileName: handle?.name ?? fileName,
    bytes: film.bytes || film.blob?.size || 0,
    blob: film.blob,
    savedTo: handle ? "file" : "download",
  };
}
