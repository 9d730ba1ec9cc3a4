import { describe, expect, it } from "vitest";
import { computeLayerRect, snapLayerRect } from "./layer-rect";

describe("computeLayerRect", () => {
  it.each([
    // source, frame, x, y, scale -> left, top, width, height
    ["same size fills", [320, 240], [320, 240], 0, 0, 1, [0, 0, 320, 240]],
    ["wider source letterboxes", [640, 240], [320, 240], 0, 0, 1, [0, 60, 320, 120]],
    ["taller source pillarboxes", [100, 200], [320, 240], 0, 0, 1, [100, 0, 120, 240]],
    ["half size about the centre", [320, 240], [320, 240], 0, 0, 0.5, [80, 60, 160, 120]],
    ["half size moved right-down", [320, 240], [320, 240], 80, 60, 0.5, [160, 120, 160, 120]],
    ["moved off the left edge", [320, 240], [320, 240], -400, 0, 1, [-400, 0, 320, 240]],
    ["upscaled small source", [160, 120], [1280, 720], 0, 0, 1, [160, 0, 960, 720]],
  ] as const)("%s", (_name, [sw, sh], [w, h], x, y, scale, [left, top, width, height]) => {
    expect(
      computeLayerRect({ sourceWidth: sw, sourceHeight: sh, width: w, height: h, x, y, scale }),
    ).toEqual({ left, top, width, height });
  });
});

describe("snapLayerRect", () => {
  it.each([
    [
      { left: 0, top: 0, width: 320, height: 240 },
      { left: 0, top: 0, width: 320, height: 240 },
    ],
    [
      { left: 3.2, top: 1, width: 10.6, height: 5 },
      { left: 4, top: 2, width: 10, height: 4 },
    ],
    [
      { left: -7, top: -1, width: 0.4, height: 0.2 },
      { left: -6, top: 0, width: 2, height: 2 },
    ],
  ])("snaps %j to even pixels: %j", (rect, expected) => {
    expect(snapLayerRect(rect)).toEqual(expected);
  });
});
