/**
 * Failures of the generation pipelines: a DomainError with a shared `ErrorCode`, its HTTP status
 * and a sentence a filmmaker can act on. The job runner stores
 * `{code, message}` on the job. The name is not "AbortError", so a failure is never mistaken for
 * a cancellation.
 */
import type { ErrorCode } from "@milimo/shared/api";
import { DomainError } from "../../errors";

/** A DomainError raised inside a pipeline, so the job runner stores its own code and words. */
export class PipelineError extends DomainError {
  override name = "PipelineError";

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; status?: number }) {
    super(code, message, options);
  }
}

/** Throws the signal's reason (an AbortError) when the job was cancelled. */
export function throwIfCancelled(signal: AbortSignal): void {
  if (!signal.aborted) return;
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === "AbortError") throw reason;
  throw new DOMException("The job was cancelled.", "AbortError");
}

/** True for the error a cancelled job throws. */
export function isAbortError(err: unknown): boolean {
  return err instanceof Error && err.name === "AbortError";
}
