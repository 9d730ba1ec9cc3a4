/**
 * Page object for exporting (issue 8): arranging the test clips through the e2e-only
 * `window.__studio` actions (the same actions the timeline's gestures call), the export dialog
 * (opened from the header's Export button), and playing a downloaded film in a <video>.
 */
import { readFileSync } from "node:fs";
import { expect, type Download, type Locator, type Page } from "@playwright/test";
import type { TimelineItem } from "@milimo/shared/schema";
import { makeArrangedTimeline } from "../clips/export-arrangement";

/** The parts of `window.__studio` the export journey uses. */
type ExportHook = {
  state: {
    project: { media: { order: string[]; byId: Record<string, { id: string; name: string }> } };
    tracks: { timeline: { items: { id: string; track: string; mediaId: string | null }[] } };
    playback: { frame: number };
  };
  actions: {
    track: {
      addItem(args: { item: TimelineItem; index?: number }): boolean;
      select(args: { itemIds: string[] }): void;
      split(args: { frame?: number }): string[];
      trim(args: { itemId: string; edge: "in" | "out"; deltaFrames: number }): boolean;
    };
    playback: { setFrame(frame: number): void };
    project: { update(patch: { width: number; height: number }): { ok: boolean } };
  };
};

export type ExportChoices = {
  what?: "timeline" | "clip" | "frame";
  format?: "mp4" | "webm";
  resolution?: string;
  fps?: number;
  quality?: "low" | "medium" | "high";
};

export class ExportPage {
  constructor(readonly page: Page) {}

  dialog(): Locator {
    return this.page.getByTestId("export-dialog");
  }

  /**
   * Lays the imported test clips out as `makeArrangedTimeline` describes: items added as prepared
   * clips, then the green clip split at frame 60 and its right half trimmed, as a user would.
   */
  async arrange(names: { red: string; green: string; blue: string; tone: string }): Promise<void> {
    await this.page.evaluate(
      ({ names, planned }) => {
        const studio = (window as unknown as { __studio: ExportHook }).__studio;
        const idOf = (name: string) => {
          const media = Object.values(studio.state.project.media.byId).find(m => m.name === name);
          if (!media) throw new Error(`no media named ${name}`);
          return media.id;
        };
        const byName: Record<string, string> = {
          red: idOf(names.red),
          green: idOf(names.green),
          blue: idOf(names.blue),
          tone: idOf(names.tone),
        };
        // The planned items were built with placeholder media ids equal to the clip keys.
        for (const item of planned) {
          if (item.id === "green-2") continue;
          const source = item.id === "green" ? { ...item, trimOut: 0 } : item;
          studio.actions.track.addItem({
            item: { ...source, mediaId: byName[item.mediaId ?? ""] ?? null },
          });
        }
        studio.actions.track.select({ itemIds: ["green"] });
        const [right] = studio.actions.track.split({ frame: 60 });
        if (!right) throw new Error("split refused");
        studio.actions.track.trim({ itemId: right, edge: "in", deltaFrames: 10 });
      },
      {
        names,
        planned: makeArrangedTimeline({ red: "red", green: "green", blue: "blue", tone: "tone" })
          .items,
      },
    );
  }

  /** Sets the open project's picture size (as the project settings would). */
  async setProjectSize(size: { width: number; height: number }): Promise<void> {
    const ok = await this.page.evaluate(
      s => (window as unknown as { __studio: ExportHook }).__studio.actions.project.update(s).ok,
      { width: size.width, height: size.height },
    );
    expect(ok).toBe(true);
  }

  async setPlayhead(frame: number): Promise<void> {
    await this.page.evaluate(f => {
      (window as unknown as { __studio: ExportHook }).__studio.actions.playback.setFrame(f);
    }, frame);
  }

  /** Opens the export dialog from the header. */
  async open(): Promise<void> {
    await this.page.getByTestId("open-export").click();
    await expect(this.dialog()).toBeVisible();
  }

  /** Sets the dialog's choices; saving is always a download (a test cannot answer a file picker). */
  async choose(choices: ExportChoices): Promise<void> {
    const d = this.dialog();
    if (choices.what) await d.getByTestId("export-what").selectOption(choices.what);
    if (choices.format) await d.getByTestId("export-format").selectOption(choices.format);
    if (choices.resolution)
      await d.getByTestId("export-resolution").selectOption(choices.resolution);
    if (choices.fps) await d.getByTestId("export-fps").selectOption(String(choices.fps));
    if (choices.quality) await d.getByTestId("export-quality").selectOption(choices.quality);
    await d.getByTestId("export-save").selectOption("download");
  }

  /** The "Exports as …" line once the encoders are probed. */
  async codecs(): Promise<string> {
    const line = this.dialog().getByTestId("export-codecs");
    await expect(line).toContainText("Exports as");
    return (await line.textContent()) ?? "";
  }

  /** Starts the export and returns the download (saved to `path`). */
  async exportTo(path: string): Promise<Download> {
    const downloading = this.page.waitForEvent("download", { timeout: 60_000 });
    await this.dialog().getByTestId("export-start").click();
    const download = await downloading;
    await download.saveAs(path);
    await expect(this.dialog().getByTestId("export-done")).toBeVisible();
    return download;
  }

  /** Starts an export and cancels it once frames are being encoded. */
  async startAndCancel(): Promise<void> {
    await this.dialog().getByTestId("export-start").click();
    await expect(this.dialog().getByTestId("export-progress-text")).toContainText("Frame", {
      timeout: 20_000,
    });
    await this.dialog().getByTestId("export-cancel").click();
  }

  error(): Locator {
    return this.dialog().getByTestId("export-error");
  }

  /** Loads a film into a <video> on the page; resolves to its duration once it has played a bit. */
  async playInVideo(path: string, mime: string): Promise<number> {
    const base64 = readFileSync(path).toString("base64");
    return this.page.evaluate(
      async ({ base64, mime }) => {
        const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
        const video = document.createElement("video");
        video.muted = true;
        video.src = URL.createObjectURL(new Blob([bytes], { type: mime }));
        document.body.append(video);
        try {
          await new Promise<void>((resolve, reject) => {
            video.onloadedmetadata = () => resolve();
            video.onerror = () =>
              reject(new Error(`the video does not load: ${video.error?.message ?? ""}`));
          });
          await video.play();
          await new Promise<void>(resolve => {
            const check = () =>
              video.currentTime > 0.2 ? resolve() : requestAnimationFrame(check);
            check();
          });
          video.pause();
          return video.duration;
        } finally {
          URL.revokeObjectURL(video.src);
          video.remove();
        }
      },
      { base64, mime },
    );
  }
}
