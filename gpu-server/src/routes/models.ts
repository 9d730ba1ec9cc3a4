/** `GET /api/models` and `GET /api/models/:id/files/:name` (the browser fetches the SAM decoder here). */
import { Hono } from "hono";
import { ApiRoute, ErrorCode, ListModelsResponseSchema } from "@milimo/shared/api";
import type { AppDeps } from "../app-deps";
import { DomainError } from "../errors";
import { sendJson } from "./respond";
import { sendFile } from "./send-file";

const mimeOf = (name: string) =>
  name.endsWith(".json") ? "application/json" : "application/octet-stream";

export function modelsRoutes(deps: AppDeps) {
  const { registry } = deps;
  return new Hono()
    .get(ApiRoute.models, c =>
      sendJson(c, ListModelsResponseSchema, { models: registry.manifests() }),
    )
    .get(ApiRoute.modelFile, c => {
      const id = c.req.param("id");
      const name = c.req.param("name");
      const entry = registry.get(id);
      if (!entry?.manifest) {
        throw new DomainError(
          ErrorCode.MODEL_MISSING,
          `Model ${id} is not installed on this server.`,
        );
      }
      const path = registry.filePath(id, name);
      const missing = new DomainError(ErrorCode.NOT_FOUND, `Model ${id} has no file ${name}.`);
      if (!path) throw missing;
      return sendFile(c, {
        path,
        mime: mimeOf(path),
        // Revalidated hourly by ETag: replacing a model file in place is picked up.
        cacheControl: "public, max-age=3600",
        missing,
      });
    });
}
