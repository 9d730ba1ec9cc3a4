/**
 * Request validation with the shared zod schemas (STYLE §6). A failure becomes 400 INVALID_REQUEST
 * whose message names the first bad field ("params.prompt: Prompt is required"); `details.issues`
 * lists them all.
 */
import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import type { z } from "zod";
import { ErrorCode } from "@milimo/shared/api";
import { DomainError } from "../errors";

interface IssueList {
  issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }>;
}

/** "path.to.field: message" for each issue (just the message at the root). */
export function describeIssues(error: IssueList): Array<{ path: string; message: string }> {
  return error.issues.map(issue => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
}

/** Throws INVALID_REQUEST for a failed parse. */
export function invalidRequest(error: IssueList, where = "request"): DomainError {
  const issues = describeIssues(error);
  const first = issues[0];
  const message = first
    ? first.path
      ? `${first.path}: ${first.message}`
      : first.message
    : `Invalid ${where}`;
  return new DomainError(ErrorCode.INVALID_REQUEST, message, { details: { issues } });
}

/** Parses with `schema` or throws INVALID_REQUEST. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where?: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidRequest(result.error, where);
  return result.data;
}

/** Hono middleware validating one request part; read it with `c.req.valid(target)`. */
export const validate = <T extends z.ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) =>
  zValidator(target, schema, result => {
    if (!result.success) throw invalidRequest(result.error, target);
  });
