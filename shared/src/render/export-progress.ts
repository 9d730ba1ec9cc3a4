/** Progress of an export as the dialog shows it: frames done of total, elapsed time and an ETA. */

export type ExportProgress = {
  framesDone: number;
  totalFrames: number;
  /** 0..1. */
  fraction: number;
  elapsedMs: number;
  /** Remaining time at the average speed so far; null before the first frame is done. */
  etaMs: number | null;
};

/** Progress after `framesDone` of `totalFrames` frames in `elapsedMs`. */
export function computeExportProgress({
  framesDone,
  totalFrames,
  elapsedMs,
}: {
  framesDone: number;
  totalFrames: number;
  elapsedMs: number;
}): ExportProgress {
  const done = Math.min(Math.max(0, framesDone), totalFrames);
  const fraction = totalFrames > 0 ? done / totalFrames : 1;
  const etaMs = done > 0 ? Math.round((elapsedMs * (totalFrames - done)) / done) : null;
  return { framesDone: done, totalFrames, fraction, elapsedMs, etaMs };
}

/** Milliseconds as "m:ss" (or "h:mm:ss" from an hour), rounded up to whole seconds. */
export function formatRemainingTime(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const s = total % 60;
  const m = Math.floor(total / 60) % 60;
  const h = Math.floor(total / 3600);
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}
