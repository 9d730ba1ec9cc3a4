import { describe, expect, it } from "vitest";
import {
  ChatCompletionRequestSchema,
  ChatCompletionResponseSchema,
  isEndpointUrl,
  readChatContent,
  toChatCompletionsUrl,
} from "./chat";

describe("toChatCompletionsUrl", () => {
  it.each([
    ["http://localhost:11434", "http://localhost:11434/v1/chat/completions"],
    ["http://localhost:11434/", "http://localhost:11434/v1/chat/completions"],
    ["http://127.0.0.1:8080/v1", "http://127.0.0.1:8080/v1/chat/completions"],
    ["https://llm.example/v1/chat/completions", "https://llm.example/v1/chat/completions"],
    ["  http://box:8000/v1/  ", "http://box:8000/v1/chat/completions"],
  ])("%s -> %s", (input, expected) => {
    expect(toChatCompletionsUrl(input)).toBe(expected);
  });
});

describe("isEndpointUrl", () => {
  it.each([
    ["http://localhost:11434", true],
    ["https://llm.example/v1", true],
    ["localhost:11434", false],
    ["ftp://x", false],
    ["", false],
  ])("%s -> %s", (input, expected) => {
    expect(isEndpointUrl(input)).toBe(expected);
  });
});

describe("chat schemas", () => {
  it("accepts a llama.cpp-style answer with extra fields and reads the first choice", () => {
    const body = {
      id: "x",
      object: "chat.completion",
      model: "qwen2.5",
      usage: { prompt_tokens: 3 },
      choices: [
        { index: 0, message: { role: "assistant", content: "Hello." }, finish_reason: "stop" },
      ],
    };
    const parsed = ChatCompletionResponseSchema.parse(body);
    expect(readChatContent(parsed)).toBe("Hello.");
  });

  it.each([
    ["no choices", { choices: [] }],
    ["no message", { choices: [{}] }],
    ["an error body", { error: { message: "model not found" } }],
  ])("rejects %s", (_label, body) => {
    expect(ChatCompletionResponseSchema.safeParse(body).success).toBe(false);
  });

  it("treats null or blank content as no answer", () => {
    expect(readChatContent({ choices: [{ message: { content: null } }] })).toBeNull();
    expect(readChatContent({ choices: [{ message: { content: "  \n" } }] })).toBeNull();
  });

  it("requires a model name and at least one message in a request", () => {
    expect(ChatCompletionRequestSchema.safeParse({ model: "", messages: [] }).success).toBe(false);
    expect(
      ChatCompletionRequestSchema.safeParse({
        model: "llama3",
        messages: [{ role: "user", content: "hi" }],
      }).success,
    ).toBe(true);
  });
});
