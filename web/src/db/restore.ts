/**
 * Loads one project from IndexedDB into plain, validated objects. Every row goes through the shared
 * schema, so rows written by an older studio get today's defaults (as Excalidraw's restore does);
 * a row that cannot be repaired is dropped and reported, never silently. Sort orders are fixed here
 * so a reload shows exactly what was saved.
 */
import { ErrorCode } from "@milimo/shared/api";
import {
  ElementSchema,
  MediaAssetSchema,
  PROJECT_SCHEMA_VERSION,
  ProjectSchema,
  SceneSchema,
  ShotSchema,
  TimelineItemSchema,
  TimelineSchema,
  TrackSchema,
  makeTimeline,
  type Element,
  type Scene,
  type Shot,
  type Timeline,
  type TimelineItem,
  type Track,
} from "@milimo/shared/schema";
import { StudioError } from "../errors/studio-error";
import { toStorageError } from "./db-errors";
import type { MediaRecord, ProjectDocument, ProjectRecord } from "./records";
import type { StudioDB } from "./studio-db";

/** A row restore could not read, with the first validation message. */
export type DroppedRow = { table: string; id: string; message: string };

export type RestoreResult = { document: ProjectDocument; dropped: DroppedRow[] };

type Parser<T> = {
  safeParse(
    value: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };
};

function idOf(row: unknown): string {
  const id = (row as { id?: unknown } | null)?.id;
  return typeof id === "string" ? id : "?";
}

function parseRows<T>(
  table: string,
  rows: readonly unknown[],
  schema: Parser<T>,
  dropped: DroppedRow[],
): T[] {
  const out: T[] = [];
  for (const row of rows) {
    const result = schema.safeParse(row);
    if (result.success) out.push(result.data);
    else
      dropped.push({ table, id: idOf(row), message: result.error.issues[0]?.message ?? "invalid" });
  }
  return out;
}

/** Orders shots by scene position, then shot index, then id (the storyboard order). */
export function sortShots(shots: readonly Shot[], scenes: readonly Scene[]): Shot[] {
  const sceneIndex = new Map(scenes.map(scene => [scene.id, scene.index]));
  const rank = (shot: Shot) => (shot.sceneId === null ? -1 : (sceneIndex.get(shot.sceneId) ?? -1));
  return [...shots].sort(
    (a, b) => rank(a) - rank(b) || a.index - b.index || a.id.localeCompare(b.id),
  );
}

/** Orders elements by name (case-insensitive), then id: the Elements view's order. */
export function sortElements(elements: readonly Element[]): Element[] {
  return [...elements].sort(
    (a, b) =>
      a.name.localeCompare(b.name, undefined, { sensitivity: "base" }) || a.id.localeCompare(b.id),
  );
}

/** Orders media by import time, then id: the library's order. */
export function sortMedia<T extends { createdAt: string; id: string }>(media: readonly T[]): T[] {
  return [...media].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
  );
}

/** Parses a project row, filling defaults older rows lack; null when it cannot be repaired. */
export function parseProjectRecord(row: unknown): ProjectRecord | null {
  if (!row || typeof row !== "object") return null;
  const raw = row as Record<string, unknown>;
  const fallbackDate = [raw.updatedAt, raw.createdAt, raw.lastOpenedAt].find(
    value => typeof value === "string",
  );
  const result = ProjectSchema.safeParse({
    schemaVersion: PROJECT_SCHEMA_VERSION,
    createdAt: fallbackDate,
    updatedAt: fallbackDate,
    lastOpenedAt: fallbackDate,
    ...raw,
  });
  return result.success ? result.data : null;
}

/** Parses a timeline, dropping only the items or tracks that are invalid. */
export function parseTimeline(row: unknown, dropped: DroppedRow[]): Timeline {
  const whole = TimelineSchema.safeParse(row);
  if (whole.success) return whole.data;
  const raw = (row ?? {}) as { items?: unknown; tracks?: unknown; markers?: unknown };
  const items: TimelineItem[] = parseRows(
    "timeline items",
    Array.isArray(raw.items) ? raw.items : [],
    TimelineItemSchema,
    dropped,
  );
  const tracks: Track[] = parseRows(
    "tracks",
    Array.isArray(raw.tracks) ? raw.tracks : [],
    TrackSchema,
    dropped,
  );
  const markers = Array.isArray(raw.markers)
    ? raw.markers.filter((m): m is number => Number.isInteger(m) && (m as number) >= 0)
    : [];
  const base = makeTimeline();
  // Every project has V1, V2 and A1; a track row lost to corruption comes back with defaults.
  const byId = new Map(tracks.map(track => [track.id, track]));
  return { items, tracks: base.tracks.map(track => byId.get(track.id) ?? track), markers };
}

/** Parses a media row, keeping the studio's extras (peaks, thumbnail flag). */
export function parseMediaRecord(row: unknown): MediaRecord | null {
  const result = MediaAssetSchema.safeParse(row);
  if (!result.success) return null;
  const raw = row as { peaks?: unknown; hasThumbnail?: unknown };
  const record: MediaRecord = { ...result.data };
  if (Array.isArray(raw.peaks) && raw.peaks.every(p => typeof p === "number"))
    record.peaks = raw.peaks;
  if (raw.hasThumbnail === true) record.hasThumbnail = true;
  return record;
}

/** Reads and validates one project; NOT_FOUND when it does not exist, STORAGE_* when IDB fails. */
export async function restoreProject(db: StudioDB, projectId: string): Promise<RestoreResult> {
  let rows;
  try {
    rows = await db.transaction(
      "r",
      [db.projects, db.scenes, db.shots, db.elements, db.timelines, db.media],
      async () => ({
        project: await db.projects.get(projectId),
        scenes: await db.scenes.where("projectId").equals(projectId).toArray(),
        shots: await db.shots.where("projectId").equals(projectId).toArray(),
        elements: await db.elements.where("projectId").equals(projectId).toArray(),
        timeline: await db.timelines.get(projectId),
        media: await db.media.where("projectId").equals(projectId).toArray(),
      }),
    );
  } catch (error) {
    throw toStorageError(error);
  }
  if (!rows.project) {
    throw new StudioError(ErrorCode.NOT_FOUND, `Project ${projectId} is not in this browser.`);
  }
  const project = parseProjectRecord(rows.project);
  if (!project) {
    throw new StudioError(ErrorCode.NOT_FOUND, `Project ${projectId} could not be read.`);
  }
  const dropped: DroppedRow[] = [];
  const scenes = parseRows("scenes", rows.scenes, SceneSchema, dropped).sort(
    (a, b) => a.index - b.index || a.id.localeCompare(b.id),
  );
  const shots = sortShots(parseRows("shots", rows.shots, ShotSchema, dropped), scenes);
  const elements = sortElements(parseRows("elements", rows.elements, ElementSchema, dropped));
  const timeline = rows.timeline ? parseTimeline(rows.timeline, dropped) : makeTimeline();
  const media: MediaRecord[] = [];
  for (const row of rows.media) {
    const record = parseMediaRecord(row);
    if (record) media.push(record);
    else dropped.push({ table: "media", id: idOf(row), message: "invalid media record" });
  }
  return {
    document: { project, scenes, shots, elements, timeline, media: sortMedia(media) },
    dropped,
  };
}
