import { describe, expect, it } from "vitest";
import { IdSchema, IsoDateTimeSchema, makeId, wholeNumberField } from "./ids";

function messageOf(result: { success: boolean; error?: { issues: { message: string }[] } }) {
  return result.success ? undefined : result.error?.issues[0]?.message;
}

describe("wholeNumberField", () => {
  const frames = wholeNumberField({ label: "Frames", min: 25, max: 1200 });
  const trim = wholeNumberField({ label: "Trim in", min: 0, unit: "frames" });

  it.each([
    { schema: frames, input: 25, message: undefined },
    { schema: frames, input: 1200, message: undefined },
    { schema: frames, input: 24, message: "Frames must be between 25 and 1200" },
    { schema: frames, input: 1201, message: "Frames must be between 25 and 1200" },
    { schema: frames, input: 30.5, message: "Frames must be a whole number" },
    { schema: frames, input: "30", message: "Frames must be a number" },
    { schema: frames, input: Number.NaN, message: "Frames must be a number" },
    { schema: frames, input: undefined, message: "Frames is required" },
    { schema: trim, input: -1, message: "Trim in must be at least 0 frames" },
    { schema: trim, input: 0, message: undefined },
  ])("$input -> $message", ({ schema, input, message }) => {
    expect(messageOf(schema.safeParse(input))).toBe(message);
  });
});

describe("IdSchema / IsoDateTimeSchema", () => {
  it.each([
    { schema: IdSchema, input: "abc", message: undefined },
    { schema: IdSchema, input: "", message: "Id can't be empty" },
    { schema: IsoDateTimeSchema, input: "2025-01-31T12:00:00.000Z", message: undefined },
    { schema: IsoDateTimeSchema, input: "2025-01-31T12:00:00+02:00", message: undefined },
    {
      schema: IsoDateTimeSchema,
      input: "31/01/2025",
      message: "Date must be an ISO date and time, e.g. 2025-01-31T12:00:00Z",
    },
  ])("$input -> $message", ({ schema, input, message }) => {
    expect(messageOf(schema.safeParse(input))).toBe(message);
  });
});

describe("makeId", () => {
  it("returns distinct valid ids", () => {
    const ids = new Set(Array.from({ length: 50 }, () => makeId()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(IdSchema.safeParse(id).success).toBe(true);
  });
});
