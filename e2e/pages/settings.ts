/** Page object for the Settings dialog's LLM section, and a fake OpenAI-compatible endpoint. */
import { expect, type Page, type Route } from "@playwright/test";

export interface FakeLlmRequest {
  model: string;
  messages: { role: string; content: string }[];
}

/** What the fake endpoint answers: a chat reply's text, or an HTTP error status. */
export type FakeLlmAnswer = { content: string } | { status: number };

const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Headers": "content-type, authorization",
  "Access-Control-Allow-Methods": "POST, OPTIONS",
};

/**
 * Serves an OpenAI-compatible chat-completions endpoint at `baseUrl` from inside the browser
 * (a test double of the user's llama.cpp or Ollama server, on another origin, with CORS like
 * theirs); returns the requests it received.
 */
export async function routeFakeLlm(
  page: Page,
  baseUrl: string,
  answer: (request: FakeLlmRequest) => FakeLlmAnswer,
): Promise<FakeLlmRequest[]> {
  const received: FakeLlmRequest[] = [];
  await page.route(`${baseUrl}/**`, async (route: Route) => {
    const request = route.request();
    if (request.method() === "OPTIONS") {
      await route.fulfill({ status: 204, headers: CORS_HEADERS });
      return;
    }
    const body = request.postDataJSON() as FakeLlmRequest;
    received.push(body);
    const reply = answer(body);
    if ("status" in reply) {
      await route.fulfill({
        status: reply.status,
        headers: CORS_HEADERS,
        contentType: "application/json",
        body: JSON.stringify({ error: { message: "the model crashed" } }),
      });
      return;
    }
    await route.fulfill({
      status: 200,
      headers: CORS_HEADERS,
      contentType: "application/json",
      body: JSON.stringify({
        id: "chatcmpl-e2e",
        object: "chat.completion",
        model: body.model,
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: reply.content },
            finish_reason: "stop",
          },
        ],
      }),
    });
  });
  return received;
}

export class SettingsPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId("open-settings").click();
    await expect(this.page.getByTestId("settings-dialog")).toBeVisible();
  }

  async close(): Promise<void> {
    await this.page.keyboard.press("Escape");
    await expect(this.page.getByTestId("settings-dialog")).toBeHidden();
  }

  /** Types the LLM endpoint and model, checks the connection, and saves. */
  async configureLlm({ endpoint, model }: { endpoint: string; model: string }): Promise<void> {
    await this.open();
    await this.page.getByTestId("llm-endpoint").fill(endpoint);
    await this.page.getByTestId("llm-model").fill(model);
    await this.page.getByTestId("llm-save").click();
    await expect(this.page.getByTestId("llm-error")).toHaveCount(0);
  }

  async testConnection(): Promise<string> {
    await this.page.getByTestId("llm-test").click();
    const status = this.page.getByTestId("llm-status");
    await expect(status).not.toHaveText(/^(Testing…)?$/);
    return (await status.textContent()) ?? "";
  }
}
