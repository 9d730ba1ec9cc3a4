/**
 * Dexie failures -> studio error codes (STYLE §6). Dexie wraps the browser's DOMException in its own
 * errors (`AbortError` with `inner`, `BulkError` with `failures`), so the real cause is unwrapped
 * first: a transaction aborted because the disk is full must say STORAGE_FULL, not "aborted".
 */
import { ErrorCode } from "@milimo/shared/api";
import { StudioError, StudioOnlyCode, type StudioErrorCode } from "../errors/studio-error";

const CODE_BY_NAME: Record<string, StudioErrorCode> = {
  QuotaExceededError: ErrorCode.STORAGE_FULL,
  VersionChangeError: ErrorCode.STORAGE_UPGRADE,
  UpgradeError: ErrorCode.STORAGE_UPGRADE,
  VersionError: ErrorCode.STORAGE_UPGRADE,
  OpenFailedError: ErrorCode.STORAGE_UNAVAILABLE,
  MissingAPIError: ErrorCode.STORAGE_UNAVAILABLE,
  DatabaseClosedError: ErrorCode.STORAGE_UNAVAILABLE,
  InvalidStateError: ErrorCode.STORAGE_UNAVAILABLE,
  SecurityError: ErrorCode.STORAGE_UNAVAILABLE,
};

type ErrorLike = { name?: unknown; inner?: unknown; failures?: unknown; cause?: unknown };

/** Names of `error` and of every error it wraps, outermost first (cycles and depth are bounded). */
export function collectErrorNames(error: unknown): string[] {
  const names: string[] = [];
  const queue: unknown[] = [error];
  const seen = new Set<unknown>();
  while (queue.length > 0 && names.length < 32) {
    const next = queue.shift();
    if (!next || typeof next !== "object" || seen.has(next)) continue;
    seen.add(next);
    const e = next as ErrorLike;
    if (typeof e.name === "string") names.push(e.name);
    queue.push(e.inner, e.cause);
    if (Array.isArray(e.failures)) queue.push(...(e.failures as unknown[]));
    else if (e.failures && typeof e.failures === "object")
      queue.push(...Object.values(e.failures as Record<string, unknown>));
  }
  return names;
}

/** The studio code for a storage failure; a full disk wins over whatever wrapped it. */
export function storageErrorCode(error: unknown): StudioErrorCode {
  const codes = collectErrorNames(error)
    .map(name => CODE_BY_NAME[name])
    .filter((code): code is StudioErrorCode => code !== undefined);
  if (codes.includes(ErrorCode.STORAGE_FULL)) return ErrorCode.STORAGE_FULL;
  return codes[0] ?? StudioOnlyCode.STORAGE_WRITE_FAILED;
}

/** Wraps a Dexie/IndexedDB failure as a StudioError (the original stays as `cause`). */
export function toStorageError(error: unknown): StudioError {
  if (error instanceof StudioError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StudioError(storageErrorCode(error), message, { cause: error });
}
