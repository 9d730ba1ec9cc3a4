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
