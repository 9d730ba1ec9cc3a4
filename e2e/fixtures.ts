/**
 * Playwright fixtures: page objects per test (tldraw style) and test media made once per worker.
 * Every test gets Playwright's fresh browser context, so IndexedDB and the service worker start
 * empty; `freshContext` opens a second, independent profile (e.g. to import a project file).
 */
import { test as base, type BrowserContext, type Page } from "@playwright/test";
import { makeTestMedia, type TestMedia } from "./media";
import { ElementsPage } from "./pages/elements";
import { ImagesPage } from "./pages/images";
import { InspectorPage } from "./pages/inspector";
import { MaskingPage } from "./pages/masking";
import { JobsPage } from "./pages/jobs";
import { LibraryPage } from "./pages/library";
import { PlayerPage } from "./pages/player";
import { ProjectsPage, StudioPage } from "./pages/project";
import { StoryboardPage } from "./pages/storyboard";
import { TimelinePage } from "./pages/timeline";

export interface StudioFixtures {
  projects: ProjectsPage;
  studio: StudioPage;
  library: LibraryPage;
  elements: ElementsPage;
  jobs: JobsPage;
  storyboard: StoryboardPage;
  timeline: TimelinePage;
  player: PlayerPage;
  inspector: InspectorPage;
  masking: MaskingPage;
  images: ImagesPage;
  /** Opens another browser profile with its own IndexedDB; closed after the test. */
  freshContext: () => Promise<{ context: BrowserContext; page: Page }>;
}

export const test = base.extend<StudioFixtures, { media: TestMedia }>({
  media: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await use(makeTestMedia());
    },
    { scope: "worker" },
  ],
  projects: async ({ page }, use) => use(new ProjectsPage(page)),
  studio: async ({ page }, use) => use(new StudioPage(page)),
  library: async ({ page }, use) => use(new LibraryPage(page)),
  elements: async ({ page }, use) => use(new ElementsPage(page)),
  jobs: async ({ page }, use) => use(new JobsPage(page)),
  storyboard: async ({ page }, use) => use(new StoryboardPage(page)),
  timeline: async ({ page }, use) => use(new TimelinePage(page)),
  player: async ({ page }, use) => use(new PlayerPage(page)),
  inspector: async ({ page }, use) => use(new InspectorPage(page)),
  masking: async ({ page }, use) => use(new MaskingPage(page)),
  images: async ({ page }, use) => use(new ImagesPage(page)),
  freshContext: async ({ browser }, use) => {
    const opened: BrowserContext[] = [];
    await use(async () => {
      const context = await browser.newContext();
      opened.push(context);
      return { context, page: await context.newPage() };
    });
    await Promise.all(opened.map(context => context.close()));
  },
});

export { expect } from "@playwright/test";
