/**
 * Browser storage for the studio: ask for persistent storage (so the browser does not evict projects
 * under pressure) and read usage and quota for the header/settings.
 */

export type StorageInfo = {
  /** Bytes used by this origin, or null when the browser doesn't say. */
  usageBytes: number | null;
  /** Bytes this origin may use, or null when unknown. */
  quotaBytes: number | null;
  /** Whether the browser granted persistent storage. */
  persisted: boolean;
};

type StorageManagerLike = {
  persist?: () => Promise<boolean>;
  persisted?: () => Promise<boolean>;
  estimate?: () => Promise<{ usage?: number; quota?: number }>;
};

function storageManager(): StorageManagerLike | undefined {
  return (globalThis.navigator as { storage?: StorageManagerLike } | undefined)?.storage;
}

/** Asks for persistent storage once; resolves to whether it is granted (false when unsupported). */
export async function requestPersistentStorage(manager = storageManager()): Promise<boolean> {
  try {
    if (await manager?.persisted?.()) return true;
    return (await manager?.persist?.()) ?? false;
  } catch {
    return false;
  }
}

/** Reads usage, quota and persistence; unknown numbers are null. */
export async function estimateStorage(manager = storageManager()): Promise<StorageInfo> {
  try {
    const [estimate, persisted] = await Promise.all([
      manager?.estimate?.() ?? Promise.resolve(undefined),
      manager?.persisted?.() ?? Promise.resolve(false),
    ]);
    return {
      usageBytes: estimate?.usage ?? null,
      quotaBytes: estimate?.quota ?? null,
      persisted,
    };
  } catch {
    return { usageBytes: null, quotaBytes: null, persisted: false };
  }
}
