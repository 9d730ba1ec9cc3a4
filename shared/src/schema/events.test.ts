import { describe, expect, it } from "vitest";
import { parseJobEvent, serializeJobEvent, type JobEvent } from "./events";

const base = { jobId: "j1", kind: "generate-image" as const };
const progress = { step: 2, total: 4, fraction: 0.5, etaSeconds: 3, message: "Step 2/4" };

const events: JobEvent[] = [
  { id: 1, type: "queued", data: { ...base, status: "queued", message: "Queued" } },
  { id: 2, type: "started", data: { ...base, status: "running", message: "Started" } },
  { id: 3, type: "progress", data: { ...base, status: "running", message: "Step 2/4", progress } },
  {
    id: 4,
    type: "complete",
    data: {
      ...base,
      status: "completed",
      message: "Done",
      artifacts: [{ name: "image.png", mime: "image/png", bytes: 10 }],
    },
  },
  {
    id: 5,
    type: "error",
    data: {
      ...base,
      status: "failed",
      message: "Boom",
      error: { code: "PIPELINE_FAILED", message: "Boom" },
    },
  },
  { id: 6, type: "cancelled", data: { ...base, status: "cancelled", message: "Cancelled" } },
];

/** Splits one serialized message back into its SSE fields. */
function fields(wire: string) {
  const lines = wire.trimEnd().split("\n");
  const get = (name: string) =>
    lines.find(l => l.startsWith(`${name}: `))?.slice(name.length + 2) ?? "";
  return { id: get("id"), type: get("event"), data: get("data") };
}

describe("job events", () => {
  it.each(events)("$type round-trips through the wire format", event => {
    const wire = serializeJobEvent(event);
    expect(wire.endsWith("\n\n")).toBe(true);
    expect(parseJobEvent(fields(wire))).toEqual({ ok: true, value: event });
  });

  it.each([
    [
      "progress without progress",
      {
        id: "7",
        type: "progress",
        data: JSON.stringify({ ...base, status: "running", message: "x" }),
      },
    ],
    [
      "a status that does not fit the type",
      {
        id: "7",
        type: "complete",
        data: JSON.stringify({ ...base, status: "running", message: "x", artifacts: [] }),
      },
    ],
    [
      "an unknown type",
      {
        id: "7",
        type: "paused",
        data: JSON.stringify({ ...base, status: "running", message: "x" }),
      },
    ],
    [
      "a non-numeric id",
      {
        id: "abc",
        type: "queued",
        data: JSON.stringify({ ...base, status: "queued", message: "x" }),
      },
    ],
    ["data that is not JSON", { id: "7", type: "queued", data: "{oops" }],
  ])("rejects %s", (_label, raw) => {
    expect(parseJobEvent(raw).ok).toBe(false);
  });
});
