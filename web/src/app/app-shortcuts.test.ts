import { describe, expect, it } from "vitest";
import { appCommandForKey } from "./app-shortcuts";

const press = (
  key: string,
  mods: { ctrl?: boolean; meta?: boolean; shift?: boolean; alt?: boolean } = {},
  target: EventTarget | null = null,
) =>
  appCommandForKey({
    key,
    ctrlKey: mods.ctrl ?? false,
    metaKey: mods.meta ?? false,
    shiftKey: mods.shift ?? false,
    altKey: mods.alt ?? false,
    target,
  });

describe("app shortcuts", () => {
  it.each([
    ["z", { ctrl: true }, "undo"],
    ["z", { meta: true }, "undo"],
    ["Z", { ctrl: true, shift: true }, "redo"],
    ["z", { meta: true, shift: true }, "redo"],
    ["y", { ctrl: true }, "redo"],
    ["s", { ctrl: true }, "save"],
    ["s", { meta: true }, "save"],
    ["z", {}, null],
    ["z", { ctrl: true, alt: true }, null],
    ["x", { ctrl: true }, null],
  ] as const)("%s %o -> %s", (key, mods, command) => {
    expect(press(key, mods)).toBe(command);
  });

  it("leaves undo to text fields but still saves from them", () => {
    const input = document.createElement("input");
    const slider = Object.assign(document.createElement("input"), { type: "range" });
    expect(press("z", { ctrl: true }, input)).toBe(null);
    expect(press("s", { ctrl: true }, input)).toBe("save");
    expect(press("z", { ctrl: true }, slider)).toBe("undo");
  });
});
