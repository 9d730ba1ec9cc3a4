/**
 * Boot: open the database -> create the store -> restore the project in the URL -> render ->
 * register the service worker. Restoring before the first render means a reload shows the project
 * at once, and autosave cannot write before the restore finished.
 */
import { render } from "solid-js/web";
import { makeId } from "@milimo/shared/schema";
import { makeApiClient } from "./api/client";
import { App } from "./app/App";
import { parseRoute } from "./app/routes";
import { StudioProvider } from "./app/StudioProvider";
import { StudioDB } from "./db/studio-db";
// Emits the ONNX Runtime WASM files into the build so the service worker precaches them.
import "./pwa/ort-assets";
import { registerServiceWorker } from "./pwa/register-sw";
import { createStudioStore, type StudioStore } from "./store/create-studio-store";
import { probeMediaInBrowser } from "./ui/library/probe-media";
import "./styles/app.css";

/** How often the header re-checks the GPU server, in ms. */
const HEALTH_POLL_MS = 15_000;

declare global {
  interface Window {
    /** Test-only handle, compiled in for e2e builds (VITE_E2E=1). */
    __studio?: StudioStore;
  }
}

function installLifecycle(store: StudioStore): void {
  const { state, actions } = store;
  const flush = () => {
    // pagehide/hidden may be the last chance to write; failures stay visible in the banner.
    actions.project.save().catch(() => undefined);
  };
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") flush();
  });
  window.addEventListener("beforeunload", event => {
    // Only when writes are failing: leaving would lose edits that exist only in this tab.
    if (state.ui.save.state === "error") event.preventDefault();
  });

  const check = () => {
    if (navigator.onLine) void actions.server.checkHealth();
  };
  window.addEventListener("online", () => {
    actions.server.setOnline(true);
    check();
  });
  window.addEventListener("offline", () => actions.server.setOnline(false));
  setInterval(check, HEALTH_POLL_MS);
  actions.server
    .loadConfig()
    .catch(() => undefined)
    .finally(check);
  void actions.project.initStorage();
}

async function boot(root: HTMLElement): Promise<void> {
  const db = new StudioDB();
  const store = createStudioStore({
    db,
    api: makeApiClient(),
    now: () => Date.now(),
    newId: makeId,
    probeMedia: probeMediaInBrowser,
  });
  if (import.meta.env.VITE_E2E === "1") window.__studio = store;
  store.actions.jobs.start();

  const route = parseRoute(location.hash);
  if (route.name === "project") {
    // A failure here is shown by the app (status "missing" or a toast), not thrown at boot.
    await store.actions.project
      .open(route.projectId)
      .catch((error: unknown) => store.actions.ui.notifyError(error));
  }

  const sw = registerServiceWorker({
    onUpdateReady: () => store.actions.ui.setUpdateAvailable(true),
  });
  render(
    () => (
      <StudioProvider store={store}>
        <App onReloadForUpdate={() => sw?.applyUpdate()} />
      </StudioProvider>
    ),
    root,
  );
  installLifecycle(store);
}

const root = document.getElementById("root");
if (root) void boot(root);
