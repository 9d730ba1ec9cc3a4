import { describe, expect, it } from "vitest";
import { formatEta } from "./format-eta";

describe("formatEta", () => {
  it.each([
    [0.4, "less than a second left"],
    [12.4, "about 12 s left"],
    [59.6, "about 1:00 left"],
    [80, "about 1:20 left"],
    [3725, "about 1:02:05 left"],
  ])("%f s -> %s", (seconds, text) => {
    expect(formatEta(seconds)).toBe(text);
  });
});
