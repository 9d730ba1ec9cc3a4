/**
 * Dexie schema versions, append-only: never edit a shipped entry, add a new one at the end with the
 * next version, an id `NNNN_what_changed` and a one-line reason. Upgrades run inside Dexie's
 * versionchange transaction, so a failed upgrade leaves the old data untouched.
 */
import type { Transaction } from "dexie";
import { DEFAULT_TRACKS } from "@milimo/shared/schema";
import { upgradeLegacyTrackedMasks } from "./tracked-masks";

export interface Migration {
  /** `NNNN_what_changed`, unique and ordered. */
  id: string;
  /** Dexie version number this migration declares; strictly increasing. */
  version: number;
  /** Why the shape changed, in one line. */
  reason: string;
  /** Table -> Dexie index spec at this version (null deletes the table). */
  stores: Record<string, string | null>;
  /** Moves existing rows into the new shape. */
  upgrade?: (tx: Transaction) => Promise<void>;
}

type V1Item = Record<string, unknown> & { projectId: string; order: number };

export const MIGRATIONS: readonly Migration[] = [
  {
    id: "0001_initial",
    version: 1,
    reason: "First schema: one row per timeline item, ordered by `order`.",
    stores: {
      projects: "id, updatedAt",
      scenes: "id, projectId",
      shots: "id, projectId",
      items: "id, projectId",
      elements: "id, projectId",
      media: "id, projectId",
      blobs: "key, projectId, mediaId",
      settings: "key",
    },
  },
  {
    id: "0002_timeline_per_project",
    version: 2,
    reason:
      "Autosave writes a whole timeline in one put; per-item rows needed N writes and an order field.",
    stores: { items: null, timelines: "projectId" },
    async upgrade(tx) {
      const items = (await tx.table("items").toArray()) as V1Item[];
      const byProject = new Map<string, V1Item[]>();
      for (const item of items) {
        const list = byProject.get(item.projectId) ?? [];
        list.push(item);
        byProject.set(item.projectId, list);
      }
      const projectIds = (await tx.table("projects").toCollection().primaryKeys()) as string[];
      const rows = projectIds.map(projectId => ({
        projectId,
        items: (byProject.get(projectId) ?? [])
          .sort((a, b) => a.order - b.order)
          .map(({ projectId: _p, order: _o, ...item }) => item),
        tracks: DEFAULT_TRACKS.map(track => ({ ...track })),
        markers: [],
      }));
      await tx.table("timelines").bulkPut(rows);
    },
  },
  {
    id: "0003_projects_by_last_opened",
    version: 3,
    reason:
      "The project list sorts by last opened; rows from before it get lastOpenedAt = updatedAt.",
    stores: { projects: "id, updatedAt, lastOpenedAt" },
    async upgrade(tx) {
      await tx
        .table("projects")
        .toCollection()
        .modify((project: Record<string, unknown>) => {
          if (typeof project.lastOpenedAt !== "string") {
            project.lastOpenedAt = project.updatedAt ?? project.createdAt;
          }
        });
    },
  },
  {
    id: "0004_tracked_masks",
    version: 4,
    reason:
      "Tracked masks (one per source frame) are too large for the timeline row autosave rewrites; they get their own table.",
    stores: { trackedMasks: "id, projectId" },
  },
  {
    id: "0005_tracked_objects",
    version: 5,
    reason:
      "A clip tracks several objects (name, colour, keyframes); its one trackedMasks reference becomes trackedObjects[0].",
    stores: {},
    async upgrade(tx) {
      await tx
        .table("timelines")
        .toCollection()
        .modify((timeline: { items?: Record<string, unknown>[] }) => {
          if (Array.isArray(timeline.items)) {
            timeline.items = timeline.items.map(upgradeLegacyTrackedMasks);
          }
        });
    },
  },
];

/** The newest schema version. */
export const LATEST_DB_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 1;
