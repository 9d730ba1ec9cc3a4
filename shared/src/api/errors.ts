/**
 * The one error contract (STYLE §6). Every failure the user can meet has a code here, with the HTTP
 * status the server answers it with by default. Codes marked "client" never cross the wire: the
 * studio raises them itself (storage, network, decoding, export) so one table of words covers all.
 */
import { z } from "zod";

const errorStatusTable = {
  // request and routing
  INVALID_REQUEST: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  RANGE_NOT_SATISFIABLE: 416,
  // jobs
  JOB_NOT_FOUND: 404,
  JOB_FINISHED: 409,
  JOB_CANCELLED: 409,
  ARTIFACT_NOT_FOUND: 404,
  SERVER_RESTARTED: 503,
  // uploads
  UPLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UPLOAD_NOT_FOUND: 404,
  // models and pipelines
  MODEL_MISSING: 404,
  MODEL_INVALID: 500,
  PIPELINE_FAILED: 500,
  PIPELINE_UNAVAILABLE: 501,
  FFMPEG_FAILED: 500,
  // server
  DISK_FULL: 507,
  INTERNAL: 500,
  // client
  STORAGE_FULL: 507,
  STORAGE_UPGRADE: 409,
  STORAGE_UNAVAILABLE: 503,
  SERVER_UNREACHABLE: 503,
  BAD_RESPONSE: 502,
  DECODER_NOT_READY: 503,
  CODEC_UNSUPPORTED: 415,
  MEDIA_MISSING: 404,
  EXPORT_CANCELLED: 409,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorStatusTable;

/** Every error code as an `as const` object: `ErrorCode.JOB_NOT_FOUND === "JOB_NOT_FOUND"`. */
export const ErrorCode = Object.fromEntries(
  Object.keys(errorStatusTable).map(code => [code, code]),
) as { readonly [K in ErrorCode]: K };

/** All codes, in table order. */
export const ERROR_CODES = Object.keys(errorStatusTable) as readonly ErrorCode[];

/** The default HTTP status of each code (a route may answer a more specific one). */
export const ERROR_HTTP_STATUS: Readonly<Record<ErrorCode, number>> = errorStatusTable;

export const ErrorCodeSchema = z.enum(ErrorCode);

/** True for strings that are a known code. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(errorStatusTable, value);
}

/** A wire code as a known `ErrorCode`; unknown codes (a newer server) become INTERNAL. */
export function toErrorCode(value: unknown): ErrorCode {
  return isErrorCode(value) ? value : ErrorCode.INTERNAL;
}

/**
 * `{error:{code,message,details?}}`. `code` is a plain string on purpose: a newer server's code must
 * not turn a readable error into BAD_RESPONSE; map it with `toErrorCode`.
 */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string().min(1),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** Builds an error body; `details` is omitted when undefined. */
export function makeErrorBody(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return details === undefined
    ? { error: { code, message } }
    : { error: { code, message, details } };
}
