/**
 * Where a finished film goes: a file the user picks before the export starts (File System Access
 * API: the worker streams into it, so a long film never sits in memory), or a download at the end.
 */

type SaveFilePicker = (options: {
  suggestedName: string;
  types: { description: string; accept: Record<string, string[]> }[];
}) => Promise<FileSystemFileHandle>;

/** Whether this browser can save straight to a picked file. */
export function canPickSaveFile(): boolean {
  return typeof (globalThis as { showSaveFilePicker?: unknown }).showSaveFilePicker === "function";
}

/** Kinds of file an export saves. */
export type SavedFileKind = "mp4" | "webm" | "png";

const FILE_TYPES: Record<SavedFileKind, { description: string; accept: Record<string, string[]> }> =
  {
    mp4: { description: "MP4 video", accept: { "video/mp4": [".mp4"] } },
    webm: { description: "WebM video", accept: { "video/webm": [".webm"] } },
    png: { description: "PNG image", accept: { "image/png": [".png"] } },
  };

/** Asks where to save; null when the user closes the picker (or the browser has none). */
export async function pickSaveFile({
  suggestedName,
  kind,
}: {
  suggestedName: string;
  kind: SavedFileKind;
}): Promise<FileSystemFileHandle | null> {
  const picker = (globalThis as { showSaveFilePicker?: SaveFilePicker }).showSaveFilePicker;
  if (!picker) return null;
  try {
    return await picker({ suggestedName, types: [FILE_TYPES[kind]] });
  } catch (error) {
    if ((error as { name?: unknown } | null)?.name === "AbortError") return null;
    throw error;
  }
}

/** A file name from the project name (characters file systems refuse become spaces) + `suffix`. */
export function filmFileName(name: string, kind: SavedFileKind, suffix = ""): string {
  const printable = [...name].map(c => (c.charCodeAt(0) < 32 ? " " : c)).join("");
  const base =
    printable
      .replace(/[\\/:*?"<>|]+/g, " ")
      .replace(/\s+/g, " ")
      .trim() || "Film";
  return `${base.slice(0, 120)}${suffix}.${kind}`;
}
