/**
 * Bearer-token check for `/api/*` when API_TOKEN is set (required off loopback). EventSource and
 * media elements cannot send headers, so GET requests to the event stream and to artifacts may pass
 * `?token=` instead. Comparison is constant-time. CORS preflights pass (they carry no credentials).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { createMiddleware } from "hono/factory";
import { ErrorCode, TOKEN_QUERY_PARAM } from "@milimo/shared/api";
import { DomainError } from "../errors";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** True when `given` equals `expected` (time independent of where they differ). */
export function tokensMatch(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

const queryTokenAllowed = (method: string, path: string) =>
  method === "GET" && (path === "/api/events" || /^\/api\/jobs\/[^/]+\/artifacts\//.test(path));

/** Requires the token on every request (no-op when `token` is undefined). */
export const requireToken = (token: string | undefined) =>
  createMiddleware(async (c, next) => {
    if (!token || c.req.method === "OPTIONS") return next();
    const header = c.req.header("Authorization");
    const bearer = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
    const fromQuery = queryTokenAllowed(c.req.method, c.req.path)
      ? c.req.query(TOKEN_QUERY_PARAM)
      : undefined;
    const given = bearer ?? fromQuery;
    if (!given || !tokensMatch(given, token)) {
      throw new DomainError(
        ErrorCode.UNAUTHORIZED,
        given
          ? "The server refused the access token. Check the token in the studio's server settings."
          : "This server needs an access token. Add it in the studio's server settings.",
      );
    }
    return next();
  });
