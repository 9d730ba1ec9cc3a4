import { describe, expect, it } from "vitest";
import { makeTimelineItem } from "@milimo/shared/schema";
import { placementsInRange, type ClipPlacement } from "./selectors";

const place = (id: string, startFrame: number, endFrame: number): ClipPlacement => ({
  item: makeTimelineItem({ id }),
  startFrame,
  endFrame,
});

describe("placementsInRange", () => {
  const v1 = Array.from({ length: 1000 }, (_, k) => place(`c${k}`, k * 10, k * 10 + 10));

  it("finds the V1 clips overlapping the window by binary search", () => {
    const ids = placementsInRange({
      placements: v1,
      magnetic: true,
      fromFrame: 505,
      toFrame: 530,
    }).map(p => p.item.id);
    expect(ids).toEqual(["c50", "c51", "c52"]);
  });

  it("finds overlapping free clips, long ones starting before the window included", () => {
    const free = [place("long", 0, 900), place("early", 0, 10), place("late", 600, 700)];
    const ids = placementsInRange({
      placements: free,
      magnetic: false,
      fromFrame: 500,
      toFrame: 650,
    }).map(p => p.item.id);
    expect(ids).toEqual(["long", "late"]);
  });

  it("is empty past the end", () => {
    expect(
      placementsInRange({ placements: v1, magnetic: true, fromFrame: 20000, toFrame: 21000 }),
    ).toEqual([]);
  });
});
