import { describe, expect, it } from "vitest";
import { makeProject } from "./project";
import {
  DEFAULT_NEGATIVE_PROMPT,
  makeShot,
  PipelineMode,
  ShotSchema,
  shotDefaultsFromProject,
  ShotStatus,
  ShotType,
} from "./shot";

function fieldMessage(input: Record<string, unknown>): string | undefined {
  const result = ShotSchema.safeParse({ ...makeShot({ id: "s", projectId: "p" }), ...input });
  return result.success ? undefined : result.error.issues[0]?.message;
}

describe("makeShot", () => {
  it("fills the FEATURES §4 defaults from just an id and project", () => {
    expect(makeShot({ id: "s1", projectId: "p1" })).toEqual({
      id: "s1",
      projectId: "p1",
      sceneId: null,
      index: 0,
      action: "",
      prompt: "",
      negativePrompt: DEFAULT_NEGATIVE_PROMPT,
      seed: 42,
      seedLocked: false,
      width: 768,
      height: 512,
      numFrames: 121,
      fps: 25,
      steps: 40,
      guidance: 3,
      pipeline: PipelineMode.auto,
      shotType: ShotType.medium,
      enhancePrompt: false,
      characters: [],
      dialogue: "",
      conditioning: [],
      status: ShotStatus.draft,
      lastJobId: null,
      mediaId: null,
      thumbnailMediaId: null,
      trimIn: 0,
      trimOut: 0,
    });
  });

  it("starts the negative prompt with the FEATURES text", () => {
    expect(makeShot({ id: "s", projectId: "p" }).negativePrompt).toMatch(
      /^low quality, worst quality, .* still image, motionless$/,
    );
  });

  it("does not share default arrays between shots", () => {
    const a = makeShot({ id: "a", projectId: "p" });
    const b = makeShot({ id: "b", projectId: "p" });
    a.characters.push("MAYA");
    expect(b.characters).toEqual([]);
  });

  it("inherits the project's size, fps and seed when spread in", () => {
    const project = makeProject({ id: "p", width: 1024, height: 576, fps: 30, seed: 9 });
    const shot = makeShot({ id: "s", projectId: project.id, ...shotDefaultsFromProject(project) });
    expect(shot).toMatchObject({ width: 1024, height: 576, fps: 30, seed: 9 });
  });

  it("throws on an invalid field", () => {
    expect(() => makeShot({ id: "s", projectId: "p", numFrames: 10 })).toThrow(
      "Frames must be between 25 and 1200",
    );
  });
});

describe("ShotSchema field messages", () => {
  it.each([
    [{ numFrames: 25 }, undefined],
    [{ numFrames: 1200 }, undefined],
    [{ numFrames: 24 }, "Frames must be between 25 and 1200"],
    [{ numFrames: 1201 }, "Frames must be between 25 and 1200"],
    [{ numFrames: 121.5 }, "Frames must be a whole number"],
    [{ steps: 0 }, "Steps must be between 1 and 200"],
    [{ steps: 201 }, "Steps must be between 1 and 200"],
    [{ guidance: 1 }, undefined],
    [{ guidance: 7.5 }, undefined],
    [{ guidance: 20 }, undefined],
    [{ guidance: 3.2 }, "Guidance must be in steps of 0.5"],
    [{ guidance: 0.5 }, "Guidance must be between 1 and 20"],
    [{ guidance: 20.5 }, "Guidance must be between 1 and 20"],
    [{ width: 700 }, "Width must be a multiple of 32"],
    [{ height: 330 }, "Height must be a multiple of 32"],
    [{ fps: 23.976 }, "Frame rate must be 24, 25, 30, 50 or 60 fps"],
    [{ seed: -5 }, "Seed must be between 0 and 4294967295"],
    [{ trimIn: -1 }, "Trim in must be at least 0 frames"],
    [{ trimOut: 2.5 }, "Trim out must be a whole number"],
    [
      { shotType: "over_the_shoulder" },
      "Shot type must be one of: close up, medium, wide, establishing, insert, tracking",
    ],
    [{ pipeline: "magic" }, "Pipeline must be one of: auto, t2v, i2v, keyframes, chained"],
    [
      { status: "done" },
      "Status must be one of: draft, queued, generating, ready, failed, cancelled",
    ],
    [{ conditioning: [{ mediaId: "m", frame: 0, strength: 1 }] }, undefined],
    [
      { conditioning: [{ mediaId: "m", frame: 0, strength: 1.2 }] },
      "Strength must be between 0 and 1",
    ],
    [
      { conditioning: [{ mediaId: "m", frame: -1, strength: 0.8 }] },
      "Conditioning frame must be at least 0",
    ],
    [{ error: { code: "MODEL_MISSING", message: "Model not installed" } }, undefined],
    [{ sceneId: "scene-1", mediaId: "m1", lastJobId: "j1" }, undefined],
    [{ enhancePrompt: true }, undefined],
    [{ enhancePrompt: "yes" }, "Enhance prompt must be on or off"],
  ])("%j -> %s", (input, message) => {
    expect(fieldMessage(input)).toBe(message);
  });

  it("loads a shot stored before enhance prompt existed, with enhancement off", () => {
    const { enhancePrompt: _dropped, ...stored } = makeShot({ id: "s", projectId: "p" });
    expect("enhancePrompt" in stored).toBe(false);
    const loaded = ShotSchema.parse(stored);
    expect(loaded.enhancePrompt).toBe(false);
    expect(ShotSchema.parse({ ...stored, enhancePrompt: true }).enhancePrompt).toBe(true);
  });

  it("reports the path of the bad field so the inspector can place the message", () => {
    const result = ShotSchema.safeParse({ id: "s", projectId: "p", steps: 0, guidance: 3.3 });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map(issue => issue.path.join("."))).toEqual(["steps", "guidance"]);
  });
});
