/**
 * Lists outside the open project, kept live with Dexie's liveQuery (STYLE §4): any tab or action
 * that writes the projects table updates every subscriber.
 */
import { liveQuery } from "dexie";
import type { ProjectRecord } from "./records";
import { parseProjectRecord } from "./restore";
import type { StudioDB } from "./studio-db";

/** One row of the project list. */
export type ProjectSummary = Pick<
  ProjectRecord,
  "id" | "name" | "createdAt" | "updatedAt" | "lastOpenedAt" | "width" | "height" | "fps"
>;

/**
 * Subscribes to the project list, most recently opened first; returns the unsubscribe function.
 * Unreadable rows are left out.
 */
export function createProjectListQuery(
  db: StudioDB,
  {
    onChange,
    onError,
  }: { onChange: (projects: ProjectSummary[]) => void; onError: (error: unknown) => void },
): () => void {
  const subscription = liveQuery(() =>
    db.projects.orderBy("lastOpenedAt").reverse().toArray(),
  ).subscribe({
    next: rows => {
      const projects: ProjectSummary[] = [];
      for (const row of rows) {
        const project = parseProjectRecord(row);
        if (!project) continue;
        const { id, name, createdAt, updatedAt, lastOpenedAt, width, height, fps } = project;
        projects.push({ id, name, createdAt, updatedAt, lastOpenedAt, width, height, fps });
      }
      onChange(projects);
    },
    error: onError,
  });
  return () => subscription.unsubscribe();
}
