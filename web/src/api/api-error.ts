import type { ErrorCode } from "@milimo/shared/api";
import { StudioError } from "../errors/studio-error";

/** A failed call to the GPU server: the contract's code, the HTTP status (0 when none arrived). */
export class ApiError extends StudioError {
  override name = "ApiError";
  declare readonly code: ErrorCode;
  readonly status: number;

  constructor(
    code: ErrorCode,
    message: string,
    options: { status?: number; cause?: unknown; details?: unknown } = {},
  ) {
    super(code, message, options);
    this.status = options.status ?? 0;
  }
}
