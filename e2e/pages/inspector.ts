/** Page object for the inspector (W2): clip and shot fields with their validation messages. */
import { expect, type Locator, type Page } from "@playwright/test";

export class InspectorPage {
  constructor(readonly page: Page) {}

  root(): Locator {
    return this.page.getByTestId("inspector");
  }

  field(key: string): Locator {
    return this.root().getByTestId(`field-${key}`);
  }

  error(key: string): Locator {
    return this.root().getByTestId(`error-${key}`);
  }

  /** Types a value into a field and commits it (Enter on inputs, blur on text areas). */
  async set(key: string, value: string): Promise<void> {
    const field = this.field(key);
    await field.fill(value);
    const tag = await field.evaluate(el => el.tagName);
    if (tag === "TEXTAREA") await field.blur();
    else await field.press("Enter");
  }

  /** Sets a field and expects it to be refused with `message` shown next to it. */
  async expectRefused(key: string, value: string, message: string | RegExp): Promise<void> {
    await this.set(key, value);
    await expect(this.error(key)).toHaveText(message);
  }
}
