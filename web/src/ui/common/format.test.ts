import { describe, expect, it } from "vitest";
import { formatBytes, formatDurationFrames, formatRelativeTime } from "./format";

describe("format", () => {
  it.each([
    [0, "0 B"],
    [999, "999 B"],
    [1500, "1.5 KB"],
    [12_345_678, "12.3 MB"],
    [250_000_000_000, "250 GB"],
  ])("formatBytes(%d) = %s", (bytes, text) => expect(formatBytes(bytes)).toBe(text));

  it.each([
    [63, 25, "0:02.5"],
    [1500, 25, "1:00.0"],
    [121, 24, "0:05.0"],
  ])("formatDurationFrames(%d, %d) = %s", (frames, fps, text) =>
    expect(formatDurationFrames(frames, fps)).toBe(text),
  );

  const now = Date.parse("2025-03-01T12:00:00Z");
  it.each([
    ["2025-03-01T11:59:40Z", "just now"],
    ["2025-03-01T11:55:00Z", "5 min ago"],
    ["2025-03-01T09:00:00Z", "3 h ago"],
    ["2025-02-28T12:00:00Z", "1 day ago"],
  ])("formatRelativeTime(%s) = %s", (iso, text) => expect(formatRelativeTime(iso, now)).toBe(text));
});
