import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countNewFrames, locateFrame, planChunks } from "./chunks";

describe("planChunks", () => {
  it("keeps a shot within the limit in one chunk", () => {
    expect(planChunks({ numFrames: 121, chunkFrames: 121 })).toEqual([
      { index: 0, frames: 121, startFrame: 0, overlapFrames: 0 },
    ]);
  });

  it.each([
    // numFrames, chunkFrames, overlap, expected chunk frame counts
    [241, 121, 25, [121, 121, 49]],
    [217, 121, 25, [121, 121]],
    [30, 12, 4, [12, 12, 12, 6]],
    [13, 12, 4, [12, 5]],
    [1200, 121, 25, [...new Array<number>(12).fill(121), 48]],
  ])("%i frames in chunks of %i sharing %i", (numFrames, chunkFrames, overlapFrames, sizes) => {
    const chunks = planChunks({ numFrames, chunkFrames, overlapFrames });
    expect(chunks.map(c => c.frames)).toEqual(sizes);
    expect(chunks.slice(1).every(c => c.overlapFrames === overlapFrames)).toBe(true);
  });

  it("outputs exactly numFrames, each once, with no chunk over the limit", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1200 }),
        fc.integer({ min: 2, max: 200 }),
        fc.integer({ min: 1, max: 100 }),
        (numFrames, chunkFrames, overlapFrames) => {
          const chunks = planChunks({ numFrames, chunkFrames, overlapFrames });
          let next = 0;
          for (const chunk of chunks) {
            expect(chunk.frames).toBeLessThanOrEqual(chunkFrames);
            expect(chunk.frames).toBeGreaterThan(chunk.overlapFrames);
            expect(chunk.startFrame + chunk.overlapFrames).toBe(next);
            next += countNewFrames(chunk);
          }
          expect(next).toBe(numFrames);
        },
      ),
    );
  });

  it("clamps the overlap below the chunk size", () => {
    const chunks = planChunks({ numFrames: 20, chunkFrames: 8, overlapFrames: 25 });
    expect(chunks[1]?.overlapFrames).toBe(7);
  });
});

describe("locateFrame", () => {
  const chunks = planChunks({ numFrames: 30, chunkFrames: 12, overlapFrames: 4 });

  it.each([
    [0, 0, 0],
    [11, 0, 11],
    [12, 1, 4],
    [19, 1, 11],
    [20, 2, 4],
    [29, 3, 5],
    [500, 3, 5],
  ])("output frame %i comes from chunk %i, local frame %i", (frame, chunk, local) => {
    const found = locateFrame(chunks, frame);
    expect(found.chunk.index).toBe(chunk);
    expect(found.localFrame).toBe(local);
  });
});
