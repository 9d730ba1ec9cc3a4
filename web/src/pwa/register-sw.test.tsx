import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { render } from "solid-js/web";
import { StudioProvider } from "../app/StudioProvider";
import { makeTestStudio, type TestStudio } from "../store/test-studio-store";
import { UpdatePrompt } from "../ui/common/UpdatePrompt";
import { registerServiceWorker } from "./register-sw";

/** The last Workbox the code under test made: fires events the way workbox-window does. */
const fake = vi.hoisted(() => {
  class FakeWorkbox {
    static last: FakeWorkbox | undefined;
    readonly listeners = new Map<string, (() => void)[]>();
    readonly messageSkipWaiting = vi.fn();
    readonly register = vi.fn(() => Promise.resolve(undefined));
    constructor(readonly url: string) {
      FakeWorkbox.last = this;
    }
    addEventListener(type: string, listener: () => void): void {
      this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
    }
    emit(type: string): void {
      for (const listener of this.listeners.get(type) ?? []) listener();
    }
  }
  return { FakeWorkbox };
});

vi.mock("workbox-window", () => ({ Workbox: fake.FakeWorkbox }));

let studio: TestStudio | undefined;
let container: HTMLDivElement | undefined;
let unmount: () => void = () => undefined;

beforeEach(() => {
  fake.FakeWorkbox.last = undefined;
  vi.stubEnv("PROD", true);
  Object.defineProperty(navigator, "serviceWorker", { value: {}, configurable: true });
});

afterEach(() => {
  unmount();
  container?.remove();
  studio?.dispose();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  Reflect.deleteProperty(navigator, "serviceWorker");
});

/** Wires registration and the prompt the way main.tsx does. */
function mountStudioWithServiceWorker() {
  studio = makeTestStudio();
  const store = studio;
  const sw = registerServiceWorker({
    onUpdateReady: () => store.actions.ui.setUpdateAvailable(true),
  });
  container = document.createElement("div");
  document.body.append(container);
  unmount = render(
    () => (
      <StudioProvider store={store}>
        <UpdatePrompt onReload={() => sw?.applyUpdate()} />
      </StudioProvider>
    ),
    container,
  );
  const workbox = fake.FakeWorkbox.last;
  if (!workbox) throw new Error("registerServiceWorker made no Workbox");
  return workbox;
}

const prompt = () => container?.querySelector<HTMLElement>('[data-testid="update-prompt"]');

describe("service worker update prompt", () => {
  it("shows once a new worker waits; Reload skips waiting, then reloads when it takes control", async () => {
    const reload = vi.spyOn(window.location, "reload").mockImplementation(() => undefined);
    const workbox = mountStudioWithServiceWorker();
    expect(workbox.register).toHaveBeenCalled();
    expect(prompt()).toBeNull();

    workbox.emit("waiting");
    expect(prompt()?.textContent).toContain("Update available");

    const button = [...prompt()!.querySelectorAll("button")].find(b => b.textContent === "Reload");
    button!.click();
    // The prompt saves the project first, then applies the update.
    await vi.waitFor(() => expect(workbox.messageSkipWaiting).toHaveBeenCalledTimes(1));
    expect(reload).not.toHaveBeenCalled();

    workbox.emit("controlling");
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it("registers nothing in development builds", () => {
    vi.stubEnv("PROD", false);
    expect(registerServiceWorker({ onUpdateReady: () => undefined })).toBeNull();
    expect(fake.FakeWorkbox.last).toBeUndefined();
  });
});
