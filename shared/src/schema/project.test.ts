import { describe, expect, it } from "vitest";
import {
  FPS_CHOICES,
  makeProject,
  PROJECT_SCHEMA_VERSION,
  ProjectSchema,
  RESOLUTION_PRESETS,
} from "./project";

const NOW = "2025-03-01T10:00:00.000Z";

function fieldMessage(input: Record<string, unknown>, field: string): string | undefined {
  const base = makeProject({ id: "p1", now: NOW });
  const result = ProjectSchema.safeParse({ ...base, ...input });
  if (result.success) return undefined;
  return result.error.issues.find(issue => issue.path[0] === field)?.message;
}

describe("makeProject", () => {
  it("fills the FEATURES §1 defaults and stamps every date with now", () => {
    expect(makeProject({ id: "p1", now: NOW })).toEqual({
      id: "p1",
      name: "Untitled project",
      createdAt: NOW,
      updatedAt: NOW,
      lastOpenedAt: NOW,
      width: 768,
      height: 512,
      fps: 25,
      seed: 42,
      schemaVersion: PROJECT_SCHEMA_VERSION,
    });
  });

  it("keeps given values and trims the name", () => {
    const project = makeProject({
      id: "p2",
      name: "  Night Train ",
      width: 1280,
      height: 704,
      fps: 30,
      seed: 7,
      now: NOW,
    });
    expect(project).toMatchObject({
      name: "Night Train",
      width: 1280,
      height: 704,
      fps: 30,
      seed: 7,
    });
  });

  it("uses the current time when now is omitted", () => {
    const project = makeProject({ id: "p3" });
    expect(Date.parse(project.createdAt)).not.toBeNaN();
  });

  it("throws on an invalid field rather than returning a broken project", () => {
    expect(() => makeProject({ id: "p4", width: 700, now: NOW })).toThrow(
      "Width must be a multiple of 32",
    );
  });
});

describe("ProjectSchema field messages", () => {
  it.each([
    { field: "width", value: 1024, message: undefined },
    { field: "width", value: 770, message: "Width must be a multiple of 32" },
    { field: "width", value: 32, message: "Width must be between 64 and 4096 pixels" },
    { field: "width", value: 4128, message: "Width must be between 64 and 4096 pixels" },
    { field: "height", value: 500, message: "Height must be a multiple of 32" },
    { field: "height", value: "512", message: "Height must be a number" },
    { field: "fps", value: 60, message: undefined },
    { field: "fps", value: 29.97, message: "Frame rate must be 24, 25, 30, 50 or 60 fps" },
    { field: "seed", value: 0, message: undefined },
    { field: "seed", value: -1, message: "Seed must be between 0 and 4294967295" },
    { field: "seed", value: 1.5, message: "Seed must be a whole number" },
    { field: "name", value: "   ", message: "Project name can't be empty" },
    {
      field: "name",
      value: "x".repeat(121),
      message: "Project name must be 120 characters or fewer",
    },
    {
      field: "createdAt",
      value: "yesterday",
      message: "Date must be an ISO date and time, e.g. 2025-01-31T12:00:00Z",
    },
    { field: "schemaVersion", value: 0, message: "Schema version must be at least 1" },
  ])("$field = $value -> $message", ({ field, value, message }) => {
    expect(fieldMessage({ [field]: value }, field)).toBe(message);
  });

  it("defaults missing settings when restoring an older record", () => {
    const {
      width: _w,
      height: _h,
      fps: _f,
      seed: _s,
      ...bare
    } = makeProject({ id: "p", now: NOW });
    expect(ProjectSchema.parse(bare)).toMatchObject({ width: 768, height: 512, fps: 25, seed: 42 });
  });
});

describe("presets", () => {
  it.each(RESOLUTION_PRESETS)("$label is a valid project size", ({ width, height }) => {
    expect(() => makeProject({ id: "p", width, height, now: NOW })).not.toThrow();
  });

  it("starts with the default 768 × 512 and offers the FEATURES fps list", () => {
    expect(RESOLUTION_PRESETS[0]).toMatchObject({ width: 768, height: 512 });
    expect(FPS_CHOICES).toEqual([24, 25, 30, 50, 60]);
  });
});
