import { describe, expect, it } from "vitest";
import { makeScene, SceneSchema } from "./scene";

describe("makeScene", () => {
  it("defaults index, heading and name and leaves location unset", () => {
    expect(makeScene({ id: "sc", projectId: "p" })).toEqual({
      id: "sc",
      projectId: "p",
      index: 0,
      heading: "",
      name: "",
    });
  });

  it.each([
    [{ heading: "INT. DINER - NIGHT", location: "DINER", timeOfDay: "NIGHT", index: 2 }, undefined],
    [{ index: -1 }, "Scene number must be at least 0"],
    [{ index: 1.5 }, "Scene number must be a whole number"],
    [{ heading: 5 }, "Scene heading must be text"],
    [{ projectId: "" }, "Id can't be empty"],
  ])("%j -> %s", (input, message) => {
    const result = SceneSchema.safeParse({ id: "sc", projectId: "p", ...input });
    expect(result.success ? undefined : result.error.issues[0]?.message).toBe(message);
  });
});
