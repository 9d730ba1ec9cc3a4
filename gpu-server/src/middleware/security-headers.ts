/**
 * Cross-origin isolation. The studio needs `crossOriginIsolated` (SharedArrayBuffer for the
 * multi-threaded WASM decoder), hence COOP same-origin + COEP require-corp on every response; /api
 * responses also say CORP cross-origin so artifacts and model files load under the studio's COEP
 * even when the studio is served from another origin.
 */
import { createMiddleware } from "hono/factory";
import { API_PREFIX } from "@milimo/shared/api";

/** The isolation headers for a response to `path`. */
export function crossOriginHeaders(path: string): Record<string, string> {
  const headers: Record<string, string> = {
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "require-corp",
    "X-Content-Type-Options": "nosniff",
  };
  if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`)) {
    headers["Cross-Origin-Resource-Policy"] = "cross-origin";
  }
  return headers;
}

/** Node's marker for a response the route already wrote to the socket itself (the SSE fast path). */
const ALREADY_SENT_HEADER = "x-hono-already-sent";

export const securityHeaders = () =>
  createMiddleware(async (c, next) => {
    await next();
    if (c.res.headers.has(ALREADY_SENT_HEADER)) return;
    for (const [name, value] of Object.entries(crossOriginHeaders(c.req.path))) {
      c.res.headers.set(name, value);
    }
  });
