import { z } from "zod";
import { IdSchema, textTypeMessage } from "./ids";

export const ElementType = {
  character: "character",
  location: "location",
  object: "object",
} as const;
export type ElementType = (typeof ElementType)[keyof typeof ElementType];

export const ELEMENT_NAME_MAX = 80;

export const ElementTypeSchema = z.enum(ElementType, {
  error: "Element type must be character, location or object",
});

/** "@" then at least one non-space character, e.g. "@Maya". */
export const TriggerSchema = z
  .string({ error: textTypeMessage("Trigger") })
  .regex(/^@\S+$/, "Trigger must start with @ and contain no spaces, e.g. @Maya");

export const ElementSchema = z.object({
  id: IdSchema,
  projectId: IdSchema,
  type: ElementTypeSchema,
  name: z
    .string({ error: textTypeMessage("Name") })
    .trim()
    .min(1, "Name can't be empty")
    .max(ELEMENT_NAME_MAX, `Name must be ${ELEMENT_NAME_MAX} characters or fewer`),
  trigger: TriggerSchema,
  description: z.string({ error: textTypeMessage("Description") }).default(""),
  referenceMediaIds: z.array(IdSchema).default(() => []),
});
export type Element = z.infer<typeof ElementSchema>;

/** Fields `makeElement` needs (`id`, `projectId`, `type`, `name`); `trigger` is derived if absent. */
export type ElementInit = Omit<z.input<typeof ElementSchema>, "trigger"> & { trigger?: string };

/** Default trigger for a name: "@" + the name without whitespace ("Old Tom" -> "@OldTom"). */
export function deriveTrigger(name: string): string {
  return `@${name.replace(/\s+/g, "")}`;
}

/** Builds a valid element, deriving the trigger from the name when none is given; throws a ZodError if invalid. */
export function makeElement({ trigger, ...init }: ElementInit): Element {
  const name = typeof init.name === "string" ? init.name : "";
  return ElementSchema.parse({ ...init, trigger: trigger ?? deriveTrigger(name) });
}
