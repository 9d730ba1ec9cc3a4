/**
 * Chained generation (FEATURES §4): a shot longer than the model's frame limit is generated in
 * chunks. Each chunk after the first starts with `overlapFrames` frames copied from the end of the
 * previous one (as conditioning), and those frames are dropped from its output, so the joined
 * video has exactly `numFrames` frames and no frame twice.
 */

export interface ChunkPlan {
  index: number;
  /** Frames the model generates for this chunk (overlap included). */
  frames: number;
  /** Output frame that this chunk's local frame 0 lands on. */
  startFrame: number;
  /** Leading frames shared with the previous chunk: conditioned on it, dropped from the output. */
  overlapFrames: number;
}

/** Default frames shared between chunks (FEATURES §4). */
export const DEFAULT_OVERLAP_FRAMES = 25;

/**
 * Splits `numFrames` into chunks of at most `chunkFrames` frames sharing `overlapFrames` (default
 * 25, clamped to chunkFrames - 1); one chunk when the shot fits.
 */
export function planChunks({
  numFrames,
  chunkFrames,
  overlapFrames = DEFAULT_OVERLAP_FRAMES,
}: {
  numFrames: number;
  chunkFrames: number;
  overlapFrames?: number;
}): ChunkPlan[] {
  if (!Number.isInteger(numFrames) || numFrames < 1) {
    throw new RangeError(`numFrames must be a positive integer, got ${numFrames}`);
  }
  if (!Number.isInteger(chunkFrames) || chunkFrames < 2) {
    throw new RangeError(`chunkFrames must be an integer >= 2, got ${chunkFrames}`);
  }
  if (numFrames <= chunkFrames)
    return [{ index: 0, frames: numFrames, startFrame: 0, overlapFrames: 0 }];
  const overlap = Math.min(Math.max(1, Math.floor(overlapFrames)), chunkFrames - 1);
  const chunks: ChunkPlan[] = [{ index: 0, frames: chunkFrames, startFrame: 0, overlapFrames: 0 }];
  let produced = chunkFrames;
  while (produced < numFrames) {
    const frames = Math.min(chunkFrames, overlap + numFrames - produced);
    chunks.push({
      index: chunks.length,
      frames,
      startFrame: produced - overlap,
      overlapFrames: overlap,
    });
    produced += frames - overlap;
  }
  return chunks;
}

/** Frames a chunk adds to the output (its frames minus the overlap). */
export function countNewFrames(chunk: ChunkPlan): number {
  return chunk.frames - chunk.overlapFrames;
}

/**
 * Finds the chunk that outputs output frame `frame` and its local frame there. A frame inside a
 * later chunk's overlap belongs to the earlier chunk, whose frames the overlap copies. Frames
 * past the end land on the last frame.
 */
export function locateFrame(
  chunks: readonly ChunkPlan[],
  frame: number,
): { chunk: ChunkPlan; localFrame: number } {
  const last = chunks[chunks.length - 1];
  if (!last) throw new RangeError("no chunks");
  const clamped = Math.min(Math.max(0, frame), last.startFrame + last.frames - 1);
  for (const chunk of chunks) {
    const keepFrom = chunk.startFrame + chunk.overlapFrames;
    if (clamped >= keepFrom && clamped < chunk.startFrame + chunk.frames) {
      return { chunk, localFrame: clamped - chunk.startFrame };
    }
  }
  throw new RangeError(`frame ${frame} is not covered by the chunk plan`);
}
