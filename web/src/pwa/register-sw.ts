/**
 * Registers the service worker vite-plugin-pwa generates (it precaches the app shell and the ONNX
 * Runtime WASM files, so the studio opens offline). A new version waits until the user clicks
 * "Reload" (registerType "prompt"): replacing the code under an open project mid-edit is worse
 * than one click.
 */
import { Workbox } from "workbox-window";

export interface ServiceWorkerHandle {
  /** Activates the waiting worker and reloads the page once it controls it. */
  applyUpdate(): void;
}

/** Registers `sw.js` in production builds; null in dev or where service workers are unavailable. */
export function registerServiceWorker({
  onUpdateReady,
}: {
  onUpdateReady: () => void;
}): ServiceWorkerHandle | null {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return null;
  const base = import.meta.env.BASE_URL;
  const workbox = new Workbox(`${base}sw.js`, { scope: base });
  workbox.addEventListener("waiting", () => onUpdateReady());
  workbox.register().catch((error: unknown) => {
    // Offline support is lost, but the studio still works online; say so in the console only.
    // eslint-disable-next-line no-console
    console.warn("[studio] service worker registration failed", error);
  });
  return {
    applyUpdate() {
      workbox.addEventListener("controlling", () => window.location.reload());
      workbox.messageSkipWaiting();
    },
  };
}
