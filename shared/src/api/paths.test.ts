import { describe, expect, it } from "vitest";
import { API_PREFIX, ApiPath, ApiRoute } from "./paths";

describe("ApiPath", () => {
  it.each([
    [ApiPath.health, "/api/health"],
    [ApiPath.models, "/api/models"],
    [
      ApiPath.modelFile("sam-decoder", "decoder.onnx"),
      "/api/models/sam-decoder/files/decoder.onnx",
    ],
    [ApiPath.uploads, "/api/uploads"],
    [ApiPath.upload("abc"), "/api/uploads/abc"],
    [ApiPath.jobs(), "/api/jobs"],
    [ApiPath.jobs({ status: ["queued", "running"] }), "/api/jobs?status=queued%2Crunning"],
    [ApiPath.jobs({ ids: ["a", "b"], status: [] }), "/api/jobs?ids=a%2Cb"],
    [ApiPath.job("j1"), "/api/jobs/j1"],
    [ApiPath.cancelJob("j1"), "/api/jobs/j1/cancel"],
    [ApiPath.artifact("j1", "video.mp4"), "/api/jobs/j1/artifacts/video.mp4"],
    [ApiPath.events(), "/api/events"],
    [
      ApiPath.events({ jobs: ["a"], token: "t k", lastEventId: 0 }),
      "/api/events?jobs=a&token=t%20k&lastEventId=0",
    ],
    [ApiPath.samEmbed, "/api/sam/embed"],
  ])("%s", (actual, expected) => {
    expect(actual).toBe(expected);
  });

  it("encodes path segments so ids cannot escape their place", () => {
    expect(ApiPath.job("../health")).toBe("/api/jobs/..%2Fhealth");
    expect(ApiPath.artifact("j", "a b#c")).toBe("/api/jobs/j/artifacts/a%20b%23c");
  });

  it("has a router pattern under the prefix for every path", () => {
    const concrete = {
      health: ApiPath.health,
      models: ApiPath.models,
      modelFile: ApiPath.modelFile("m", "f"),
      uploads: ApiPath.uploads,
      upload: ApiPath.upload("x"),
      jobs: ApiPath.jobs(),
      job: ApiPath.job("x"),
      cancelJob: ApiPath.cancelJob("x"),
      artifact: ApiPath.artifact("x", "y"),
      events: ApiPath.events(),
      samEmbed: ApiPath.samEmbed,
      samGround: ApiPath.samGround,
    } satisfies Record<keyof typeof ApiRoute, string>;
    for (const [key, path] of Object.entries(concrete)) {
      const pattern = ApiRoute[key as keyof typeof ApiRoute].replace(/:[a-z]+/g, "[^/]+");
      expect(path).toMatch(new RegExp(`^${API_PREFIX}${pattern}$`));
    }
  });
});
