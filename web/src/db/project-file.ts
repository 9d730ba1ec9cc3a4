/**
 * The project file: ONE file (a stored ZIP) holding `project.json` — the document, validated with
 * the shared schemas on the way in — every media file and thumbnail under `media/<id>` and
 * `thumbnails/<id>`, and the tracked masks the clips point at in `tracked-masks.json` (absent in
 * files from before tracked masks, which read as none). It moves a project between machines;
 * importing never overwrites: a project whose id already exists here comes in under fresh ids.
 * Version 2 (tracked objects): clips carry `trackedObjects`; a version-1 file's single
 * `trackedMasks` reference is upgraded on the way in, as the Dexie migration does.
 */
import { z } from "zod";
import {
  ElementSchema,
  IdSchema,
  IsoDateTimeSchema,
  MediaAssetSchema,
  ProjectSchema,
  SceneSchema,
  ShotSchema,
  StoredMaskRleSchema,
  TimelineSchema,
} from "@milimo/shared/schema";
import { StudioError, StudioOnlyCode } from "../errors/studio-error";
import { hasProject, readProjectBlobs, writeProjectDocument } from "./projects";
import {
  BlobRole,
  mediaBlobKey,
  thumbnailBlobKey,
  type BlobRecord,
  type MediaRecord,
  type ProjectDocument,
  type TrackedMasksRecord,
} from "./records";
import { remapProjectIds } from "./remap-ids";
import { restoreProject } from "./restore";
import type { StudioDB } from "./studio-db";
import {
  hasAnyTrackedMasks,
  readReferencedTrackedMasks,
  upgradeLegacyTrackedMasks,
} from "./tracked-masks";
import { readZip, readZipEntryBytes, writeZip, ZipFormatError, type ZipEntry } from "./zip";

export const PROJECT_FILE_FORMAT = "milimo-project";
/** Version of the file layout; files from newer studios are refused with a clear message. */
export const PROJECT_FILE_VERSION = 2;
/** File name extension of project files. */
export const PROJECT_FILE_EXTENSION = ".milimo";
const MANIFEST_NAME = "project.json";
/** Its own entry, compact: masks run to hundreds of kilobytes and would swamp the readable manifest. */
const TRACKED_MASKS_NAME = "tracked-masks.json";
/** Thumbnails are always written as JPEG by the library. */
const THUMBNAIL_MIME = "image/jpeg";

const ProjectFileMediaSchema = MediaAssetSchema.extend({
  peaks: z.array(z.number().min(0).max(1)).optional(),
  hasThumbnail: z.boolean().optional(),
});

export const ProjectFileManifestSchema = z.object({
  format: z.literal(PROJECT_FILE_FORMAT, { error: "This is not a Milimo project file" }),
  formatVersion: z
    .number()
    .int()
    .min(1)
    .max(PROJECT_FILE_VERSION, "This project file was made by a newer Milimo Studio"),
  exportedAt: IsoDateTimeSchema,
  project: ProjectSchema,
  scenes: z.array(SceneSchema),
  shots: z.array(ShotSchema),
  elements: z.array(ElementSchema),
  timeline: TimelineSchema,
  media: z.array(ProjectFileMediaSchema),
});
export type ProjectFileManifest = z.infer<typeof ProjectFileManifestSchema>;

/** The rows of `tracked-masks.json`; `projectId` is the file's project. */
export const ProjectFileTrackedMasksSchema = z.array(
  z.object({
    id: IdSchema,
    mediaId: IdSchema,
    frames: z.array(z.object({ frame: z.number().int().nonnegative(), rle: StoredMaskRleSchema })),
  }),
);

function invalid(message: string, cause?: unknown): StudioError {
  return new StudioError(StudioOnlyCode.PROJECT_FILE_INVALID, message, { cause });
}

/** A file-system-safe name for a project's file: "Night Train" -> "Night-Train.milimo". */
export function projectFileName(name: string): string {
  const base = name
    .trim()
    .replace(/[^\p{L}\p{N}._ -]+/gu, "")
    .replace(/\s+/g, "-")
    .slice(0, 80);
  return `${base || "project"}${PROJECT_FILE_EXTENSION}`;
}

/** The manifest for a document (no blobs). */
export function makeManifest(document: ProjectDocument, exportedAt: string): ProjectFileManifest {
  return {
    format: PROJECT_FILE_FORMAT,
    formatVersion: PROJECT_FILE_VERSION,
    exportedAt,
    ...document,
  };
}

/** Builds the project file from a document, its blobs and its tracked masks (default none). */
export async function writeProjectFile({
  document,
  blobs,
  trackedMasks = [],
  exportedAt,
}: {
  document: ProjectDocument;
  blobs: readonly BlobRecord[];
  trackedMasks?: readonly TrackedMasksRecord[];
  exportedAt: string;
}): Promise<Blob> {
  const manifest = makeManifest(document, exportedAt);
  const json = new TextEncoder().encode(JSON.stringify(manifest, null, 2));
  const byKey = new Map(blobs.map(blob => [blob.key, blob.blob]));
  const entries = [{ name: MANIFEST_NAME, data: json as Blob | Uint8Array }];
  for (const media of document.media) {
    const file = byKey.get(mediaBlobKey(media.id));
    if (file) entries.push({ name: `media/${media.id}`, data: file });
    const thumbnail = byKey.get(thumbnailBlobKey(media.id));
    if (thumbnail) entries.push({ name: `thumbnails/${media.id}`, data: thumbnail });
  }
  if (trackedMasks.length > 0) {
    const rows = trackedMasks.map(({ id, mediaId, frames }) => ({ id, mediaId, frames }));
    entries.push({
      name: TRACKED_MASKS_NAME,
      data: new TextEncoder().encode(JSON.stringify(rows)),
    });
  }
  const zip = await writeZip(entries);
  return new Blob([zip], { type: "application/x-milimo-project" });
}

/** Exports a stored project to one file (after any pending autosave has been flushed). */
export async function exportProjectFile(
  db: StudioDB,
  { projectId, exportedAt }: { projectId: string; exportedAt: string },
): Promise<{ blob: Blob; fileName: string }> {
  const { document } = await restoreProject(db, projectId);
  const blobs = await readProjectBlobs(db, projectId);
  const trackedMasks = await readReferencedTrackedMasks(db, document);
  const blob = await writeProjectFile({ document, blobs, trackedMasks, exportedAt });
  return { blob, fileName: projectFileName(document.project.name) };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}

function checkReferences(
  manifest: ProjectFileManifest,
  trackedMasks: readonly { id: string }[],
): void {
  const projectId = manifest.project.id;
  const rows = [...manifest.scenes, ...manifest.shots, ...manifest.elements, ...manifest.media];
  const foreign = rows.find(row => row.projectId !== projectId);
  if (foreign) throw invalid(`Row ${foreign.id} belongs to another project.`);
  const ids = new Set<string>();
  for (const row of [...rows, ...manifest.timeline.items, ...trackedMasks]) {
    if (ids.has(row.id)) throw invalid(`The id ${row.id} appears twice.`);
    ids.add(row.id);
  }
}

async function readTrackedMasksEntry(
  entry: ZipEntry | undefined,
  projectId: string,
): Promise<TrackedMasksRecord[]> {
  if (!entry) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(await readZipEntryBytes(entry)));
  } catch (error) {
    throw invalid("The tracked masks inside the file are damaged.", error);
  }
  const parsed = ProjectFileTrackedMasksSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const reason = first ? describeIssue(first) : "invalid";
    throw invalid(`The tracked masks inside the file are invalid (${reason}).`, parsed.error);
  }
  return parsed.data.map(row => ({ ...row, projectId }));
}

/**
 * A manifest from an older file layout in today's shape, before validation (which would silently
 * drop fields it no longer knows). Version 1 clips had one `trackedMasks` reference.
 */
function upgradeManifest(raw: unknown): unknown {
  if (!raw || typeof raw !== "object") return raw;
  const manifest = raw as { formatVersion?: unknown; timeline?: { items?: unknown } };
  const items = manifest.timeline?.items;
  if (manifest.formatVersion !== 1 || !Array.isArray(items)) return raw;
  return {
    ...manifest,
    timeline: {
      ...manifest.timeline,
      items: (items as unknown[]).map(item =>
        item && typeof item === "object"
          ? upgradeLegacyTrackedMasks(item as Record<string, unknown>)
          : item,
      ),
    },
  };
}

/** Reads and validates a project file; PROJECT_FILE_INVALID with a readable reason when it isn't one. */
export async function readProjectFile(file: Blob): Promise<{
  document: ProjectDocument;
  blobs: BlobRecord[];
  trackedMasks: TrackedMasksRecord[];
}> {
  let entries: ZipEntry[];
  try {
    entries = await readZip(file);
  } catch (error) {
    throw invalid("This file is not a Milimo project file (it is not a project archive).", error);
  }
  const byName = new Map(entries.map(entry => [entry.name, entry]));
  const manifestEntry = byName.get(MANIFEST_NAME);
  if (!manifestEntry) throw invalid("This file is not a Milimo project file (no project.json).");
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(await readZipEntryBytes(manifestEntry)));
  } catch (error) {
    throw invalid("The project description inside the file is damaged.", error);
  }
  const parsed = ProjectFileManifestSchema.safeParse(upgradeManifest(raw));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw invalid(
      first ? describeIssue(first) : "The project description is invalid.",
      parsed.error,
    );
  }
  const manifest = parsed.data;
  const trackedMasks = await readTrackedMasksEntry(
    byName.get(TRACKED_MASKS_NAME),
    manifest.project.id,
  );
  checkReferences(manifest, trackedMasks);

  const blobs: BlobRecord[] = [];
  const media: MediaRecord[] = [];
  for (const { peaks, hasThumbnail, ...asset } of manifest.media) {
    const fileEntry = byName.get(`media/${asset.id}`);
    if (!fileEntry) throw invalid(`The file for "${asset.name}" is missing from the project file.`);
    const base = { projectId: manifest.project.id, mediaId: asset.id };
    try {
      const bytes = await readZipEntryBytes(fileEntry);
      blobs.push({
        ...base,
        key: mediaBlobKey(asset.id),
        role: BlobRole.media,
        blob: new Blob([bytes as BlobPart], { type: asset.mime }),
      });
      const thumbEntry = byName.get(`thumbnails/${asset.id}`);
      if (thumbEntry) {
        const thumb = await readZipEntryBytes(thumbEntry);
        blobs.push({
          ...base,
          key: thumbnailBlobKey(asset.id),
          role: BlobRole.thumbnail,
          blob: new Blob([thumb as BlobPart], { type: THUMBNAIL_MIME }),
        });
      }
    } catch (error) {
      if (error instanceof ZipFormatError) throw invalid(error.message, error);
      throw error;
    }
    const record: MediaRecord = { ...asset };
    if (peaks) record.peaks = peaks;
    if (hasThumbnail && byName.has(`thumbnails/${asset.id}`)) record.hasThumbnail = true;
    media.push(record);
  }
  const { format: _f, formatVersion: _v, exportedAt: _e, media: _m, ...document } = manifest;
  return { document: { ...document, media }, blobs, trackedMasks };
}

/**
 * Imports a project file; the project is listed first (lastOpenedAt = `at`). Returns the id it was
 * stored under: the file's own, or fresh ids when that project (or one of its tracked-mask rows,
 * which copies made before duplicate copied them shared) already exists here.
 */
export async function importProjectFile(
  db: StudioDB,
  { file, at, newId }: { file: Blob; at: string; newId: () => string },
): Promise<string> {
  const read = await readProjectFile(file);
  const exists =
    (await hasProject(db, read.document.project.id)) ||
    (await hasAnyTrackedMasks(
      db,
      read.trackedMasks.map(row => row.id),
    ));
  const bundle = exists ? remapProjectIds({ ...read, newId }) : read;
  bundle.document.project = { ...bundle.document.project, lastOpenedAt: at };
  await writeProjectDocument(db, bundle);
  return bundle.document.project.id;
}
