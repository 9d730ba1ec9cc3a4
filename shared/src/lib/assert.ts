/** Compile-time exhaustiveness check for switches over unions; throws if reached at runtime. */
export function assertNever(value: never, message?: string): never {
  throw new Error(message ?? `Unexpected value: ${JSON.stringify(value)}`);
}

/** Throws `Error("Invariant failed: <message>")` when `condition` is falsy; narrows it otherwise. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Invariant failed: ${message}`);
}
