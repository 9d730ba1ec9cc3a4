/**
 * Serves the built studio from STATIC_DIR with an SPA fallback: a GET for a path that is not a file
 * (a client-side route such as /project/123) gets index.html. Hashed assets are immutable;
 * index.html and the service worker are revalidated so an update reaches users.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { API_PREFIX } from "@milimo/shared/api";

const isApiPath = (path: string) => path === API_PREFIX || path.startsWith(`${API_PREFIX}/`);

export function staticRoutes(staticDir: string) {
  const indexHtml = join(staticDir, "index.html");
  const app = new Hono();
  app.use("*", async (c, next) => {
    await next();
    const path = c.req.path;
    if (!c.res.ok || isApiPath(path)) return;
    const immutable = path.startsWith("/assets/");
    c.res.headers.set(
      "Cache-Control",
      immutable ? "public, max-age=31536000, immutable" : "no-cache",
    );
  });
  const files = serveStatic({ root: staticDir });
  app.get("*", (c, next) => (isApiPath(c.req.path) ? next() : files(c, next)));
  app.get("*", async (c, next) => {
    // Only page navigations fall back; a missing /assets/x.js or /api/x stays a 404.
    const lastSegment = c.req.path.split("/").pop() ?? "";
    if (isApiPath(c.req.path) || lastSegment.includes(".") || !existsSync(indexHtml)) return next();
    return serveStatic({ path: indexHtml })(c, next);
  });
  return app;
}
