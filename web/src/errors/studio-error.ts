/**
 * The studio's one error type. `code` is a shared `ErrorCode` or one of the few codes that only the
 * studio raises about local files; `errors/user-message.ts` turns any of them into words.
 */
import { ErrorCode, isErrorCode } from "@milimo/shared/api";

/** Codes the studio raises about local files that have no place in the HTTP contract. */
export const StudioOnlyCode = {
  PROJECT_FILE_INVALID: "PROJECT_FILE_INVALID",
  STORAGE_WRITE_FAILED: "STORAGE_WRITE_FAILED",
} as const;
export type StudioOnlyCode = (typeof StudioOnlyCode)[keyof typeof StudioOnlyCode];

export type StudioErrorCode = ErrorCode | StudioOnlyCode;

/** Every code the studio can show, shared ones first. */
export const StudioErrorCode = { ...ErrorCode, ...StudioOnlyCode } as const;

export class StudioError extends Error {
  override name = "StudioError";
  readonly code: StudioErrorCode;
  readonly details: unknown;

  constructor(
    code: StudioErrorCode,
    message: string,
    options: { cause?: unknown; details?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }
}

/** Whether `value` is any code the studio knows. */
export function isStudioErrorCode(value: unknown): value is StudioErrorCode {
  return isErrorCode(value) || Object.hasOwn(StudioOnlyCode, value as string);
}

/** Any thrown value as a StudioError; unknown failures become INTERNAL with the original as cause. */
export function toStudioError(error: unknown): StudioError {
  if (error instanceof StudioError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StudioError(ErrorCode.INTERNAL, message, { cause: error });
}
