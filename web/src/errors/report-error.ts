/**
 * The top-level catch (STYLE §6): turn any failure into a notice with words and a next step, and
 * keep the cause chain for the console. Call it only from event handlers and action entry points.
 */
import { toStudioError, type StudioError } from "./studio-error";
import { userMessageFor } from "./user-message";

export type ErrorNotice = {
  code: StudioError["code"];
  title: string;
  detail: string;
  remedy: string;
  /** The technical message (shown small, for bug reports). */
  technical: string;
};

/** The notice to show for a failure. */
export function toErrorNotice(error: unknown): ErrorNotice {
  const studioError = toStudioError(error);
  const words = userMessageFor(studioError.code);
  return { code: studioError.code, ...words, technical: studioError.message };
}

/** Shows a failure through `notify` and logs it with its cause chain. */
export function reportError(
  notify: (notice: ErrorNotice) => void,
  error: unknown,
  context?: string,
): ErrorNotice {
  const notice = toErrorNotice(error);
  // The console keeps the full chain for bug reports; the user sees only the notice.
  // eslint-disable-next-line no-console
  console.error(context ? `[${context}]` : "[studio]", error);
  notify(notice);
  return notice;
}
