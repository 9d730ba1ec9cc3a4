/**
 * Uploaded files, stored once by content: `<dataDir>/uploads/<sha256>`, metadata in the job store.
 * The upload id is the sha256, so sending the same bytes twice costs nothing and jobs that point at
 * an upload keep working when the studio re-sends it.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ErrorCode, UPLOAD_MIME_TYPES, type Upload } from "@milimo/shared/api";
import { DomainError } from "../errors";
import type { JobStore } from "../jobs/job-store";
import { sniffMediaType } from "./sniff-media-type";

export interface UploadStore {
  /** Stores bytes; UNSUPPORTED_MEDIA_TYPE when they are not a supported format. */
  put(bytes: Uint8Array): Promise<Upload>;
  get(id: string): Upload | undefined;
  /** Absolute path of the stored file, or undefined for unknown ids. */
  path(id: string): string | undefined;
  /** Deletes uploads unused since `before` (ISO time); returns how many. */
  prune(before: string): Promise<number>;
}

/** Upload store rooted at `<dataDir>/uploads`. */
export function makeUploadStore(args: {
  store: JobStore;
  dataDir: string;
  now?: () => Date;
}): UploadStore {
  const dir = join(args.dataDir, "uploads");
  const now = args.now ?? (() => new Date());
  const fileOf = (sha256: string) => join(dir, sha256);
  const isHash = (id: string) => /^[0-9a-f]{64}$/.test(id);

  return {
    async put(bytes) {
      const mime = sniffMediaType(bytes);
      if (!mime) {
        throw new DomainError(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          `This file type is not supported. Upload ${UPLOAD_MIME_TYPES.map(t => t.split("/")[1]).join(", ")}.`,
        );
      }
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      await mkdir(dir, { recursive: true });
      const target = fileOf(sha256);
      if (!existsSync(target)) {
        const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
        await writeFile(tmp, bytes);
        await rename(tmp, target);
      }
      const upload: Upload = { id: sha256, sha256, mime, bytes: bytes.byteLength };
      args.store.putUpload({ ...upload, createdAt: now().toISOString() });
      return upload;
    },
    get(id) {
      if (!isHash(id)) return undefined;
      const row = args.store.getUpload(id);
      if (!row || !existsSync(fileOf(id))) return undefined;
      return { id: row.id, sha256: row.sha256, mime: row.mime as Upload["mime"], bytes: row.bytes };
    },
    path(id) {
      if (!isHash(id) || !args.store.getUpload(id)) return undefined;
      const p = fileOf(id);
      if (!existsSync(p)) return undefined;
      args.store.touchUpload(id, now().toISOString());
      return p;
    },
    async prune(before) {
      const rows = args.store.deleteUploadsUnusedSince(before);
      await Promise.all(rows.map(r => rm(fileOf(r.id), { force: true })));
      return rows.length;
    },
  };
}
