/**
 * `render` job params: the film as a RenderSpec plus, for every media id it reads, the upload that
 * carries that file (the studio uploads what the server lacks first; upload ids are sha256s, so a
 * file the server already has costs nothing to name again).
 */
import { z } from "zod";
import { RenderSpecSchema, listSpecMediaIds } from "../render/render-spec";

/** The render job's artifact: the finished film. */
export const RENDER_ARTIFACT_NAME = "film.mp4";

export const RenderMediaUploadSchema = z.object({
  mediaId: z.string().min(1, "Media id is required"),
  uploadId: z.string().min(1, "Upload id is required").max(128),
});
export type RenderMediaUpload = z.infer<typeof RenderMediaUploadSchema>;

export const RenderParamsSchema = z
  .object({
    spec: RenderSpecSchema,
    media: z.array(RenderMediaUploadSchema),
  })
  .superRefine((params, ctx) => {
    const known = new Set(params.media.map(m => m.mediaId));
    for (const id of listSpecMediaIds(params.spec)) {
      if (!known.has(id)) {
        ctx.addIssue({
          code: "custom",
          path: ["media"],
          message: `No upload given for media ${id}`,
        });
      }
    }
    if (params.spec.container !== "mp4" || params.spec.videoCodec !== "avc") {
      ctx.addIssue({
        code: "custom",
        path: ["spec", "container"],
        message: "The server renders H.264 mp4 only",
      });
    }
  });
export type RenderParams = z.infer<typeof RenderParamsSchema>;
export type RenderParamsInput = z.input<typeof RenderParamsSchema>;
