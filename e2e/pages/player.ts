/** Page object for the player (W2): transport, picture layers, the video that follows the clock. */
import type { Locator, Page } from "@playwright/test";

export class PlayerPage {
  constructor(readonly page: Page) {}

  root(): Locator {
    return this.page.getByTestId("player");
  }

  playButton(): Locator {
    return this.page.getByTestId("player-play");
  }

  /** Whether the transport says it is playing (its button offers Pause). */
  async isPlaying(): Promise<boolean> {
    return (await this.playButton().getAttribute("aria-label")) === "Pause";
  }

  async togglePlay(): Promise<void> {
    await this.playButton().click();
  }

  video(track: "V1" | "V2" = "V1"): Locator {
    return this.page.getByTestId(`player-video-${track}`);
  }

  image(track: "V1" | "V2" = "V1"): Locator {
    return this.page.getByTestId(`player-image-${track}`);
  }

  /** The <video> element's current time in seconds. */
  async videoTime(track: "V1" | "V2" = "V1"): Promise<number> {
    return this.video(track).evaluate(el => (el as HTMLVideoElement).currentTime);
  }

  /** Whether the <video> element is paused. */
  async videoPaused(track: "V1" | "V2" = "V1"): Promise<boolean> {
    return this.video(track).evaluate(el => (el as HTMLVideoElement).paused);
  }

  timecode(): Locator {
    return this.page.getByTestId("player-timecode");
  }

  /** The progress card of the shot generating under the playhead. */
  shotProgress(): Locator {
    return this.page.getByTestId("player-shot-progress");
  }
}
