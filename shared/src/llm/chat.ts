/**
 * The subset of the OpenAI chat-completions API the studio uses (llama.cpp's server, Ollama and
 * hosted OpenAI-compatible services all speak it): one request, one choice back, text content.
 */
import { z } from "zod";

export const ChatRole = { system: "system", user: "user", assistant: "assistant" } as const;
export type ChatRole = (typeof ChatRole)[keyof typeof ChatRole];

export const ChatMessageSchema = z.object({
  role: z.enum(ChatRole),
  content: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

export const ChatCompletionRequestSchema = z.object({
  model: z.string().min(1, "Model name can't be empty"),
  messages: z.array(ChatMessageSchema).min(1),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().positive().optional(),
  stream: z.literal(false).optional(),
});
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequestSchema>;

// Servers add many fields (usage, system_fingerprint, …); only the first choice's text matters.
export const ChatCompletionResponseSchema = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        message: z.object({
          role: z.string().optional(),
          content: z.string().nullable(),
        }),
        finish_reason: z.string().nullable().optional(),
      }),
    )
    .min(1, "The answer has no choices"),
});
export type ChatCompletionResponse = z.infer<typeof ChatCompletionResponseSchema>;

/** The text of the first choice of a chat-completions answer, or null when it has none. */
export function readChatContent(response: ChatCompletionResponse): string | null {
  const content = response.choices[0]?.message.content ?? null;
  return content === null || content.trim() === "" ? null : content;
}

/**
 * The chat-completions URL for what the user typed: a base such as "http://localhost:11434" or
 * ".../v1" gets "/v1/chat/completions" or "/chat/completions"; a full ".../chat/completions" stays.
 */
export function toChatCompletionsUrl(endpoint: string): string {
  const base = endpoint.trim().replace(/\/+$/u, "");
  if (/\/chat\/completions$/u.test(base)) return base;
  if (/\/v\d+$/u.test(base)) return `${base}/chat/completions`;
  return `${base}/v1/chat/completions`;
}

/** True for an http(s) address with a host, the only endpoints the studio calls. */
export function isEndpointUrl(endpoint: string): boolean {
  return /^https?:\/\/[^\s/]+/u.test(endpoint.trim());
}
