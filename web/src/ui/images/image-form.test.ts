import { describe, expect, it } from "vitest";
import {
  DEFAULT_IMAGE_FORM,
  insertTrigger,
  planImageJob,
  randomSeed,
  suggestTriggers,
  triggerQueryAt,
  type FormElement,
  type ImageForm,
} from "./image-form";

const MARA: FormElement = {
  id: "e1",
  type: "character",
  name: "Mara",
  trigger: "@Mara",
  description: "a keeper in a yellow raincoat",
  referenceMediaIds: ["mara-ref"],
};
const CLIFF: FormElement = {
  id: "e2",
  type: "location",
  name: "Cliff",
  trigger: "@Cliff",
  description: "grey rocks",
  referenceMediaIds: [],
};

const form = (patch: Partial<ImageForm>): ImageForm => ({ ...DEFAULT_IMAGE_FORM, ...patch });

describe("planImageJob", () => {
  it("asks for a 1024² image with steps 25 and guidance 2 by default, triggers injected", () => {
    const result = planImageJob({
      form: form({ prompt: "@Mara on the stairs", negativePrompt: " blurry " }),
      elements: [CLIFF],
    });
    expect(result).toEqual({
      ok: true,
      plan: {
        kind: "generate-image",
        references: [],
        params: {
          prompt: "@Mara on the stairs",
          negativePrompt: "blurry",
          width: 1024,
          height: 1024,
          steps: 25,
          guidance: 2,
          seed: 42,
        },
      },
    });
  });

  it("asks for an image conditioned on the picked and the named element's reference images", () => {
    const result = planImageJob({
      form: form({ prompt: "@mara at dawn", referenceMediaIds: ["picked"], seed: 7 }),
      elements: [MARA, CLIFF],
    });
    if (!result.ok) throw new Error("expected a plan");
    expect(result.plan.kind).toBe("generate-image");
    expect(result.plan.params).toEqual({
      prompt: "Mara (a keeper in a yellow raincoat) at dawn",
      width: 1024,
      height: 1024,
      steps: 25,
      guidance: 2,
      seed: 7,
    });
    expect(result.plan.references).toEqual([
      { mediaId: "picked", strength: 0.8 },
      { mediaId: "mara-ref", strength: 0.5 },
    ]);
  });

  it("skips references that are not still images and does not repeat one", () => {
    const result = planImageJob({
      form: form({ prompt: "@Mara", referenceMediaIds: ["clip", "mara-ref"] }),
      elements: [MARA],
      isImage: id => id !== "clip",
    });
    if (!result.ok) throw new Error("expected a plan");
    expect(result.plan.references).toEqual([{ mediaId: "mara-ref", strength: 0.8 }]);
  });

  it.each([
    [{ prompt: "   " }, "prompt", "Prompt is required"],
    [{ width: 1000 }, "width", "Width must be a multiple of 32"],
    [{ height: 32 }, "height", "Height must be at least 64"],
    [{ width: Number.NaN }, "width", "Width must be a number"],
    [{ steps: 0 }, "steps", undefined],
    [{ guidance: 40 }, "guidance", undefined],
  ] as const)("rejects %j with a message on %s", (patch, field, message) => {
    const result = planImageJob({ form: form({ prompt: "a lamp", ...patch }), elements: [] });
    if (result.ok) throw new Error("expected errors");
    expect(result.errors[field]).toBeTruthy();
    if (message) expect(result.errors[field]).toBe(message);
  });
});

describe("trigger autocomplete", () => {
  it.each([
    ["Close on @Ma", 12, { start: 9, query: "@Ma" }],
    ["@", 1, { start: 0, query: "@" }],
    ["mail me@home", 12, null],
    ["@Mara walks", 11, null],
  ] as const)("the query in %j at %i", (text, cursor, expected) => {
    expect(triggerQueryAt(text, cursor)).toEqual(expected);
  });

  it("suggests elements whose trigger or name starts with the query", () => {
    expect(suggestTriggers([CLIFF, MARA], "@m").map(e => e.trigger)).toEqual(["@Mara"]);
    expect(suggestTriggers([MARA, CLIFF], "@").map(e => e.trigger)).toEqual(["@Cliff", "@Mara"]);
  });

  it.each([
    ["Close on @Ma", 12, "Close on @Mara ", 15],
    ["walks", 0, "@Mara walks", 6],
    ["Close on", 8, "Close on @Mara ", 15],
    ["A  B", 2, "A @Mara B", 7],
  ] as const)("inserting into %j at %i", (text, cursor, expected, after) => {
    expect(insertTrigger({ text, cursor, trigger: "@Mara" })).toEqual({
      text: expected,
      cursor: after,
    });
  });
});

describe("randomSeed", () => {
  it.each([
    [0, 0],
    [0.5, 2 ** 31],
    [0.9999999999, 2 ** 32 - 1],
  ])("maps %f to %i", (r, seed) => {
    expect(randomSeed(() => r)).toBe(seed);
  });
});
