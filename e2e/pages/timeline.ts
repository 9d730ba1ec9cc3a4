/** Page object for the timeline (W2): clips, trim handles, drags, ruler, zoom, keys. */
import { expect, type Locator, type Page } from "@playwright/test";

export type TrackId = "V1" | "V2" | "A1";

/** What the timeline shows for one clip, read from the DOM. */
export interface ClipView {
  id: string;
  track: TrackId;
  startFrame: number;
  durationFrames: number;
}

/** The e2e-only `window.__studio` parts these page objects read. */
interface TimelineHook {
  readDocument(): { timeline: unknown } | null;
  actions: { track: { select(args: { itemIds: string[] }): void } };
}

export class TimelinePage {
  constructor(readonly page: Page) {}

  root(): Locator {
    return this.page.getByTestId("timeline");
  }

  lane(track: TrackId): Locator {
    return this.page.getByTestId(`track-lane-${track}`);
  }

  clips(track?: TrackId): Locator {
    const all = this.page.getByTestId("timeline-clip");
    return track ? all.and(this.page.locator(`[data-track="${track}"]`)) : all;
  }

  clip(id: string): Locator {
    return this.page.locator(`[data-testid="timeline-clip"][data-item-id="${id}"]`);
  }

  /** Every rendered clip, per track in timeline order. */
  async clipViews(track?: TrackId): Promise<ClipView[]> {
    const views = await this.clips(track).evaluateAll(els =>
      els.map(el => ({
        id: el.getAttribute("data-item-id") ?? "",
        track: el.getAttribute("data-track") as "V1" | "V2" | "A1",
        startFrame: Number(el.getAttribute("data-start-frame")),
        durationFrames: Number(el.getAttribute("data-duration-frames")),
      })),
    );
    return views.sort((a, b) => a.track.localeCompare(b.track) || a.startFrame - b.startFrame);
  }

  /** Ids of the V1 clips in play order. */
  async v1Order(): Promise<string[]> {
    return (await this.clipViews("V1")).map(c => c.id);
  }

  /** The timeline document through the e2e hook (what autosave writes). */
  async document(): Promise<unknown> {
    return this.page.evaluate(() => {
      const studio = (window as unknown as { __studio?: TimelineHook }).__studio;
      if (!studio) throw new Error("window.__studio is missing: build with VITE_E2E=1");
      return JSON.parse(JSON.stringify(studio.readDocument()?.timeline ?? null)) as unknown;
    });
  }

  /** CSS pixels per frame at the current zoom. */
  async pxPerFrame(): Promise<number> {
    const root = this.root();
    const pxPerSecond = Number(await root.getAttribute("data-px-per-second"));
    const fps = Number(await root.getAttribute("data-fps"));
    return pxPerSecond / fps;
  }

  /** Zooms with Ctrl+wheel over the lanes; positive `notches` zoom in (x1.1 each). */
  async zoomBy(notches: number): Promise<void> {
    const box = await this.lane("V1").boundingBox();
    if (!box) throw new Error("timeline not visible");
    await this.page.mouse.move(box.x + 20, box.y + box.height / 2);
    await this.page.keyboard.down("Control");
    for (let k = 0; k < Math.abs(notches); k += 1) {
      await this.page.mouse.wheel(0, notches > 0 ? -100 : 100);
    }
    await this.page.keyboard.up("Control");
  }

  playhead(): Locator {
    return this.page.getByTestId("playhead");
  }

  async playheadFrame(): Promise<number> {
    return Number(await this.playhead().getAttribute("data-frame"));
  }

  /** Clicks the ruler at `frame` (scrubbing) and waits for the playhead to get there. */
  async scrubTo(frame: number): Promise<void> {
    const ruler = this.page.getByTestId("timeline-ruler");
    const box = await ruler.boundingBox();
    if (!box) throw new Error("ruler not visible");
    // The ruler scrolls with the clips, so its own x is the frame's position at this zoom.
    const x = (frame + 0.25) * (await this.pxPerFrame());
    await ruler.click({ position: { x, y: box.height / 2 } });
    await expect(this.playhead()).toHaveAttribute("data-frame", String(frame));
  }

  /** Scrolls the timeline until the clip is rendered (clips outside the view are virtualised). */
  async reveal(id: string): Promise<void> {
    const scroller = this.page.getByTestId("timeline-scroller");
    await scroller.evaluate(el => (el.scrollLeft = 0));
    for (let page = 0; page < 200 && (await this.clip(id).count()) === 0; page += 1) {
      const moved = await scroller.evaluate(el => {
        const before = el.scrollLeft;
        el.scrollLeft += el.clientWidth * 0.8;
        return el.scrollLeft !== before;
      });
      if (!moved) break;
      await this.page.waitForTimeout(50);
    }
    await this.clip(id).scrollIntoViewIfNeeded();
  }

  /** Selects a clip by clicking it (a press under 5 px of movement). */
  async select(id: string): Promise<void> {
    await this.reveal(id);
    await this.clip(id).click({ position: { x: 12, y: 30 } });
    await expect(this.clip(id)).toHaveAttribute("data-selected", "true");
  }

  /** Drags a trim handle by `deltaFrames` (positive = right) in several pointer moves. */
  async trim(id: string, edge: "in" | "out", deltaFrames: number): Promise<void> {
    const handle = this.clip(id).getByTestId(edge === "in" ? "trim-in" : "trim-out");
    const box = await handle.boundingBox();
    if (!box) throw new Error(`trim handle of ${id} not visible`);
    const dx = deltaFrames * (await this.pxPerFrame());
    await this.drag({ x: box.x + box.width / 2, y: box.y + box.height / 2 }, dx, 0);
  }

  /** Drags a clip's body by `deltaFrames`, optionally down/up onto another lane. */
  async move(
    id: string,
    deltaFrames: number,
    { toTrack }: { toTrack?: TrackId } = {},
  ): Promise<void> {
    const box = await this.clip(id).boundingBox();
    if (!box) throw new Error(`clip ${id} not visible`);
    const from = { x: box.x + Math.min(box.width / 2, 30), y: box.y + box.height / 2 };
    let dy = 0;
    if (toTrack) {
      const lane = await this.lane(toTrack).boundingBox();
      if (!lane) throw new Error(`lane ${toTrack} not visible`);
      dy = lane.y + lane.height / 2 - from.y;
    }
    await this.drag(from, deltaFrames * (await this.pxPerFrame()), dy);
  }

  private async drag(from: { x: number; y: number }, dx: number, dy: number): Promise<void> {
    await this.page.mouse.move(from.x, from.y);
    await this.page.mouse.down();
    await this.page.mouse.move(from.x + dx, from.y + dy, { steps: 12 });
    await this.page.mouse.up();
  }

  /** S: split at the playhead. */
  async splitAtPlayhead(): Promise<void> {
    await this.page.keyboard.press("s");
  }

  /** Delete: ripple-delete the selection. */
  async deleteSelection(): Promise<void> {
    await this.page.keyboard.press("Delete");
  }

  /** Markers on the ruler. */
  markers(): Locator {
    return this.page.getByTestId("timeline-marker");
  }

  marker(frame: number): Locator {
    return this.page.locator(`[data-testid="timeline-marker"][data-frame="${frame}"]`);
  }

  /** Frames of every marker, left to right. */
  async markerFrames(): Promise<number[]> {
    return this.markers().evaluateAll(els => els.map(el => Number(el.getAttribute("data-frame"))));
  }

  /** M: adds a marker at the playhead. */
  async addMarker(): Promise<void> {
    await this.page.keyboard.press("m");
  }

  /** Removes a marker through its context menu (right-click, "Remove marker"). */
  async removeMarker(frame: number): Promise<void> {
    await this.marker(frame).click({ button: "right" });
    await this.page.getByTestId("marker-remove").click();
    await expect(this.marker(frame)).toHaveCount(0);
  }

  /** Toggles a track's hidden/muted/locked switch in its header. */
  async toggleTrack(track: TrackId, flag: "hidden" | "muted" | "locked"): Promise<void> {
    await this.page.getByTestId(`track-${track}-${flag}`).click();
  }
}
