import { describe, expect, it } from "vitest";
import { findTriggers } from "./find-triggers";

describe("findTriggers", () => {
  it.each([
    ["@Maya walks in", ["@Maya"]],
    ["Close on @Zoë, then @OldTom.", ["@Zoë", "@OldTom"]],
    ["@Maya's coat", ["@Maya"]],
    ["(@Maya) and @tom!", ["@Maya", "@tom"]],
    ["@Jean-Luc waves", ["@Jean-Luc"]],
    ["@Ирина и @李雷", ["@Ирина", "@李雷"]],
    ["mail maya@example.com", []],
    ["@@Maya", []],
    ["@ alone", []],
    ["@Maya,@Tom", ["@Maya", "@Tom"]],
  ])("%j -> %j", (text, expected) => {
    expect(findTriggers(text).map(t => t.trigger)).toEqual(expected);
  });

  it("matches a decomposed ë as the composed one", () => {
    const [found] = findTriggers("@Zoe\u0308 smiles");
    expect(found).toMatchObject({ trigger: "@Zoë", key: "@zoë", index: 0 });
  });

  it("gives lowercase keys and positions for case-insensitive lookup", () => {
    expect(findTriggers("see @MAYA and @maya")).toEqual([
      { trigger: "@MAYA", key: "@maya", index: 4 },
      { trigger: "@maya", key: "@maya", index: 14 },
    ]);
  });
});
