/**
 * Streams a file with HTTP range support (RFC 9110 §14): a single `bytes=a-b`, `a-` or `-n` range
 * gets 206 with Content-Range (video scrubbing); several ranges get the whole file (allowed); a range
 * past the end gets 416. Weak ETag from size + mtime, answered 304 on If-None-Match.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import type { Context } from "hono";
import { ErrorCode, makeErrorBody } from "@milimo/shared/api";
import type { DomainError } from "../errors";

/** Parses a single-range header for a file of `size` bytes: the range, "unsatisfiable", or undefined (send all). */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | "unsatisfiable" | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return undefined;
  const [, a = "", b = ""] = m;
  if (a === "" && b === "") return undefined;
  if (a === "") {
    const length = Number(b);
    if (length === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(size - length, 0), end: size - 1 };
  }
  const start = Number(a);
  const end = b === "" ? size - 1 : Math.min(Number(b), size - 1);
  if (start >= size || start > end) return "unsatisfiable";
  return { start, end };
}

/** Sends `path`; NOT_FOUND-style `missing` error when the file is gone. */
export async function sendFile(
  c: Context,
  args: {
    path: string;
    mime: string;
    cacheControl?: string;
    missing: DomainError;
    downloadName?: string;
  },
): Promise<Response> {
  const info = await stat(args.path).catch(() => undefined);
  if (!info?.isFile()) throw args.missing;
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const headers = new Headers({
    "Content-Type": args.mime,
    "Accept-Ranges": "bytes",
    ETag: etag,
    "Last-Modified": info.mtime.toUTCString(),
    "Cache-Control": args.cacheControl ?? "private, max-age=0, must-revalidate",
  });
  if (args.downloadName)
    headers.set("Content-Disposition", `inline; filename="${args.downloadName}"`);
  const ifNoneMatch = c.req.header("If-None-Match");
  if (ifNoneMatch && ifNoneMatch.split(",").some(t => t.trim() === etag || t.trim() === "*")) {
    return new Response(null, { status: 304, headers });
  }
  const range = parseRange(c.req.header("Range"), info.size);
  if (range === "unsatisfiable") {
    return c.json(
      makeErrorBody(
        ErrorCode.RANGE_NOT_SATISFIABLE,
        `The requested range is outside the file (${info.size} bytes).`,
      ),
      416,
      { "Content-Range": `bytes */${info.size}` },
    );
  }
  const { start, end } = range ?? { start: 0, end: info.size - 1 };
  const length = info.size === 0 ? 0 : end - start + 1;
  headers.set("Content-Length", String(length));
  if (range) headers.set("Content-Range", `bytes ${start}-${end}/${info.size}`);
  const status = range ? 206 : 200;
  if (c.req.method === "HEAD" || length === 0) return new Response(null, { status, headers });
  const stream = Readable.toWeb(
    createReadStream(args.path, { start, end }),
  ) as ReadableStream<Uint8Array>;
  return new Response(stream, { status, headers });
}
