import { describe, expect, it } from "vitest";
import { findAdjacentKeyframes } from "./keyframes";

describe("findAdjacentKeyframes", () => {
  it.each([
    { frame: 12, keyframes: [30, 0, 20, 10], previous: 10, next: 20 },
    { frame: 10, keyframes: [0, 10, 20], previous: 0, next: 20 },
    { frame: 0, keyframes: [0, 10], previous: null, next: 10 },
    { frame: 25, keyframes: [0, 10, 20], previous: 20, next: null },
    { frame: 5, keyframes: [], previous: null, next: null },
  ])(
    "frame $frame among $keyframes → $previous / $next",
    ({ frame, keyframes, previous, next }) => {
      expect(findAdjacentKeyframes({ keyframes, frame })).toEqual({ previous, next });
    },
  );
});
