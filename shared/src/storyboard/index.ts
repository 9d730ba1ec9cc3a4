export { parseScreenplay } from "./parse-screenplay";
export { guessShotType, shotTypeFromShotLine } from "./shot-type";
export { parseSceneHeading, parseCharacterCue, isTransition } from "./classify-line";
export {
  ScriptMode,
  DialogueFraming,
  type ParsedScript,
  type ParsedScene,
  type ParsedShot,
  type ParseWarning,
} from "./types";
