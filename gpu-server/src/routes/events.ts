/**
 * `GET /api/events`: the SSE stream of job events (see jobs/event-hub.ts for replay and its window).
 * The resume point is the Last-Event-ID header (EventSource sends it on reconnect) or, for a fresh
 * EventSource after a reload, `?lastEventId=`. Under @hono/node-server the stream is written
 * straight to the Node response (one buffer per event and subscriber, no ReadableStream in
 * between); elsewhere (app.request in tests, other runtimes) it is a ReadableStream body.
 */
import { ServerResponse } from "node:http";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import { Hono } from "hono";
import { ApiRoute, EventsQuerySchema, ErrorCode } from "@milimo/shared/api";
import type { AppDeps } from "../app-deps";
import { DomainError } from "../errors";
import { crossOriginHeaders } from "../middleware/security-headers";
import { validate } from "../middleware/validate";

const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  Connection: "keep-alive",
  // nginx and similar proxies buffer responses unless told otherwise.
  "X-Accel-Buffering": "no",
};

export function eventsRoutes(deps: AppDeps) {
  return new Hono<{ Bindings: { outgoing?: unknown } }>().get(
    ApiRoute.events,
    validate("query", EventsQuerySchema),
    c => {
      const query = c.req.valid("query");
      const header = c.req.header("Last-Event-ID");
      let lastEventId = query.lastEventId;
      if (header !== undefined && header.trim() !== "") {
        if (!/^\d+$/.test(header.trim())) {
          throw new DomainError(ErrorCode.INVALID_REQUEST, "Last-Event-ID: must be a whole number");
        }
        lastEventId = Number(header.trim());
      }

      const outgoing = (c.env as { outgoing?: unknown } | undefined)?.outgoing;
      if (outgoing instanceof ServerResponse) {
        // Headers middleware already set on the context (request id, CORS) plus our own. Read
        // through newResponse: touching `c.res` would make Hono clone the already-sent marker.
        const headers = {
          ...Object.fromEntries(c.newResponse(null).headers.entries()),
          ...crossOriginHeaders(c.req.path),
          ...SSE_HEADERS,
        };
        outgoing.writeHead(200, headers);
        const detach = deps.hub.attach({
          jobIds: query.jobs,
          lastEventId,
          sink: {
            write: bytes => void outgoing.write(bytes),
            queuedBytes: () => outgoing.writableLength,
            close: () => outgoing.end(),
          },
        });
        outgoing.once("close", detach);
        // A write racing a vanished client must not become an unhandled 'error' event.
        outgoing.on("error", detach);
        return RESPONSE_ALREADY_SENT;
      }

      const stream = deps.hub.subscribe({ jobIds: query.jobs, lastEventId });
      return new Response(stream, { headers: SSE_HEADERS });
    },
  );
}
