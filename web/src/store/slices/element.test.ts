import { afterEach, describe, expect, it } from "vitest";
import { makeTestStudio, type TestStudio } from "../test-studio-store";

let studio: TestStudio;

afterEach(() => studio?.dispose());

async function setup() {
  studio = makeTestStudio();
  const projectId = await studio.actions.project.create({ name: "Elements" });
  await studio.actions.project.open(projectId);
  const elementId = studio.actions.element.add({
    type: "character",
    name: "Mara",
    description: "a keeper",
    referenceMediaIds: ["m1"],
  });
  return { elementId };
}

const refsOf = (id: string) => studio.state.elements.byId[id]?.referenceMediaIds;

describe("element.addReferenceImage", () => {
  it("appends the image after the existing ones, and undo removes only it", async () => {
    const { elementId } = await setup();
    expect(studio.actions.element.addReferenceImage({ elementId, mediaId: "m2" })).toBe(true);
    expect(refsOf(elementId)).toEqual(["m1", "m2"]);
    studio.actions.history.undo();
    expect(refsOf(elementId)).toEqual(["m1"]);
    studio.actions.history.redo();
    expect(refsOf(elementId)).toEqual(["m1", "m2"]);
  });

  it("does not add an image the element already has", async () => {
    const { elementId } = await setup();
    studio.actions.element.addReferenceImage({ elementId, mediaId: "m1" });
    expect(refsOf(elementId)).toEqual(["m1"]);
  });

  it("answers false for an element deleted meanwhile and changes nothing", async () => {
    const { elementId } = await setup();
    studio.actions.element.remove(elementId);
    expect(studio.actions.element.addReferenceImage({ elementId, mediaId: "m2" })).toBe(false);
    expect(studio.state.elements.byId[elementId]).toBeUndefined();
  });
});
