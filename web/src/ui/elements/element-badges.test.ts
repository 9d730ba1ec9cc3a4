import { describe, expect, it } from "vitest";
import { makeElement, type ElementType } from "@milimo/shared/schema";
import { matchElements } from "@milimo/shared/elements";
import { toElementBadges } from "./element-badges";

const element = (name: string, type: ElementType) =>
  makeElement({ id: name, projectId: "p", type, name });

describe("toElementBadges", () => {
  const cast = [
    element("Mara", "character"),
    element("Tom", "character"),
    element("Lighthouse", "location"),
    element("Lantern", "object"),
    element("Rope", "object"),
    element("Gull", "character"),
  ];

  it.each([
    { action: "Mara looks out.", names: ["Mara"], more: 0 },
    {
      action: "Mara and Tom at the lighthouse with a lantern.",
      names: ["Mara", "Tom", "Lighthouse", "Lantern"],
      more: 0,
    },
    { action: "Mara, Tom, a gull, the lighthouse, a lantern and a rope.", names: 4, more: 2 },
    { action: "An empty sea.", names: [], more: 0 },
  ])("$action", ({ action, names, more }) => {
    const matches = matchElements({
      shot: { action, characters: [], dialogue: "" },
      elements: cast,
    });
    const view = toElementBadges(matches);
    if (typeof names === "number") expect(view.badges).toHaveLength(names);
    else expect(view.badges.map(b => b.name)).toEqual(names);
    expect(view.more).toBe(more);
  });

  it("shows the type icon of each element", () => {
    const matches = matchElements({
      shot: { action: "Mara lights the lantern in the lighthouse.", characters: [], dialogue: "" },
      elements: cast,
    });
    expect(
      toElementBadges(matches)
        .badges.map(b => b.icon)
        .sort(),
    ).toEqual(["📍", "👤", "🔧"].sort());
  });
});
