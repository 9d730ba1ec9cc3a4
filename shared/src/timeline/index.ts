/**
 * Pure timeline math for the studio: every edit takes a `Timeline` and returns a new one without
 * mutating its input. Refusal convention: an edit that is not allowed (locked track, unknown id,
 * different track kinds, split outside the clip) returns the input timeline itself, so callers
 * detect a no-op with `next === timeline` and history records nothing. Out-of-range amounts
 * (trim past the source, negative starts) are clamped, not refused. Use `canEditItem` to grey
 * out handles before an edit.
 */
export * from "./frames";
export * from "./item";
export * from "./tracks";
export * from "./edit";
export * from "./layout-v1";
export * from "./layout-free";
export * from "./duration";
export * from "./trim";
export * from "./split";
export * from "./move";
export * from "./snap";
export * from "./history";
