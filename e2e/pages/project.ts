/** Page objects for the project list and the open project's header (W1). */
import { expect, type Download, type Locator, type Page } from "@playwright/test";

export interface NewProjectFields {
  name: string;
}

/** Plain copy of the open document, as the test hook reads it (dates that change on open dropped). */
export type DocumentSnapshot = Record<string, unknown>;

/** The parts of the e2e-only `window.__studio` handle (VITE_E2E=1 builds) W1's specs use. */
export interface StudioHook {
  readDocument(): { project: Record<string, unknown> } | null;
  state: {
    project: { media: { order: string[]; byId: Record<string, unknown> } };
    tracks: { timeline: { items: { id: string; track: string; mediaId: string | null }[] } };
    ui: { save: { state: string } };
  };
  actions: {
    project: { update(patch: Record<string, unknown>): { ok: boolean } };
  };
}

export class ProjectsPage {
  constructor(readonly page: Page) {}

  /** Opens the project list. */
  async goto(): Promise<void> {
    await this.page.goto("/#/");
    await expect(this.page.getByTestId("project-manager")).toBeVisible();
  }

  rows(): Locator {
    return this.page.getByTestId("project-row");
  }

  row(name: string): Locator {
    return this.rows().filter({
      has: this.page.getByTestId("project-row-name").getByText(name, { exact: true }),
    });
  }

  /** Names in list order (most recently opened first). */
  async names(): Promise<string[]> {
    return this.page.getByTestId("project-row-name").allTextContents();
  }

  /** Creates a project from the list and waits for the studio to open it. */
  async create({ name }: NewProjectFields): Promise<StudioPage> {
    await this.page.getByTestId("new-project").click();
    const dialog = this.page.getByTestId("new-project-dialog");
    await dialog.getByTestId("new-project-name").fill(name);
    await dialog.getByTestId("create-project").click();
    const studio = new StudioPage(this.page);
    await studio.waitOpen(name);
    return studio;
  }

  async open(name: string): Promise<StudioPage> {
    await this.row(name).getByTestId("open-project").click();
    const studio = new StudioPage(this.page);
    await studio.waitOpen(name);
    return studio;
  }

  async rename(name: string, next: string): Promise<void> {
    // Pin the row by id: while renaming, its name is an input and the name filter no longer matches.
    const id = await this.row(name).getAttribute("data-project-id");
    const row = this.page.locator(`[data-testid="project-row"][data-project-id="${id}"]`);
    await row.getByTestId("rename-project").click();
    await row.getByTestId("rename-input").fill(next);
    await row.getByTestId("rename-input").press("Enter");
    await expect(this.row(next)).toBeVisible();
  }

  async duplicate(name: string): Promise<void> {
    await this.row(name).getByTestId("duplicate-project").click();
    await expect(this.row(`${name} copy`)).toBeVisible();
  }

  /** Deletes through the confirmation dialog. */
  async delete(name: string): Promise<void> {
    await this.row(name).getByTestId("delete-project").click();
    const dialog = this.page.getByTestId("confirm-dialog");
    await expect(dialog).toBeVisible();
    await dialog.getByTestId("confirm-button").click();
    await expect(this.row(name)).toHaveCount(0);
  }

  /** Imports a project file through the list's file input; the studio opens it. */
  async importFile(path: string): Promise<void> {
    await this.page.getByTestId("import-project-input").setInputFiles(path);
  }
}

export class StudioPage {
  constructor(readonly page: Page) {}

  root(): Locator {
    return this.page.getByTestId("studio");
  }

  async waitOpen(name?: string): Promise<void> {
    await expect(this.root()).toBeVisible();
    if (name !== undefined) await expect(this.page.getByTestId("project-name")).toHaveValue(name);
  }

  /** The open project's id from the URL. */
  projectId(): string {
    const match = /#\/project\/([^/?#]+)/.exec(this.page.url());
    if (!match?.[1]) throw new Error(`no project in ${this.page.url()}`);
    return decodeURIComponent(match[1]);
  }

  async rename(name: string): Promise<void> {
    const input = this.page.getByTestId("project-name");
    await input.fill(name);
    await input.press("Enter");
    await expect(input).toHaveValue(name);
  }

  saveStatus(): Locator {
    return this.page.getByTestId("save-status");
  }

  /** Waits until autosave reports everything written. */
  async waitSaved(): Promise<void> {
    await expect(this.saveStatus()).toHaveAttribute("data-state", "saved");
  }

  /** Ctrl+S: saves at once and says "Saved". */
  async saveNow(): Promise<void> {
    await this.page.keyboard.press("Control+s");
    await expect(this.page.getByTestId("toast").filter({ hasText: "Saved" }).first()).toBeVisible();
  }

  async undo(): Promise<void> {
    await this.page.keyboard.press("Control+z");
  }

  async redo(): Promise<void> {
    await this.page.keyboard.press("Control+Shift+z");
  }

  serverIndicator(): Locator {
    return this.page.getByTestId("server-indicator");
  }

  /** Exports from the header; resolves with the download. */
  async exportProject(): Promise<Download> {
    const download = this.page.waitForEvent("download");
    await this.page.getByTestId("export-project").click();
    return download;
  }

  async backToProjects(): Promise<ProjectsPage> {
    await this.page.getByTestId("back-to-projects").click();
    await expect(this.page.getByTestId("project-manager")).toBeVisible();
    return new ProjectsPage(this.page);
  }

  /**
   * The open document through the e2e-only hook, without fields that change by merely opening
   * (lastOpenedAt, updatedAt). Includes media metadata.
   */
  async snapshot(): Promise<DocumentSnapshot> {
    return this.page.evaluate(() => {
      const studio = (window as unknown as { __studio?: StudioHook }).__studio;
      if (!studio) throw new Error("window.__studio is missing: build with VITE_E2E=1");
      const doc = JSON.parse(JSON.stringify(studio.readDocument())) as {
        project: Record<string, unknown>;
      } | null;
      if (!doc) return {};
      delete doc.project.lastOpenedAt;
      delete doc.project.updatedAt;
      const media = studio.state.project.media;
      return {
        ...doc,
        media: JSON.parse(JSON.stringify(media.order.map(id => media.byId[id]))) as unknown,
      };
    });
  }
}
