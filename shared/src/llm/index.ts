export {
  ChatRole,
  ChatMessageSchema,
  ChatCompletionRequestSchema,
  ChatCompletionResponseSchema,
  readChatContent,
  toChatCompletionsUrl,
  isEndpointUrl,
  type ChatMessage,
  type ChatCompletionRequest,
  type ChatCompletionResponse,
} from "./chat";
export { extractJson } from "./extract-json";
export {
  AI_SHOTS_PER_SCENE,
  buildParseMessages,
  readAiParse,
  toShotType,
  type AiParseResult,
} from "./ai-parse";
export {
  ENHANCE_SENTENCE_RULES,
  sentenceRangeFor,
  buildEnhanceMessages,
  splitSentences,
  stripMarkdown,
  fitEnhancedPrompt,
  type SentenceRange,
  type EnhancedPrompt,
} from "./enhance";
