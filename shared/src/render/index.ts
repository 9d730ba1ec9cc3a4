/**
 * The render description both exporters share: the spec schema, timeline -> spec, what shows at a
 * frame, where a layer lands, the audio windows, quality settings, progress, and the test pattern
 * the export tests read back.
 */
export * from "./render-spec";
export * from "./to-render-spec";
export * from "./frames-to-render";
export * from "./layer-rect";
export * from "./audio-plan";
export * from "./quality";
export * from "./export-progress";
export * from "./identity-pattern";
// The render job's params live with the HTTP contract; re-exported here so the exporters import
// one subpath.
export {
  RENDER_ARTIFACT_NAME,
  RenderMediaUploadSchema,
  RenderParamsSchema,
  type RenderMediaUpload,
  type RenderParams,
  type RenderParamsInput,
} from "../api/render";
