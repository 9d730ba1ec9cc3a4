import { describe, expect, it } from "vitest";
import { EventsQuerySchema, ListJobsQuerySchema } from "./jobs";

describe("ListJobsQuerySchema", () => {
  it.each([
    [{}, { limit: 200 }],
    [{ status: "queued,running" }, { status: ["queued", "running"], limit: 200 }],
    [
      { ids: "a, b,,c", limit: "5" },
      { ids: ["a", "b", "c"], limit: 5 },
    ],
  ])("parses %j", (query, expected) => {
    expect(ListJobsQuerySchema.parse(query)).toEqual(expected);
  });

  it.each([{ status: "done" }, { limit: "0" }, { limit: "x" }])("rejects %j", query => {
    expect(ListJobsQuerySchema.safeParse(query).success).toBe(false);
  });
});

describe("EventsQuerySchema", () => {
  it("parses job filters and a resume id", () => {
    expect(EventsQuerySchema.parse({ jobs: "a,b", lastEventId: "41" })).toEqual({
      jobs: ["a", "b"],
      lastEventId: 41,
    });
  });
});
