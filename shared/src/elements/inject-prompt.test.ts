import { describe, expect, it } from "vitest";
import { injectPrompt } from "./inject-prompt";
import type { ElementLike } from "./types";

const maya: ElementLike = {
  id: "el-maya",
  type: "character",
  name: "Maya",
  trigger: "@Maya",
  description: "young engineer in a red jacket",
};
const zoe: ElementLike = {
  id: "el-zoe",
  type: "character",
  name: "Zoë",
  trigger: "@Zoë",
  description: "",
};
const diner: ElementLike = {
  id: "el-diner",
  type: "location",
  name: "Joe's Diner",
  trigger: "@Diner",
  description: "chrome counter, neon sign",
};
const elements = [maya, zoe, diner];

describe("injectPrompt", () => {
  it.each([
    ["@Maya waves", "Maya (young engineer in a red jacket) waves"],
    ["@maya waves", "Maya (young engineer in a red jacket) waves"],
    ["@MAYA waves at @zoë", "Maya (young engineer in a red jacket) waves at Zoë"],
    ["@Maya's bag", "Maya (young engineer in a red jacket)'s bag"],
    ["@Mayan ruins", "@Mayan ruins"],
    ["email maya@Maya.com", "email maya@Maya.com"],
    ["@Maya hugs @Maya", "Maya (young engineer in a red jacket) hugs Maya"],
    ["no triggers here", "no triggers here"],
  ])("%j -> %j", (prompt, expected) => {
    expect(injectPrompt({ prompt, elements })).toBe(expected);
  });

  it("appends a matched location the prompt does not mention, once", () => {
    const matched = [{ element: diner }, { element: diner }];
    expect(injectPrompt({ prompt: "Maya sips coffee.", elements, matched })).toBe(
      "Maya sips coffee. Setting: Joe's Diner (chrome counter, neon sign)",
    );
    expect(injectPrompt({ prompt: "Maya sips coffee", elements, matched })).toBe(
      "Maya sips coffee. Setting: Joe's Diner (chrome counter, neon sign)",
    );
  });

  it("does not append a location the prompt already names or triggers", () => {
    const matched = [{ element: diner }];
    expect(injectPrompt({ prompt: "Rain on JOE'S DINER", elements, matched })).toBe(
      "Rain on JOE'S DINER",
    );
    expect(injectPrompt({ prompt: "Rain on @diner", elements, matched })).toBe(
      "Rain on Joe's Diner (chrome counter, neon sign)",
    );
  });

  it("keeps matched locations in order and ignores matched characters", () => {
    const pier: ElementLike = {
      ...diner,
      id: "el-pier",
      name: "Pier",
      trigger: "@Pier",
      description: "",
    };
    const matched = [{ element: pier }, { element: maya }, { element: diner }];
    expect(injectPrompt({ prompt: "Night.", elements: [...elements, pier], matched })).toBe(
      "Night. Setting: Pier. Setting: Joe's Diner (chrome counter, neon sign)",
    );
  });

  it.each(["@Maya meets @Zoë", "@Maya waits", "Tea at dawn", "@maya hugs @MAYA"])(
    "is idempotent: injecting %j twice equals once",
    prompt => {
      const matched = [{ element: diner }];
      const once = injectPrompt({ prompt, elements, matched });
      expect(injectPrompt({ prompt: once, elements, matched })).toBe(once);
    },
  );

  it("does not duplicate a description already written out", () => {
    expect(
      injectPrompt({ prompt: "Maya (young engineer in a red jacket) greets @Maya", elements }),
    ).toBe("Maya (young engineer in a red jacket) greets Maya");
  });

  it("writes triggers inside a description as plain names", () => {
    const tom: ElementLike = {
      id: "el-tom",
      type: "character",
      name: "Tom",
      trigger: "@Tom",
      description: "@Maya's brother",
    };
    const once = injectPrompt({ prompt: "@Tom smiles", elements: [maya, tom] });
    expect(once).toBe("Tom (Maya's brother) smiles");
    expect(injectPrompt({ prompt: once, elements: [maya, tom] })).toBe(once);
  });
});
