export { findTriggers, type TriggerMatch } from "./find-triggers";
export {
  matchElements,
  SIGNAL_SCORE,
  MIN_MATCH_SCORE,
  MIN_SHARED_KEYWORDS,
  type ShotText,
} from "./match-score";
export { injectPrompt } from "./inject-prompt";
export { buildShotPrompt } from "./build-shot-prompt";
export { tokenize } from "./text-match";
export { MatchSignal, type ElementLike, type ElementMatch } from "./types";
export { elementImagePrompt, ELEMENT_IMAGE_SIZE } from "./element-image-prompt";
