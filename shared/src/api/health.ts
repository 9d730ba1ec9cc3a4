/** `GET /api/health`: is the server up, on which device, with which models, how busy. */
import { z } from "zod";

export const InferenceDevice = { cuda: "cuda", cpu: "cpu" } as const;
export type InferenceDevice = (typeof InferenceDevice)[keyof typeof InferenceDevice];

export const HealthModelSchema = z.object({
  id: z.string(),
  task: z.string(),
  /** A session of the model is in memory. */
  loaded: z.boolean(),
  /** One of the generated test models. */
  fixture: z.boolean(),
  /** Set when the model folder is unusable (MODEL_INVALID / MODEL_MISSING) and why. */
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type HealthModel = z.infer<typeof HealthModelSchema>;

export const HealthResponseSchema = z.object({
  status: z.literal("ok"),
  version: z.string(),
  device: z.enum(InferenceDevice),
  models: z.array(HealthModelSchema),
  queue: z.object({
    queued: z.number().int().min(0),
    running: z.number().int().min(0),
  }),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;
