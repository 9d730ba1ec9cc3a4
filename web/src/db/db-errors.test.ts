import { describe, expect, it } from "vitest";
import { collectErrorNames, storageErrorCode, toStorageError } from "./db-errors";

const named = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(name), { name, ...extra });

describe("storageErrorCode", () => {
  it.each([
    { error: new DOMException("full", "QuotaExceededError"), code: "STORAGE_FULL" },
    {
      error: named("AbortError", { inner: new DOMException("full", "QuotaExceededError") }),
      code: "STORAGE_FULL",
    },
    {
      error: named("BulkError", { failures: { 3: named("QuotaExceededError") } }),
      code: "STORAGE_FULL",
    },
    { error: named("UpgradeError"), code: "STORAGE_UPGRADE" },
    { error: named("VersionChangeError"), code: "STORAGE_UPGRADE" },
    {
      error: named("OpenFailedError", { inner: named("MissingAPIError") }),
      code: "STORAGE_UNAVAILABLE",
    },
    { error: named("DatabaseClosedError"), code: "STORAGE_UNAVAILABLE" },
    { error: named("DataCloneError"), code: "STORAGE_WRITE_FAILED" },
    { error: "weird", code: "STORAGE_WRITE_FAILED" },
  ])("$error.name -> $code", ({ error, code }) => {
    expect(storageErrorCode(error)).toBe(code);
    expect(toStorageError(error).code).toBe(code);
  });

  it("survives cyclic causes", () => {
    const a = named("AbortError");
    const b = named("QuotaExceededError", { inner: a });
    Object.assign(a, { inner: b });
    expect(collectErrorNames(a)).toEqual(["AbortError", "QuotaExceededError"]);
  });
});
