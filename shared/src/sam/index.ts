export {
  computeResizeLongestSide,
  SAM_INPUT_SIZE,
  SAM_LOW_RES_SIZE,
  type ResizeLongestSide,
} from "./resize-longest-side";
export {
  toModelPoint,
  toImagePoint,
  toModelCoords,
  buildDecoderPrompt,
  SamPointLabel,
  type Point,
  type PromptPoint,
  type Box,
  type DecoderPrompt,
} from "./coords";
export {
  upscaleMask,
  thresholdMask,
  invertMask,
  maskToBox,
  pickBestMask,
  featherMask,
  MASK_ON,
  type Mask,
  type BestMask,
} from "./mask-postprocess";
export { encodeMaskRle, decodeMaskRle, type MaskRle } from "./mask-rle";
export {
  planRetrack,
  mergeTrackedFrames,
  nextKeyframe,
  previousKeyframe,
  addKeyframe,
  trackColor,
  trackColorCss,
  firstFreeColor,
  nextObjectName,
  TRACK_COLORS_RGB,
  TRACK_COLOR_ALPHA,
  type FrameRange,
  type RetrackDirection,
} from "./tracking";
export { paintStroke, type PaintStrokeOptions } from "./brush";
export { maskToLowResLogits, MASK_PROMPT_LOGIT } from "./mask-logits";
