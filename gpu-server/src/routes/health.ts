/** `GET /api/health`: up, device, models (loaded or not, fixture or real, errors), queue depth. */
import { Hono } from "hono";
import { ApiRoute, HealthResponseSchema, type HealthModel } from "@milimo/shared/api";
import type { AppDeps } from "../app-deps";
import { sendJson } from "./respond";

export function healthRoutes(deps: AppDeps) {
  return new Hono().get(ApiRoute.health, c => {
    const loaded = deps.sessions.loadedModelIds();
    const models: HealthModel[] = deps.registry.list().map(e => ({
      id: e.id,
      task: e.task,
      loaded: loaded.has(e.id),
      fixture: e.fixture,
      ...(e.error ? { error: e.error } : {}),
    }));
    c.header("Cache-Control", "no-store");
    return sendJson(c, HealthResponseSchema, {
      status: "ok",
      version: deps.version,
      device: deps.device,
      models,
      queue: deps.queue.counts(),
    });
  });
}
