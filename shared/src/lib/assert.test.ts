import { describe, expect, it } from "vitest";
import { assertNever, invariant } from "./assert";

type Edge = "start" | "end";

function describeEdge(edge: Edge): string {
  switch (edge) {
    case "start":
      return "left";
    case "end":
      return "right";
    default:
      return assertNever(edge);
  }
}

describe("assertNever", () => {
  it("is unreachable for known members", () => {
    expect(describeEdge("start")).toBe("left");
  });

  it("throws with the value when data outside the union slips through at runtime", () => {
    expect(() => describeEdge("middle" as Edge)).toThrow('Unexpected value: "middle"');
  });

  it("uses a custom message when given", () => {
    expect(() => assertNever("x" as never, "bad edge")).toThrow("bad edge");
  });
});

describe("invariant", () => {
  it.each([true, 1, "a", {}])("passes for truthy %j", value => {
    expect(() => invariant(value, "never")).not.toThrow();
  });

  it.each([false, 0, "", null, undefined])("throws for falsy %j", value => {
    expect(() => invariant(value, "shot must exist")).toThrow("Invariant failed: shot must exist");
  });
});
