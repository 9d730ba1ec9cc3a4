import { z } from "zod";
import { IdSchema, textTypeMessage, wholeNumberField } from "./ids";

export const SceneSchema = z.object({
  id: IdSchema,
  projectId: IdSchema,
  /** 0-based position in the storyboard. */
  index: wholeNumberField({ label: "Scene number", min: 0 }).default(0),
  /** Slugline as written, e.g. "INT. KITCHEN - NIGHT"; empty for freeform scripts. */
  heading: z.string({ error: textTypeMessage("Scene heading") }).default(""),
  name: z
    .string({ error: textTypeMessage("Scene name") })
    .max(200, "Scene name must be 200 characters or fewer")
    .default(""),
  location: z.string({ error: textTypeMessage("Location") }).optional(),
  timeOfDay: z.string({ error: textTypeMessage("Time of day") }).optional(),
});
export type Scene = z.infer<typeof SceneSchema>;

/** Fields `makeScene` needs; everything else is defaulted. */
export type SceneInit = z.input<typeof SceneSchema>;

/** Builds a valid scene (index 0, empty heading and name unless given); throws a ZodError if invalid. */
export function makeScene(init: SceneInit): Scene {
  return SceneSchema.parse(init);
}
