/** Page object for masking mode over the player (issue 7): clicks, the mask overlay, mask jobs. */
import { expect, type Locator, type Page } from "@playwright/test";

/** What the overlay canvas shows at some image pixels: alpha 0 = not masked. */
export interface MaskSample {
  width: number;
  height: number;
  alphas: number[];
}

export class MaskingPage {
  constructor(readonly page: Page) {}

  overlay(): Locator {
    return this.page.getByTestId("masking-overlay");
  }

  status(): Locator {
    return this.page.getByTestId("masking-status");
  }

  /** Turns masking mode on and waits until segmentation says where it runs. */
  async enter(): Promise<void> {
    await this.page.getByTestId("masking-toggle").click();
    await expect(this.page.getByTestId("masking-toggle")).toHaveAttribute("aria-pressed", "true");
  }

  /**
   * Clicks the picture at image pixel (x, y): the overlay maps CSS pixels to image pixels with
   * object-fit: contain, so this does the inverse from the overlay's box.
   */
  async clickImagePixel(
    { x, y }: { x: number; y: number },
    image: { width: number; height: number },
    options: { negative?: boolean } = {},
  ): Promise<void> {
    const box = await this.overlay().boundingBox();
    if (!box) throw new Error("The masking overlay is not visible.");
    const scale = Math.min(box.width / image.width, box.height / image.height);
    const left = (box.width - image.width * scale) / 2;
    const top = (box.height - image.height * scale) / 2;
    await this.overlay().click({
      position: { x: left + x * scale, y: top + y * scale },
      modifiers: options.negative ? ["Alt"] : [],
    });
  }

  /** Leaves masking mode (the overlay then shows tracked masks only). */
  async leave(): Promise<void> {
    await this.page.getByTestId("masking-toggle").click();
    await expect(this.page.getByTestId("masking-toggle")).toHaveAttribute("aria-pressed", "false");
  }

  async waitForMask(): Promise<void> {
    await expect(this.overlay()).toHaveAttribute("data-has-mask", "true", { timeout: 30_000 });
  }

  async clear(): Promise<void> {
    await this.page.getByTestId("masking-clear").click();
    await expect(this.overlay()).toHaveAttribute("data-has-mask", "false");
  }

  /** The overlay's alpha at image pixels (its canvas is drawn at the picture's size). */
  async sampleMask(points: { x: number; y: number }[]): Promise<MaskSample> {
    return this.page.getByTestId("masking-canvas").evaluate((canvas, list) => {
      const c = canvas as HTMLCanvasElement;
      const data = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
      return {
        width: c.width,
        height: c.height,
        alphas: list.map(p => data[(Math.floor(p.y) * c.width + Math.floor(p.x)) * 4 + 3] ?? 0),
      };
    }, points);
  }

  /** The whole mask as 0/1 per image pixel, row-major. */
  async readMask(): Promise<{ width: number; height: number; on: number[] }> {
    return this.page.getByTestId("masking-canvas").evaluate(canvas => {
      const c = canvas as HTMLCanvasElement;
      const data = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
      const on: number[] = [];
      for (let i = 3; i < data.length; i += 4) on.push(data[i]! > 0 ? 1 : 0);
      return { width: c.width, height: c.height, on };
    });
  }

  async inpaint(prompt: string): Promise<void> {
    await this.page.getByTestId("masking-inpaint").click();
    await this.page.getByTestId("masking-inpaint-prompt").fill(prompt);
    await this.page.getByTestId("masking-inpaint-run").click();
  }

  async track(direction: "both" | "forward" | "backward" = "both"): Promise<void> {
    await this.page.getByTestId("masking-track-direction").selectOption(direction);
    await this.page.getByTestId("masking-track").click();
  }
}
