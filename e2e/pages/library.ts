/** Page object for the media library (W1): import, search, delete, drag onto the timeline. */
import { expect, type Locator, type Page } from "@playwright/test";
import { basename } from "node:path";
import { fileBase64 } from "../media";

const MIME: Record<string, string> = {
  png: "image/png",
  webm: "video/webm",
  wav: "audio/wav",
  txt: "text/plain",
};

export class LibraryPage {
  constructor(readonly page: Page) {}

  root(): Locator {
    return this.page.getByTestId("media-library");
  }

  items(): Locator {
    return this.page.getByTestId("media-item");
  }

  item(name: string): Locator {
    return this.items().filter({
      has: this.page.getByTestId("media-name").getByText(name, { exact: true }),
    });
  }

  /** Imports through the file picker and waits until each file is listed. */
  async importFiles(paths: string[]): Promise<void> {
    await this.page.getByTestId("import-media-input").setInputFiles(paths);
    await expect(this.page.getByTestId("media-importing")).toHaveCount(0, { timeout: 30_000 });
  }

  /** Drops files from "the desktop" onto the library panel (a synthetic DataTransfer). */
  async dropFiles(paths: string[]): Promise<void> {
    const files = paths.map(path => {
      const name = basename(path);
      return { name, type: MIME[name.split(".").pop() ?? ""] ?? "", base64: fileBase64(path) };
    });
    const dataTransfer = await this.page.evaluateHandle(list => {
      const transfer = new DataTransfer();
      for (const { name, type, base64 } of list) {
        const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
        transfer.items.add(new File([bytes], name, { type }));
      }
      return transfer;
    }, files);
    await this.root().dispatchEvent("dragenter", { dataTransfer });
    await this.root().dispatchEvent("dragover", { dataTransfer });
    await this.root().dispatchEvent("drop", { dataTransfer });
    await expect(this.page.getByTestId("media-importing")).toHaveCount(0, { timeout: 30_000 });
  }

  async search(query: string): Promise<void> {
    await this.page.getByTestId("media-search").fill(query);
  }

  /** Asserts a listed item: its kind and, for video/audio, a duration label and thumbnail/waveform. */
  async expectItem(name: string, kind: "image" | "video" | "audio"): Promise<void> {
    const item = this.item(name);
    await expect(item).toHaveAttribute("data-kind", kind);
    if (kind === "audio") await expect(item.getByTestId("waveform")).toBeVisible();
    else await expect(item.getByTestId("media-thumbnail")).toBeVisible();
    if (kind !== "image")
      await expect(item.getByTestId("media-duration")).toHaveText(/^\d+:\d\d\.\d$/);
  }

  /** Deletes an item through its confirmation; `inUse` expects the clips warning. */
  async delete(name: string, { inUse = false }: { inUse?: boolean } = {}): Promise<void> {
    const item = this.item(name);
    await item.hover();
    await item.getByTestId("delete-media").click();
    const dialog = this.page.getByTestId("confirm-dialog");
    await expect(dialog.getByTestId("media-in-use-warning")).toHaveCount(inUse ? 1 : 0);
    await dialog.getByTestId("confirm-button").click();
    await expect(item).toHaveCount(0);
  }

  /** Drags a library item onto a timeline lane (W2's drop target `track-lane-<id>`). */
  async dragToTrack(
    name: string,
    track: "V1" | "V2" | "A1",
    { x = 40 }: { x?: number } = {},
  ): Promise<void> {
    await this.item(name).dragTo(this.page.getByTestId(`track-lane-${track}`), {
      targetPosition: { x, y: 20 },
    });
  }
}
