import { describe, expect, it } from "vitest";
import { deriveTrigger, ElementSchema, ElementType, makeElement } from "./element";

function fieldMessage(input: Record<string, unknown>): string | undefined {
  const base = makeElement({ id: "e", projectId: "p", type: ElementType.character, name: "Maya" });
  const result = ElementSchema.safeParse({ ...base, ...input });
  return result.success ? undefined : result.error.issues[0]?.message;
}

describe("deriveTrigger", () => {
  it.each([
    ["Maya", "@Maya"],
    ["Old Tom", "@OldTom"],
    ["  The  Red\tCar ", "@TheRedCar"],
    ["Zoë", "@Zoë"],
  ])("%j -> %s", (name, trigger) => {
    expect(deriveTrigger(name)).toBe(trigger);
  });
});

describe("makeElement", () => {
  it("derives the trigger from the name and fills defaults", () => {
    expect(
      makeElement({ id: "e1", projectId: "p1", type: ElementType.location, name: "Diner Kitchen" }),
    ).toEqual({
      id: "e1",
      projectId: "p1",
      type: "location",
      name: "Diner Kitchen",
      trigger: "@DinerKitchen",
      description: "",
      referenceMediaIds: [],
    });
  });

  it("keeps an explicit trigger", () => {
    const element = makeElement({
      id: "e",
      projectId: "p",
      type: ElementType.object,
      name: "Red Car",
      trigger: "@car",
    });
    expect(element.trigger).toBe("@car");
  });

  it("refuses an empty name with the inspector's message", () => {
    expect(() =>
      makeElement({ id: "e", projectId: "p", type: ElementType.character, name: " " }),
    ).toThrow("Name can't be empty");
  });
});

describe("ElementSchema field messages", () => {
  const badTrigger = "Trigger must start with @ and contain no spaces, e.g. @Maya";
  it.each([
    [{ trigger: "@Maya" }, undefined],
    [{ trigger: "Maya" }, badTrigger],
    [{ trigger: "@" }, badTrigger],
    [{ trigger: "@Old Tom" }, badTrigger],
    [{ name: "x".repeat(80) }, undefined],
    [{ name: "x".repeat(81) }, "Name must be 80 characters or fewer"],
    [{ type: "prop" }, "Element type must be character, location or object"],
    [{ referenceMediaIds: ["m1", "m2"] }, undefined],
  ])("%j -> %s", (input, message) => {
    expect(fieldMessage(input)).toBe(message);
  });
});
