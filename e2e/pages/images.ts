/** Page object for the Images view: text → image with @triggers, references and results. */
import { expect, type Locator, type Page } from "@playwright/test";

export class ImagesPage {
  constructor(readonly page: Page) {}

  root(): Locator {
    return this.page.getByTestId("images-view");
  }

  async open(): Promise<void> {
    await this.page.getByTestId("view-images").click();
    await expect(this.root()).toBeVisible();
  }

  prompt(): Locator {
    return this.root().getByTestId("image-prompt");
  }

  /** Types into the prompt as a person would (so autocomplete sees the cursor). */
  async type(text: string): Promise<void> {
    await this.prompt().click();
    await this.prompt().press("End");
    await this.prompt().pressSequentially(text);
  }

  suggestions(): Locator {
    return this.root().getByTestId("image-suggestion");
  }

  async setSize(width: number, height: number): Promise<void> {
    await this.root().getByTestId("image-width").fill(String(width));
    await this.root().getByTestId("image-height").fill(String(height));
  }

  async generate(): Promise<void> {
    await this.root().getByTestId("image-generate").click();
  }

  progress(): Locator {
    return this.root().getByTestId("image-progress");
  }

  results(): Locator {
    return this.root().getByTestId("image-result");
  }

  /** Natural size of a result's picture once it decodes ({0,0} if it does not). */
  async decodedSize(result: Locator): Promise<{ width: number; height: number }> {
    const img = result.locator("img");
    await expect(img).toHaveJSProperty("complete", true);
    return img.evaluate(async (el: HTMLImageElement) => {
      await el.decode().catch(() => undefined);
      return { width: el.naturalWidth, height: el.naturalHeight };
    });
  }
}
