/**
 * Server-side failures carry an `ErrorCode` (STYLE §6). Routes and pipelines throw `DomainError`;
 * `toErrorResponse` turns anything thrown into a status and an `{error:{code,message}}` body and
 * never leaks a stack or an internal message for errors it does not know.
 */
import { HTTPException } from "hono/http-exception";
import { ERROR_HTTP_STATUS, ErrorCode, makeErrorBody, type ErrorBody } from "@milimo/shared/api";

export class DomainError extends Error {
  override name = "DomainError";
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: unknown; status?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.status = options.status ?? ERROR_HTTP_STATUS[code];
    this.details = options.details;
  }
}

/** The generic answer for errors nobody planned for. */
export const INTERNAL_MESSAGE = "The server hit an unexpected error.";

const httpStatusCodes: Partial<Record<number, ErrorCode>> = {
  400: ErrorCode.INVALID_REQUEST,
  401: ErrorCode.UNAUTHORIZED,
  404: ErrorCode.NOT_FOUND,
  413: ErrorCode.UPLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  416: ErrorCode.RANGE_NOT_SATISFIABLE,
};

/** True for Node's "no space left on device" and quota errors. */
export function isDiskFullError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === "ENOSPC" || code === "EDQUOT" || code === "SQLITE_FULL";
}

/** Maps any thrown value to a status and body; `known` is false when it was unexpected. */
export function toErrorResponse(err: unknown): { status: number; body: ErrorBody; known: boolean } {
  if (err instanceof DomainError) {
    return {
      status: err.status,
      body: makeErrorBody(err.code, err.message, err.details),
      known: true,
    };
  }
  if (err instanceof HTTPException) {
    const code = httpStatusCodes[err.status] ?? ErrorCode.INTERNAL;
    const message =
      code === ErrorCode.INTERNAL ? INTERNAL_MESSAGE : err.message || "The request was refused.";
    return {
      status: code === ErrorCode.INTERNAL ? 500 : err.status,
      body: makeErrorBody(code, message),
      known: true,
    };
  }
  if (isDiskFullError(err)) {
    return {
      status: 507,
      body: makeErrorBody(
        ErrorCode.DISK_FULL,
        "The server's disk is full. Free some space and try again.",
      ),
      known: true,
    };
  }
  return { status: 500, body: makeErrorBody(ErrorCode.INTERNAL, INTERNAL_MESSAGE), known: false };
}

/** The code and message to store on a failed job for any thrown value. */
export function toJobError(err: unknown, fallback: ErrorCode = ErrorCode.PIPELINE_FAILED) {
  if (err instanceof DomainError) return { code: err.code, message: err.message };
  if (isDiskFullError(err))
    return {
      code: ErrorCode.DISK_FULL,
      message: "The server's disk filled up while this job ran.",
    };
  return {
    code: fallback,
    message: "The job failed on the server. Try again; if it keeps failing, check the server log.",
  };
}
