/**
 * Ids, timestamps and the number-field builders every domain schema shares.
 * Messages name the field the way the studio's inspector labels it, because they are shown to the
 * filmmaker verbatim next to that field.
 */
import { z } from "zod";

/** Opaque non-empty string id (UUIDs from `makeId`, but any non-empty string is accepted). */
export const IdSchema = z.string({ error: "Id must be text" }).min(1, "Id can't be empty");

/** An id or null, for links that are not made yet (e.g. a shot without media). */
export const NullableIdSchema = IdSchema.nullable();

/** ISO 8601 date-time, e.g. `2025-01-31T12:00:00.000Z` (offsets accepted for imported files). */
export const IsoDateTimeSchema = z.iso.datetime({
  offset: true,
  error: "Date must be an ISO date and time, e.g. 2025-01-31T12:00:00Z",
});

type GlobalWithCrypto = { crypto?: { randomUUID?: () => string } };

/** New random id; uses `crypto.randomUUID` (browsers, Node 20), which shared's ES2022 lib doesn't type. */
export function makeId(): string {
  const { crypto } = globalThis as GlobalWithCrypto;
  if (crypto?.randomUUID) return crypto.randomUUID();
  // Not reached on supported runtimes; kept so tests in odd environments still get unique ids.
  return `id-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Options for `wholeNumberField`; `label` is the field name as a user reads it, e.g. "Frames". */
export type WholeNumberFieldOptions = { label: string; min?: number; max?: number; unit?: string };

/** Integer schema whose messages read "Frames must be between 25 and 1200". */
export function wholeNumberField({ label, min, max, unit = "" }: WholeNumberFieldOptions) {
  // "at least 1 frame", "at least 0 frames"
  const withUnit = (n: number) =>
    unit ? `${n} ${n === 1 ? unit.replace(/s$/, "") : unit}` : `${n}`;
  const range =
    min !== undefined && max !== undefined
      ? `${label} must be between ${min} and ${withUnit(max)}`
      : undefined;
  let schema = z.number({ error: numberTypeMessage(label) }).int(`${label} must be a whole number`);
  if (min !== undefined)
    schema = schema.min(min, range ?? `${label} must be at least ${withUnit(min)}`);
  if (max !== undefined)
    schema = schema.max(max, range ?? `${label} must be at most ${withUnit(max)}`);
  return schema;
}

/** Message for a missing or non-numeric value: "Frames is required" / "Frames must be a number". */
export function numberTypeMessage(label: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined ? `${label} is required` : `${label} must be a number`;
}

/** Message for a missing or non-text value: "Name is required" / "Name must be text". */
export function textTypeMessage(label: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined ? `${label} is required` : `${label} must be text`;
}
