/**
 * Retention: finished jobs (with their artifact folders), events, uploads and cached embeddings
 * older than RETENTION_HOURS are deleted; queued and running jobs are never touched. Also removes
 * artifact folders with no job row (left by a crash between mkdir and insert).
 */
import { existsSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../logger";
import type { SamEmbedder } from "../pipelines/sam-embedder";
import type { UploadStore } from "../uploads/upload-store";
import type { JobStore } from "./job-store";

export interface PruneResult {
  jobs: number;
  events: number;
  uploads: number;
  embeddings: number;
}

/** Deletes everything older than `retentionMs` before `now`. */
export async function pruneExpired(args: {
  store: JobStore;
  uploads: UploadStore;
  samEmbedder: SamEmbedder;
  jobsDir: string;
  retentionMs: number;
  eventLogMax: number;
  now: Date;
  logger: Logger;
}): Promise<PruneResult> {
  const cutoffMs = args.now.getTime() - args.retentionMs;
  const cutoff = new Date(cutoffMs).toISOString();
  const jobIds = args.store.deleteFinishedJobsBefore(cutoff);
  await Promise.all(jobIds.map(id => rm(join(args.jobsDir, id), { recursive: true, force: true })));
  if (existsSync(args.jobsDir)) {
    for (const name of await readdir(args.jobsDir)) {
      if (!args.store.getJob(name))
        await rm(join(args.jobsDir, name), { recursive: true, force: true });
    }
  }
  const events = args.store.pruneEvents({ before: cutoff, maxEvents: args.eventLogMax });
  const uploads = await args.uploads.prune(cutoff);
  const embeddings = await args.samEmbedder.prune(cutoffMs);
  const result = { jobs: jobIds.length, events, uploads, embeddings };
  if (jobIds.length || events || uploads || embeddings)
    args.logger.info("retention cleanup", { ...result });
  return result;
}
