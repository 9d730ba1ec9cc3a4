/** Gives every request an id (the client's X-Request-Id when sane), echoed back and used in logs. */
import { createMiddleware } from "hono/factory";

export const REQUEST_ID_HEADER = "X-Request-Id";

export type RequestIdEnv = { Variables: { requestId: string } };

export const requestId = () =>
  createMiddleware<RequestIdEnv>(async (c, next) => {
    const incoming = c.req.header(REQUEST_ID_HEADER);
    const id = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : crypto.randomUUID();
    c.set("requestId", id);
    c.header(REQUEST_ID_HEADER, id);
    await next();
  });
