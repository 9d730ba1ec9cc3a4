/**
 * The export dialog's choices and how they become a RenderSpec: what (the timeline, the selected
 * clip, the current frame as PNG), where (this browser or the GPU server), format, resolution,
 * frame rate and quality. Pure, so the rules are tested without a browser.
 */
import {
  listItemsWithoutMedia,
  toClipRenderSpec,
  toRenderSpec,
  type MediaLookup,
  type RenderContainer,
  type RenderQuality,
  type RenderSpec,
  type RenderSpecProblem,
} from "@milimo/shared/render";
import type { Result } from "@milimo/shared/lib";
import type { Timeline } from "@milimo/shared/schema";

export type ExportWhat = "timeline" | "clip" | "frame";
export type ExportWhere = "browser" | "server";
export type ExportSaveMode = "pick" | "download";

export type ExportOptions = {
  what: ExportWhat;
  where: ExportWhere;
  container: RenderContainer;
  /** Key of a resolution preset (see `listResolutionPresets`). */
  resolution: string;
  fps: number;
  quality: RenderQuality;
  save: ExportSaveMode;
};

/** Frame rates offered (FEATURES §1's project rates). */
export const EXPORT_FPS_CHOICES = [24, 25, 30, 50, 60] as const;

export type ResolutionPreset = { key: string; label: string; width: number; height: number };

const even = (v: number) => Math.max(16, 2 * Math.round(v / 2));

/** Resolutions offered for a project: its own size, half, double, then 720p and 1080p heights. */
export function listResolutionPresets(project: {
  width: number;
  height: number;
}): ResolutionPreset[] {
  const { width, height } = project;
  const atHeight = (h: number) => ({ width: even((width * h) / height), height: h });
  const presets: ResolutionPreset[] = [
    { key: "project", label: `Project size (${width}×${height})`, width, height },
    {
      key: "half",
      label: `Half (${even(width / 2)}×${even(height / 2)})`,
      width: even(width / 2),
      height: even(height / 2),
    },
    {
      key: "double",
      label: `Double (${even(width * 2)}×${even(height * 2)})`,
      width: even(width * 2),
      height: even(height * 2),
    },
  ];
  for (const h of [720, 1080]) {
    const size = atHeight(h);
    if (size.height === height) continue;
    presets.push({ key: `${h}p`, label: `${h}p (${size.width}×${size.height})`, ...size });
  }
  return presets;
}

/** The dialog's starting choices for a project. */
export function defaultExportOptions({
  fps,
  canPick,
}: {
  fps: number;
  canPick: boolean;
}): ExportOptions {
  return {
    what: "timeline",
    where: "browser",
    container: "mp4",
    resolution: "project",
    fps,
    quality: "high",
    save: canPick ? "pick" : "download",
  };
}

/** Width and height of the chosen preset (the project's size for an unknown key). */
export function resolveResolution(
  project: { width: number; height: number },
  key: string,
): { width: number; height: number } {
  const preset = listResolutionPresets(project).find(p => p.key === key);
  return preset
    ? { width: preset.width, height: preset.height }
    : { width: project.width, height: project.height };
}

/** A clip that can be exported alone: a picture clip with media. */
export type ExportableClip = {
  itemId: string;
  mediaId: string;
  sourceFrames: number;
  trimIn: number;
  trimOut: number;
  label: string;
};

/** The one selected video clip with media, or null when the selection is not exactly that. */
export function findSelectedClip({
  timeline,
  selection,
  labelOf,
}: {
  timeline: Timeline;
  selection: readonly string[];
  labelOf?: (mediaId: string) => string | undefined;
}): ExportableClip | null {
  if (selection.length !== 1) return null;
  const item = timeline.items.find(i => i.id === selection[0]);
  if (!item || item.track === "A1" || item.mediaId === null) return null;
  return {
    itemId: item.id,
    mediaId: item.mediaId,
    sourceFrames: item.sourceFrames,
    trimIn: item.trimIn,
    trimOut: item.trimOut,
    label: item.label ?? labelOf?.(item.mediaId) ?? "Selected clip",
  };
}

/**
 * The spec for these choices: the whole timeline, or the selected clip alone. Codecs are the
 * container's usual ones here; the browser export swaps in the encoders it found.
 */
export function buildExportSpec({
  options,
  project,
  timeline,
  media,
  clip,
}: {
  options: ExportOptions;
  project: { width: number; height: number; fps: number };
  timeline: Timeline;
  media: MediaLookup;
  clip: ExportableClip | null;
}): Result<RenderSpec, RenderSpecProblem> {
  const size = resolveResolution(project, options.resolution);
  const container = options.where === "server" ? "mp4" : options.container;
  const renderOptions = {
    container,
    videoCodec: container === "mp4" ? ("avc" as const) : ("vp9" as const),
    audioCodec: container === "mp4" ? ("aac" as const) : ("opus" as const),
    quality: options.quality,
    fps: options.fps,
    ...size,
  };
  if (options.what === "clip") {
    if (!clip) {
      return {
        ok: false,
        error: {
          code: "INVALID_REQUEST",
          message: "Select one clip to export it alone.",
          itemIds: [],
        },
      };
    }
    return toClipRenderSpec({ clip, project, media, options: renderOptions });
  }
  return toRenderSpec({ timeline, project, media, options: renderOptions });
}

/** Warnings to show before exporting (clips that will be black). */
export function describeExportWarnings(timeline: Timeline, what: ExportWhat): string[] {
  if (what === "clip") return [];
  const pending = listItemsWithoutMedia(timeline);
  if (pending.length === 0) return [];
  return [
    pending.length === 1
      ? "One clip has no media yet (a shot still generating?); it will be black in the film."
      : `${pending.length} clips have no media yet (shots still generating?); they will be black in the film.`,
  ];
}

/** The timeline frame to draw for "current frame": the playhead, clamped to the film. */
export function clampExportFrame(frame: number, spec: RenderSpec): number {
  return Math.min(Math.max(0, Math.round(frame)), spec.durationFrames - 1);
}

/** File size for people: "812 KB", "12.4 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(2)} GB`;
}
