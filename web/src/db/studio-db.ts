/**
 * The studio's IndexedDB, through Dexie. Only `web/src/db/` imports Dexie (STYLE §2); everything
 * else goes through store actions. The schema is the fold of MIGRATIONS.
 */
import { Dexie, type DexieOptions, type EntityTable } from "dexie";
import { MIGRATIONS } from "./migrations";
import type {
  BlobRecord,
  ElementRecord,
  MediaRecord,
  ProjectRecord,
  SceneRecord,
  SettingRecord,
  ShotRecord,
  TimelineRecord,
  TrackedMasksRecord,
} from "./records";

/** Name of the production database. */
export const STUDIO_DB_NAME = "milimo-studio";

export class StudioDB extends Dexie {
  projects!: EntityTable<ProjectRecord, "id">;
  scenes!: EntityTable<SceneRecord, "id">;
  shots!: EntityTable<ShotRecord, "id">;
  timelines!: EntityTable<TimelineRecord, "projectId">;
  elements!: EntityTable<ElementRecord, "id">;
  media!: EntityTable<MediaRecord, "id">;
  blobs!: EntityTable<BlobRecord, "key">;
  settings!: EntityTable<SettingRecord, "key">;
  trackedMasks!: EntityTable<TrackedMasksRecord, "id">;

  /** `name` defaults to the production database; tests pass a unique one. */
  constructor(name: string = STUDIO_DB_NAME, options?: DexieOptions) {
    super(name, options);
    for (const migration of MIGRATIONS) {
      const version = this.version(migration.version).stores(migration.stores);
      if (migration.upgrade) version.upgrade(migration.upgrade);
    }
  }

  /** Tables holding one project's rows, for transactions that touch a whole project. */
  projectTables() {
    return [
      this.projects,
      this.scenes,
      this.shots,
      this.timelines,
      this.elements,
      this.media,
      this.blobs,
      this.trackedMasks,
    ] as const;
  }
}
