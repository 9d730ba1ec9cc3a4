/** Page object for the Storyboard view: script, parse preview, scene rows and shot cards. */
import { expect, type Locator, type Page } from "@playwright/test";

/** Generation settings a test sets on a shot card (small values keep the CPU fixture fast). */
export interface ShotSettings {
  numFrames?: number;
  steps?: number;
  width?: number;
  height?: number;
}

/** Creates a project through the project manager and waits for the studio to open. */
export async function openNewProject(
  page: Page,
  name: string,
  { origin = "" }: { origin?: string } = {},
): Promise<void> {
  await page.goto(`${origin}/`);
  await page.getByTestId("new-project").click();
  await page.getByTestId("new-project-name").fill(name);
  await page.getByTestId("create-project").click();
  await expect(page.getByTestId("studio")).toBeVisible();
}

export class StoryboardPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId("view-storyboard").click();
    await expect(this.page.getByTestId("storyboard-view")).toBeVisible();
  }

  async pasteScript(text: string): Promise<void> {
    await this.page.getByTestId("script-input").fill(text);
  }

  async parse(): Promise<Locator> {
    await this.page.getByTestId("script-parse").click();
    const preview = this.page.getByTestId("parse-preview");
    await expect(preview).toBeVisible();
    return preview;
  }

  async commit(): Promise<void> {
    await this.page.getByTestId("script-commit").click();
    await expect(this.page.getByTestId("parse-preview")).toBeHidden();
  }

  /** Paste, Parse and Commit in one step. */
  async addScript(text: string): Promise<void> {
    await this.pasteScript(text);
    await this.parse();
    await this.commit();
  }

  scenes(): Locator {
    return this.page.getByTestId("scene-row");
  }

  cards(): Locator {
    return this.page.getByTestId("shot-card");
  }

  /** The shot card whose action text contains `text`. */
  card(text: string): Locator {
    return this.page.locator(`[data-testid="shot-card"][aria-label*=${JSON.stringify(text)}]`);
  }

  async shotIdOf(card: Locator): Promise<string> {
    const id = await card.getAttribute("data-shot-id");
    if (!id) throw new Error("shot card without an id");
    return id;
  }

  badges(card: Locator): Locator {
    return card.getByTestId("element-badge");
  }

  status(card: Locator): Locator {
    return card.getByTestId("shot-status");
  }

  progressBar(card: Locator): Locator {
    return card.getByTestId("job-progress-bar");
  }

  /** Opens the card's Settings and types each given value. */
  async setSettings(card: Locator, settings: ShotSettings): Promise<void> {
    await card.locator("details.sb-card__settings > summary").click();
    for (const [field, value] of Object.entries(settings)) {
      const input = card.getByTestId(`shot-${field}`);
      await input.fill(String(value));
      await input.press("Enter");
      await input.blur();
      await expect(input).toHaveValue(String(value));
    }
  }

  async generate(card: Locator): Promise<void> {
    await card.getByTestId("shot-generate").click();
  }

  async cancel(card: Locator): Promise<void> {
    await card.getByTestId("shot-cancel").click();
  }

  /** Waits until the card's job has reported progress strictly between 0 and 100 %. */
  async waitForProgress(card: Locator, { min = 1 }: { min?: number } = {}): Promise<number> {
    const bar = this.progressBar(card);
    let seen = 0;
    await expect
      .poll(
        async () => {
          seen = Number((await bar.getAttribute("aria-valuenow").catch(() => null)) ?? 0);
          return seen;
        },
        { timeout: 30_000, intervals: [50] },
      )
      .toBeGreaterThanOrEqual(min);
    return seen;
  }
}
