/**
 * Whole-project operations on IndexedDB: create, list, touch, rename, delete, duplicate and write a
 * complete document (import). Each is one transaction, so a project is never half created or half
 * deleted.
 */
import { makeTimeline, type Project } from "@milimo/shared/schema";
import { toStorageError } from "./db-errors";
import type { BlobRecord, ProjectDocument, ProjectRecord, TrackedMasksRecord } from "./records";
import { remapProjectIds } from "./remap-ids";
import { restoreProject } from "./restore";
import type { StudioDB } from "./studio-db";
import { readReferencedTrackedMasks } from "./tracked-masks";

async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toStorageError(error);
  }
}

/** Stores a new, empty project (with its empty timeline). */
export function createProjectRecord(db: StudioDB, project: Project): Promise<void> {
  return guard(() =>
    db.transaction("rw", [db.projects, db.timelines], async () => {
      await db.projects.add(project);
      await db.timelines.put({ ...makeTimeline(), projectId: project.id });
    }),
  );
}

/** Every project, most recently opened first. */
export function listProjects(db: StudioDB): Promise<ProjectRecord[]> {
  return guard(() => db.projects.orderBy("lastOpenedAt").reverse().toArray());
}

/** Whether a project with this id exists. */
export function hasProject(db: StudioDB, projectId: string): Promise<boolean> {
  return guard(async () => (await db.projects.get(projectId)) !== undefined);
}

/** Sets lastOpenedAt (ISO) so the list puts the project first. */
export function touchProjectOpened(db: StudioDB, projectId: string, at: string): Promise<void> {
  return guard(async () => {
    await db.projects.update(projectId, { lastOpenedAt: at });
  });
}

/** Renames a project that is not open (the open one renames through its store action). */
export function renameProjectRecord(
  db: StudioDB,
  { projectId, name, at }: { projectId: string; name: string; at: string },
): Promise<void> {
  return guard(async () => {
    await db.projects.update(projectId, { name, updatedAt: at });
  });
}

/** Deletes a project and everything in it, blobs included. */
export function deleteProjectRecords(db: StudioDB, projectId: string): Promise<void> {
  return guard(() =>
    db.transaction("rw", [...db.projectTables()], async () => {
      await db.projects.delete(projectId);
      await db.timelines.delete(projectId);
      const tables = [db.scenes, db.shots, db.elements, db.media, db.blobs, db.trackedMasks];
      for (const table of tables) {
        await table.where("projectId").equals(projectId).delete();
      }
    }),
  );
}

/** Every blob row of a project (files and thumbnails). */
export function readProjectBlobs(db: StudioDB, projectId: string): Promise<BlobRecord[]> {
  return guard(() => db.blobs.where("projectId").equals(projectId).toArray());
}

/**
 * Writes a complete project (rows, blobs and tracked masks, default none) in one transaction; fails
 * if the project id or a tracked-mask id exists.
 */
export function writeProjectDocument(
  db: StudioDB,
  {
    document,
    blobs,
    trackedMasks = [],
  }: {
    document: ProjectDocument;
    blobs: readonly BlobRecord[];
    trackedMasks?: readonly TrackedMasksRecord[];
  },
): Promise<void> {
  const id = document.project.id;
  return guard(() =>
    db.transaction("rw", [...db.projectTables()], async () => {
      await db.projects.add(document.project);
      await db.timelines.put({ ...document.timeline, projectId: id });
      await db.scenes.bulkAdd(document.scenes);
      await db.shots.bulkAdd(document.shots);
      await db.elements.bulkAdd(document.elements);
      await db.media.bulkAdd(document.media);
      await db.blobs.bulkAdd([...blobs]);
      await db.trackedMasks.bulkAdd(trackedMasks.map(row => ({ ...row, projectId: id })));
    }),
  );
}

/**
 * Copies a project under new ids (every row, blob and the tracked masks its clips point at, so the
 * copy keeps them when the original is deleted), named `name`, with all dates `at` (ISO). Returns
 * the new project id.
 */
export async function duplicateProjectRecords(
  db: StudioDB,
  {
    projectId,
    name,
    at,
    newId,
  }: { projectId: string; name: string; at: string; newId: () => string },
): Promise<string> {
  const { document } = await restoreProject(db, projectId);
  const blobs = await readProjectBlobs(db, projectId);
  const trackedMasks = await readReferencedTrackedMasks(db, document);
  const copy = remapProjectIds({ document, blobs, trackedMasks, newId });
  copy.document.project = {
    ...copy.document.project,
    name,
    createdAt: at,
    updatedAt: at,
    lastOpenedAt: at,
  };
  await writeProjectDocument(db, copy);
  return copy.document.project.id;
}
