/**
 * Responses checked against the shared contract: a body that does not match its schema is a server
 * bug, answered 500 INTERNAL (and logged) instead of reaching the studio malformed.
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";

export class ResponseContractError extends Error {
  override name = "ResponseContractError";
}

/** `c.json(body, status)` after `schema.parse(body)`. */
export function sendJson<S extends z.ZodType>(
  c: Context,
  schema: S,
  body: z.input<S>,
  status: ContentfulStatusCode = 200,
): Response {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ResponseContractError(`response does not match its schema: ${parsed.error.message}`);
  }
  return c.json(parsed.data as object, status);
}
