import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeVisibleSegments, framesToRender } from "./frames-to-render";
import type { RenderVideoItem } from "./render-spec";
import { specOf, videoItem } from "./test-media";

// V1: a [0,10) from source 5, b [10,30); V2: o1 [4,20), o2 [8,12) on top of o1 (later in the list).
const spec = specOf([
  videoItem("a", "V1", 0, 10, { sourceInFrame: 5 }),
  videoItem("b", "V1", 10, 20),
  videoItem("o1", "V2", 4, 16, { sourceInFrame: 100 }),
  videoItem("o2", "V2", 8, 4),
]);

describe("framesToRender", () => {
  it.each([
    [0, [["V1", "a", 5]]],
    [3, [["V1", "a", 8]]],
    [
      4,
      [
        ["V1", "a", 9],
        ["V2", "o1", 100],
      ],
    ],
    [
      8,
      [
        ["V1", "a", 13],
        ["V2", "o2", 0],
      ],
    ],
    [
      11,
      [
        ["V1", "b", 1],
        ["V2", "o2", 3],
      ],
    ],
    [
      12,
      [
        ["V1", "b", 2],
        ["V2", "o1", 108],
      ],
    ],
    [
      19,
      [
        ["V1", "b", 9],
        ["V2", "o1", 115],
      ],
    ],
    [20, [["V1", "b", 10]]],
    [29, [["V1", "b", 19]]],
    [30, []],
  ])("at frame %i shows %j (bottom to top)", (frame, expected) => {
    expect(framesToRender(spec, frame).map(l => [l.track, l.item.itemId, l.sourceFrame])).toEqual(
      expected,
    );
  });
});

describe("computeVisibleSegments", () => {
  it("cuts the lower overlay where the upper one covers it", () => {
    const { V1, V2 } = computeVisibleSegments(spec);
    expect(V1.map(s => [s.item.itemId, s.startFrame, s.endFrame, s.sourceInFrame])).toEqual([
      ["a", 0, 10, 5],
      ["b", 10, 30, 0],
    ]);
    expect(V2.map(s => [s.item.itemId, s.startFrame, s.endFrame, s.sourceInFrame])).toEqual([
      ["o1", 4, 8, 100],
      ["o2", 8, 12, 0],
      ["o1", 12, 20, 108],
    ]);
  });

  it("keeps gaps between clips empty", () => {
    const gappy = specOf([videoItem("x", "V2", 5, 5), videoItem("y", "V2", 20, 5)]);
    expect(computeVisibleSegments(gappy).V2.map(s => [s.startFrame, s.endFrame])).toEqual([
      [5, 10],
      [20, 25],
    ]);
  });

  it("agrees with framesToRender at every frame of random specs", () => {
    const itemArb = fc.record({
      v1: fc.boolean(),
      start: fc.nat(60),
      duration: fc.integer({ min: 1, max: 30 }),
      sourceIn: fc.nat(50),
    });
    fc.assert(
      fc.property(fc.array(itemArb, { maxLength: 8 }), rows => {
        const items: RenderVideoItem[] = rows.map((r, k) =>
          videoItem(`i${k}`, r.v1 ? "V1" : "V2", r.start, r.duration, {
            sourceInFrame: r.sourceIn,
          }),
        );
        const s = specOf(items);
        const segments = computeVisibleSegments(s);
        for (let f = 0; f < s.durationFrames; f++) {
          const fromSegments = (["V1", "V2"] as const).flatMap(track => {
            const seg = segments[track].find(g => f >= g.startFrame && f < g.endFrame);
            return seg ? [[track, seg.itemIndex, seg.sourceInFrame + f - seg.startFrame]] : [];
          });
          const layers = framesToRender(s, f).map(l => [l.track, l.itemIndex, l.sourceFrame]);
          expect(fromSegments).toEqual(layers);
        }
        for (const track of ["V1", "V2"] as const) {
          const list = segments[track];
          list.forEach((g, k) => {
            expect(g.endFrame).toBeGreaterThan(g.startFrame);
            if (k > 0)
              expect(g.startFrame).toBeGreaterThanOrEqual((list[k - 1] as typeof g).endFrame);
          });
        }
      }),
      { numRuns: 200 },
    );
  });
});
