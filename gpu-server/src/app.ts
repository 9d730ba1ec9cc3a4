/**
 * The Hono app: middleware (request id, cross-origin isolation, CORS, token), the `/api` routes by
 * domain, the studio's static files when STATIC_DIR is set, and the error contract: `DomainError` ->
 * its status and `{error}`, `HTTPException` -> a mapped code, anything else -> 500 INTERNAL with a
 * generic message (logged with the request id, never sent as a stack).
 */
import { Hono } from "hono";
import { cors } from "hono/cors";
import { API_PREFIX, ErrorCode, SamEmbedHeader, makeErrorBody } from "@milimo/shared/api";
import type { AppDeps } from "./app-deps";
import { toErrorResponse } from "./errors";
import { requireToken } from "./middleware/auth";
import { REQUEST_ID_HEADER, requestId, type RequestIdEnv } from "./middleware/request-id";
import { securityHeaders } from "./middleware/security-headers";
import { eventsRoutes } from "./routes/events";
import { healthRoutes } from "./routes/health";
import { jobsRoutes } from "./routes/jobs";
import { modelsRoutes } from "./routes/models";
import { samRoutes } from "./routes/sam";
import { staticRoutes } from "./routes/static";
import { uploadsRoutes } from "./routes/uploads";

export type { AppDeps } from "./app-deps";

/** Builds the app; it owns no resources (the runtime closes the store, queue and threads). */
export function createApp(deps: AppDeps) {
  const app = new Hono<RequestIdEnv>();
  const { logger } = deps;

  app.use("*", requestId());
  app.use("*", securityHeaders());
  if (deps.config.corsOrigins.length > 0) {
    const origins = deps.config.corsOrigins;
    app.use(
      `${API_PREFIX}/*`,
      cors({
        origin: origins.includes("*") ? "*" : origins,
        allowMethods: ["GET", "HEAD", "POST", "OPTIONS"],
        allowHeaders: [
          "Authorization",
          "Content-Type",
          "Last-Event-ID",
          "Range",
          REQUEST_ID_HEADER,
        ],
        exposeHeaders: [
          ...Object.values(SamEmbedHeader),
          REQUEST_ID_HEADER,
          "Content-Range",
          "Content-Length",
          "Accept-Ranges",
          "ETag",
        ],
        maxAge: 600,
      }),
    );
  }
  app.use(`${API_PREFIX}/*`, requireToken(deps.config.apiToken));

  const api = new Hono()
    .route("/", healthRoutes(deps))
    .route("/", jobsRoutes(deps))
    .route("/", eventsRoutes(deps))
    .route("/", uploadsRoutes(deps))
    .route("/", modelsRoutes(deps))
    .route("/", samRoutes(deps));
  app.route(API_PREFIX, api);

  if (deps.config.staticDir) app.route("/", staticRoutes(deps.config.staticDir));

  app.notFound(c =>
    c.json(makeErrorBody(ErrorCode.NOT_FOUND, `Nothing at ${c.req.method} ${c.req.path}.`), 404),
  );

  app.onError((err, c) => {
    const { status, body, known } = toErrorResponse(err);
    const fields = { requestId: c.get("requestId"), method: c.req.method, path: c.req.path };
    if (!known) logger.error("unexpected error", { ...fields, error: err });
    else if (status >= 500) logger.warn(body.error.message, { ...fields, code: body.error.code });
    else logger.debug(body.error.message, { ...fields, code: body.error.code });
    return c.json(body, status as 400);
  });

  return app;
}

export type App = ReturnType<typeof createApp>;
