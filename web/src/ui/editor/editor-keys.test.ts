import { describe, expect, it } from "vitest";
import { commandForKey, isTypingTarget } from "./editor-keys";

const key = (
  k: string,
  mods: Partial<Record<"shiftKey" | "ctrlKey" | "metaKey" | "altKey", boolean>> = {},
) => ({
  key: k,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe("commandForKey", () => {
  it.each([
    [key(" "), { kind: "togglePlay" }],
    [key("j"), { kind: "shuttle", direction: -1 }],
    [key("K"), { kind: "pause" }],
    [key("l"), { kind: "shuttle", direction: 1 }],
    [key("Home"), { kind: "home" }],
    [key("End"), { kind: "end" }],
    [key("ArrowLeft"), { kind: "step", frames: -1 }],
    [key("ArrowRight", { shiftKey: true }), { kind: "step", frames: 10 }],
    [key("ArrowLeft", { shiftKey: true }), { kind: "step", frames: -10 }],
    [key("i"), { kind: "setInOut", edge: "in" }],
    [key("o"), { kind: "setInOut", edge: "out" }],
    [key("s"), { kind: "split" }],
    [key("k", { ctrlKey: true }), { kind: "split" }],
    [key("k", { metaKey: true }), { kind: "split" }],
    [key("Delete"), { kind: "deleteSelection" }],
    [key("Backspace"), { kind: "deleteSelection" }],
  ])("%o -> %o", (event, command) => {
    expect(commandForKey(event)).toEqual(command);
  });

  it.each([
    key("z", { ctrlKey: true }),
    key("s", { metaKey: true }),
    key("x"),
    key("l", { altKey: true }),
  ])("leaves %o to others", event => {
    expect(commandForKey(event)).toBeNull();
  });
});

describe("isTypingTarget", () => {
  it.each([
    ["textarea", "", true],
    ["input", "text", true],
    ["input", "number", true],
    ["input", "range", true],
    ["input", "checkbox", false],
    ["select", "", true],
    ["button", "", false],
    ["div", "", false],
  ])("<%s type=%s> -> %s", (tag, type, typing) => {
    const el = document.createElement(tag);
    if (type) el.setAttribute("type", type);
    expect(isTypingTarget(el)).toBe(typing);
  });
});
