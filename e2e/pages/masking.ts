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
    const at = await this.toOverlayPoint({ x, y }, image);
    await this.overlay().click({
      position: at.position,
      modifiers: options.negative ? ["Alt"] : [],
    });
  }

  /**
   * Image pixel (x, y) as a position in the overlay (for `click`) and on the page (for the
   * mouse), plus CSS pixels per image pixel (object-fit: contain).
   */
  async toOverlayPoint(
    { x, y }: { x: number; y: number },
    image: { width: number; height: number },
  ): Promise<{
    position: { x: number; y: number };
    page: { x: number; y: number };
    scale: number;
  }> {
    const box = await this.overlay().boundingBox();
    if (!box) throw new Error("The masking overlay is not visible.");
    const scale = Math.min(box.width / image.width, box.height / image.height);
    const left = (box.width - image.width * scale) / 2;
    const top = (box.height - image.height * scale) / 2;
    const position = { x: left + x * scale, y: top + y * scale };
    return { position, page: { x: box.x + position.x, y: box.y + position.y }, scale };
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

  /** Picks a tool: SAM points/box, brush or eraser. */
  async selectTool(tool: "sam" | "brush" | "eraser"): Promise<void> {
    await this.page.getByTestId(`masking-tool-${tool}`).click();
    await expect(this.overlay()).toHaveAttribute("data-tool", tool);
  }

  /** Sets the brush size (diameter in image pixels, 5–100). */
  async setBrushSize(px: number): Promise<void> {
    await this.page.getByTestId("masking-brush-size").fill(String(px));
    await expect(this.page.getByTestId("masking-brush-size-value")).toHaveText(`${px} px`);
  }

  /**
   * Drags the mouse through image pixels `path` with the current brush or eraser; `steps` mouse
   * events between two path points (1 = one jump, as a fast stroke gives).
   */
  async paint(
    path: { x: number; y: number }[],
    image: { width: number; height: number },
    options: { steps?: number } = {},
  ): Promise<void> {
    const points = await Promise.all(path.map(p => this.toOverlayPoint(p, image)));
    const [first, ...rest] = points;
    if (!first) return;
    await this.page.mouse.move(first.page.x, first.page.y);
    await this.page.mouse.down();
    for (const point of rest) {
      await this.page.mouse.move(point.page.x, point.page.y, { steps: options.steps ?? 1 });
    }
    await this.page.mouse.up();
  }

  async undo(): Promise<void> {
    await this.page.getByTestId("masking-undo").click();
  }

  /** How many decodes have reached the mask so far (to wait for a re-decode). */
  async decodeCount(): Promise<number> {
    return Number((await this.overlay().getAttribute("data-decodes")) ?? 0);
  }

  /** A saved mask PNG from the library (by a part of its name) as 0/1 per pixel, and its type. */
  async readSavedMask(
    nameIncludes: string,
  ): Promise<{ type: string; width: number; height: number; on: number[]; grey: number } | null> {
    return this.page.evaluate(async fragment => {
      type Studio = {
        state: { project: { media: { byId: Record<string, { id: string; name: string }> } } };
        actions: { project: { readBlob(id: string): Promise<Blob | null> } };
      };
      const studio = (window as unknown as { __studio: Studio }).__studio;
      const media = Object.values(studio.state.project.media.byId).find(m =>
        m.name.includes(fragment),
      );
      const blob = media && (await studio.actions.project.readBlob(media.id));
      if (!blob) return null;
      const bitmap = await createImageBitmap(blob);
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext("2d")!;
      context.drawImage(bitmap, 0, 0);
      const data = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
      const on: number[] = [];
      let grey = 0;
      for (let i = 0; i < data.length; i += 4) {
        on.push(data[i] === 255 ? 1 : 0);
        if (data[i] !== 0 && data[i] !== 255) grey++;
      }
      return { type: blob.type, width: bitmap.width, height: bitmap.height, on, grey };
    }, nameIncludes);
  }
}
