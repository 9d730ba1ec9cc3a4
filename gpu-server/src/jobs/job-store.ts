/**
 * The job store: one SQLite file (better-sqlite3, WAL, synchronous=NORMAL) holding jobs, the event
 * log used for Last-Event-ID replay, and upload metadata. A job row is written before the job runs,
 * so a reload or a restart never loses it. Writes are synchronous and tiny (tens of µs), which keeps
 * per-event bookkeeping far below a millisecond and makes "append, then fan out" race-free.
 */
import Database from "better-sqlite3";
import type {
  Job,
  JobArtifact,
  JobError,
  JobEventData,
  JobEventType,
  JobKind,
  JobProgress,
  JobStatus,
} from "@milimo/shared/schema";

/** A stored event; `data` is the JSON text sent as the SSE `data:` line. */
export interface StoredEvent {
  id: number;
  jobId: string;
  type: JobEventType;
  data: string;
}

interface JobRow {
  id: string;
  kind: string;
  status: string;
  priority: number;
  params: string;
  progress: string;
  error: string | null;
  artifacts: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface UploadRow {
  id: string;
  sha256: string;
  mime: string;
  bytes: number;
  createdAt: string;
}

const MIGRATIONS = [
  // 0001_initial: jobs, the event log and uploads.
  `CREATE TABLE jobs (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     kind TEXT NOT NULL,
     status TEXT NOT NULL,
     priority INTEGER NOT NULL,
     params TEXT NOT NULL,
     progress TEXT NOT NULL,
     error TEXT,
     artifacts TEXT NOT NULL DEFAULT '[]',
     created_at TEXT NOT NULL,
     started_at TEXT,
     finished_at TEXT
   );
   CREATE INDEX jobs_status ON jobs(status);
   CREATE INDEX jobs_finished_at ON jobs(finished_at);
   CREATE TABLE events (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     job_id TEXT NOT NULL,
     type TEXT NOT NULL,
     data TEXT NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE INDEX events_job ON events(job_id, id);
   CREATE TABLE uploads (
     id TEXT PRIMARY KEY,
     sha256 TEXT NOT NULL,
     mime TEXT NOT NULL,
     bytes INTEGER NOT NULL,
     created_at TEXT NOT NULL,
     used_at TEXT NOT NULL
   );`,
];

const emptyProgress: JobProgress = {
  step: 0,
  total: 0,
  fraction: 0,
  etaSeconds: null,
  message: "Queued",
};

function rowToJob(row: JobRow): Job {
  const job: Job = {
    id: row.id,
    kind: row.kind as JobKind,
    status: row.status as JobStatus,
    params: JSON.parse(row.params) as Record<string, unknown>,
    progress: JSON.parse(row.progress) as JobProgress,
    artifacts: JSON.parse(row.artifacts) as JobArtifact[],
    createdAt: row.created_at,
  };
  if (row.error) job.error = JSON.parse(row.error) as JobError;
  if (row.started_at) job.startedAt = row.started_at;
  if (row.finished_at) job.finishedAt = row.finished_at;
  return job;
}

export interface JobStore {
  /** Runs `fn` in one transaction (nested calls join the outer one). */
  transaction<T>(fn: () => T): T;
  insertJob(args: {
    id: string;
    kind: JobKind;
    params: Record<string, unknown>;
    priority: number;
    createdAt: string;
  }): Job;
  getJob(id: string): Job | undefined;
  /** Newest first. */
  listJobs(args: { status?: readonly JobStatus[]; ids?: readonly string[]; limit: number }): Job[];
  /** Queued jobs in submission order, with their priority. */
  queuedJobs(): Array<{ job: Job; priority: number; seq: number }>;
  countByStatus(): Record<JobStatus, number>;
  /** Moves queued -> running; false when the job is no longer queued. */
  markRunning(id: string, startedAt: string, progress: JobProgress): boolean;
  /** Updates progress of a running job; false when it is no longer running. */
  updateProgress(id: string, progress: JobProgress): boolean;
  /**
   * Moves a job from one of `from` to a finished status; false when it was not in `from` (e.g. a
   * cancelled job whose pipeline still returned).
   */
  finishJob(args: {
    id: string;
    from: readonly JobStatus[];
    status: "completed" | "failed" | "cancelled";
    finishedAt: string;
    progress?: JobProgress;
    error?: JobError;
    artifacts?: JobArtifact[];
  }): boolean;
  /** Ids of jobs in `running` (used at start to fail jobs a crash interrupted). */
  runningJobIds(): string[];
  appendEvent<T extends JobEventType>(args: {
    jobId: string;
    type: T;
    data: JobEventData<T>;
    createdAt: string;
  }): StoredEvent;
  /** Events with id > `afterId`, oldest first, optionally only of some jobs. */
  eventsAfter(args: { afterId: number; jobIds?: readonly string[] }): StoredEvent[];
  /** Oldest kept event id, or undefined when the log is empty. */
  oldestEventId(): number | undefined;
  latestEventId(): number;
  /** Deletes finished jobs that finished before `before`; returns their ids. */
  deleteFinishedJobsBefore(before: string): string[];
  /** Deletes events older than `before` and keeps at most `maxEvents` newest. */
  pruneEvents(args: { before: string; maxEvents: number }): number;
  putUpload(row: UploadRow): void;
  getUpload(id: string): UploadRow | undefined;
  touchUpload(id: string, usedAt: string): void;
  /** Deletes uploads not used since `before`; returns them. */
  deleteUploadsUnusedSince(before: string): UploadRow[];
  close(): void;
}

/** Opens (creating and migrating) the store at `path` (":memory:" works for unit tests). */
export function openJobStore(path: string): JobStore {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");

  const version = db.pragma("user_version", { simple: true }) as number;
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }

  const stmt = {
    insertJob: db.prepare(
      `INSERT INTO jobs (id, kind, status, priority, params, progress, created_at)
       VALUES (@id, @kind, 'queued', @priority, @params, @progress, @createdAt)`,
    ),
    getJob: db.prepare(`SELECT * FROM jobs WHERE id = ?`),
    queued: db.prepare(`SELECT * FROM jobs WHERE status = 'queued' ORDER BY seq`),
    counts: db.prepare(`SELECT status, COUNT(*) AS n FROM jobs GROUP BY status`),
    markRunning: db.prepare(
      `UPDATE jobs SET status = 'running', started_at = ?, progress = ? WHERE id = ? AND status = 'queued'`,
    ),
    updateProgress: db.prepare(`UPDATE jobs SET progress = ? WHERE id = ? AND status = 'running'`),
    runningIds: db.prepare(`SELECT id FROM jobs WHERE status = 'running' ORDER BY seq`),
    appendEvent: db.prepare(
      `INSERT INTO events (job_id, type, data, created_at) VALUES (?, ?, ?, ?)`,
    ),
    eventsAfter: db.prepare(`SELECT id, job_id, type, data FROM events WHERE id > ? ORDER BY id`),
    eventsAfterForJobs: db.prepare(
      `SELECT id, job_id, type, data FROM events
       WHERE id > ? AND job_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
    ),
    oldestEvent: db.prepare(`SELECT MIN(id) AS id FROM events`),
    // AUTOINCREMENT keeps the high-water mark in sqlite_sequence even after pruning.
    latestEvent: db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'events'`),
    finishedBefore: db.prepare(
      `SELECT id FROM jobs WHERE status IN ('completed','failed','cancelled') AND finished_at < ?`,
    ),
    deleteJob: db.prepare(`DELETE FROM jobs WHERE id = ?`),
    pruneEventsByAge: db.prepare(`DELETE FROM events WHERE created_at < ?`),
    pruneEventsByCount: db.prepare(
      `DELETE FROM events WHERE id <= (SELECT id FROM events ORDER BY id DESC LIMIT 1 OFFSET ?)`,
    ),
    putUpload: db.prepare(
      `INSERT INTO uploads (id, sha256, mime, bytes, created_at, used_at)
       VALUES (@id, @sha256, @mime, @bytes, @createdAt, @createdAt)
       ON CONFLICT(id) DO UPDATE SET used_at = excluded.used_at`,
    ),
    getUpload: db.prepare(`SELECT * FROM uploads WHERE id = ?`),
    touchUpload: db.prepare(`UPDATE uploads SET used_at = ? WHERE id = ?`),
    unusedUploads: db.prepare(`SELECT * FROM uploads WHERE used_at < ?`),
    deleteUpload: db.prepare(`DELETE FROM uploads WHERE id = ?`),
  };

  // Statements whose SQL depends on the arguments, compiled once per shape.
  const prepared = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let s = prepared.get(sql);
    if (!s) prepared.set(sql, (s = db.prepare(sql)));
    return s;
  };

  const getJob = (id: string) => {
    const row = stmt.getJob.get(id) as JobRow | undefined;
    return row ? rowToJob(row) : undefined;
  };

  type RawUpload = { id: string; sha256: string; mime: string; bytes: number; created_at: string };
  const toUpload = (r: RawUpload): UploadRow => ({
    id: r.id,
    sha256: r.sha256,
    mime: r.mime,
    bytes: r.bytes,
    createdAt: r.created_at,
  });
  type RawEvent = { id: number; job_id: string; type: string; data: string };
  const toEvent = (r: RawEvent): StoredEvent => ({
    id: r.id,
    jobId: r.job_id,
    type: r.type as JobEventType,
    data: r.data,
  });

  return {
    transaction: fn => db.transaction(fn)(),
    insertJob({ id, kind, params, priority, createdAt }) {
      stmt.insertJob.run({
        id,
        kind,
        priority,
        params: JSON.stringify(params),
        progress: JSON.stringify(emptyProgress),
        createdAt,
      });
      return getJob(id) as Job;
    },
    getJob,
    listJobs({ status, ids, limit }) {
      const where: string[] = [];
      const args: unknown[] = [];
      if (status?.length) {
        where.push(`status IN (SELECT value FROM json_each(?))`);
        args.push(JSON.stringify(status));
      }
      if (ids?.length) {
        where.push(`id IN (SELECT value FROM json_each(?))`);
        args.push(JSON.stringify(ids));
      }
      const sql = `SELECT * FROM jobs ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
                   ORDER BY seq DESC LIMIT ?`;
      return (prepare(sql).all(...args, limit) as JobRow[]).map(rowToJob);
    },
    queuedJobs() {
      return (stmt.queued.all() as Array<JobRow & { seq: number }>).map(row => ({
        job: rowToJob(row),
        priority: row.priority,
        seq: row.seq,
      }));
    },
    countByStatus() {
      const counts: Record<JobStatus, number> = {
        queued: 0,
        running: 0,
        completed: 0,
        failed: 0,
        cancelled: 0,
      };
      for (const r of stmt.counts.all() as Array<{ status: JobStatus; n: number }>) {
        counts[r.status] = r.n;
      }
      return counts;
    },
    markRunning(id, startedAt, progress) {
      return stmt.markRunning.run(startedAt, JSON.stringify(progress), id).changes === 1;
    },
    updateProgress(id, progress) {
      return stmt.updateProgress.run(JSON.stringify(progress), id).changes === 1;
    },
    finishJob({ id, from, status, finishedAt, progress, error, artifacts }) {
      const sets = [`status = ?`, `finished_at = ?`];
      const args: unknown[] = [status, finishedAt];
      if (progress) {
        sets.push(`progress = ?`);
        args.push(JSON.stringify(progress));
      }
      if (error) {
        sets.push(`error = ?`);
        args.push(JSON.stringify(error));
      }
      if (artifacts) {
        sets.push(`artifacts = ?`);
        args.push(JSON.stringify(artifacts));
      }
      const sql = `UPDATE jobs SET ${sets.join(", ")}
                   WHERE id = ? AND status IN (SELECT value FROM json_each(?))`;
      return prepare(sql).run(...args, id, JSON.stringify(from)).changes === 1;
    },
    runningJobIds() {
      return (stmt.runningIds.all() as Array<{ id: string }>).map(r => r.id);
    },
    appendEvent({ jobId, type, data, createdAt }) {
      const json = JSON.stringify(data);
      const info = stmt.appendEvent.run(jobId, type, json, createdAt);
      return { id: Number(info.lastInsertRowid), jobId, type, data: json };
    },
    eventsAfter({ afterId, jobIds }) {
      const rows = jobIds?.length
        ? stmt.eventsAfterForJobs.all(afterId, JSON.stringify(jobIds))
        : stmt.eventsAfter.all(afterId);
      return (rows as RawEvent[]).map(toEvent);
    },
    oldestEventId() {
      const row = stmt.oldestEvent.get() as { id: number | null };
      return row.id ?? undefined;
    },
    latestEventId() {
      const row = stmt.latestEvent.get() as { seq: number } | undefined;
      return row?.seq ?? 0;
    },
    deleteFinishedJobsBefore(before) {
      const ids = (stmt.finishedBefore.all(before) as Array<{ id: string }>).map(r => r.id);
      db.transaction(() => ids.forEach(id => stmt.deleteJob.run(id)))();
      return ids;
    },
    pruneEvents({ before, maxEvents }) {
      return db.transaction(
        () =>
          stmt.pruneEventsByAge.run(before).changes +
          stmt.pruneEventsByCount.run(maxEvents).changes,
      )();
    },
    putUpload(row) {
      stmt.putUpload.run(row);
    },
    getUpload(id) {
      const row = stmt.getUpload.get(id) as RawUpload | undefined;
      return row ? toUpload(row) : undefined;
    },
    touchUpload(id, usedAt) {
      stmt.touchUpload.run(usedAt, id);
    },
    deleteUploadsUnusedSince(before) {
      const rows = (stmt.unusedUploads.all(before) as RawUpload[]).map(toUpload);
      db.transaction(() => rows.forEach(r => stmt.deleteUpload.run(r.id)))();
      return rows;
    },
    close() {
      if (db.open) db.close();
    },
  };
}
