import { describe, expect, it } from "vitest";
import { parseRoute, routeToHash, type Route } from "./routes";

describe("routes", () => {
  it.each<[string, Route]>([
    ["", { name: "projects" }],
    ["#/", { name: "projects" }],
    ["#/project/abc-123", { name: "project", projectId: "abc-123" }],
    ["#/project/a%20b", { name: "project", projectId: "a b" }],
    ["#/project/%E0%A4%A", { name: "projects" }],
    ["#/elsewhere", { name: "projects" }],
  ])("%s -> %o", (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it("round-trips project ids through the hash", () => {
    const route: Route = { name: "project", projectId: "x/y?z" };
    expect(parseRoute(routeToHash(route))).toEqual(route);
  });
});
