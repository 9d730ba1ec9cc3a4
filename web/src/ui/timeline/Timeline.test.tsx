import { afterEach, describe, expect, it } from "vitest";
import { render } from "solid-js/web";
import { makeTimeline, makeTimelineItem } from "@milimo/shared/schema";
import { StudioProvider } from "../../app/StudioProvider";
import { makeTestStudio, type TestStudio } from "../../store/test-studio-store";
import { Timeline } from "./Timeline";

let studio: TestStudio;
let container: HTMLDivElement;
let unmount: () => void = () => undefined;

afterEach(() => {
  unmount();
  container?.remove();
  studio?.dispose();
});

function mount(items = 1000): TestStudio {
  studio = makeTestStudio();
  studio.actions.track.load(
    makeTimeline({
      items: [
        ...Array.from({ length: items }, (_, k) =>
          makeTimelineItem({ id: `c${k}`, sourceFrames: 25 }),
        ),
        makeTimelineItem({ id: "over", track: "V2", sourceFrames: 50, startFrame: 10 }),
      ],
    }),
  );
  container = document.createElement("div");
  document.body.append(container);
  unmount = render(
    () => (
      <StudioProvider store={studio}>
        <Timeline />
      </StudioProvider>
    ),
    container,
  );
  return studio;
}

const clips = (track: string) =>
  container.querySelectorAll(`[data-testid="timeline-clip"][data-track="${track}"]`);
const clipEl = (id: string) => container.querySelector<HTMLElement>(`[data-item-id="${id}"]`)!;

function pointer(type: string, target: EventTarget, clientX: number) {
  target.dispatchEvent(
    new PointerEvent(type, {
      bubbles: true,
      cancelable: true,
      clientX,
      clientY: 5,
      button: 0,
      pointerId: 1,
    }),
  );
}

describe("<Timeline>", () => {
  it("renders only the clips near the viewport of a 1,000-clip project", () => {
    mount(1000);
    const rendered = clips("V1").length;
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(200);
    // Clips sit at their layout position: clip 3 starts at frame 75 = 60 px at 20 px/s, 25 fps.
    expect(clipEl("c3").style.transform).toBe("translateX(60px)");
  });

  it("a drag of many pointer moves is one undo entry; a tiny move is a click that selects", () => {
    const { actions, state } = mount(5);
    const over = clipEl("over");
    pointer("pointerdown", over, 100);
    pointer("pointermove", window, 102); // under 5 px: still a click
    pointer("pointerup", window, 102);
    expect(state.playback.selection).toEqual(["over"]);
    expect(actions.history.canUndo()).toBe(false);

    pointer("pointerdown", over, 100);
    for (const x of [110, 130, 140]) pointer("pointermove", window, x); // 40 px = 50 frames
    // Start 60 is 10 frames (8 px < 15 px) from the V1 cut at 50: it snaps there, with a guide.
    expect(container.querySelector<HTMLElement>('[data-testid="snap-guide"]')?.dataset.frame).toBe(
      "50",
    );
    pointer("pointerup", window, 140);
    expect(container.querySelector('[data-testid="snap-guide"]')).toBeNull();
    expect(state.tracks.timeline.items.find(i => i.id === "over")?.startFrame).toBe(50);
    actions.history.undo();
    expect(state.tracks.timeline.items.find(i => i.id === "over")?.startFrame).toBe(10);
    expect(actions.history.canUndo()).toBe(false);
  });

  it("S splits at the playhead; Delete ripple-deletes the selection", () => {
    const { actions, state } = mount(3);
    actions.playback.seek(30);
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "s" }));
    expect(state.tracks.timeline.items.filter(i => i.track === "V1")).toHaveLength(4);
    actions.track.select({ itemIds: ["c0"] });
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "Delete" }));
    expect(state.tracks.timeline.items.filter(i => i.track === "V1").map(i => i.id)[0]).toBe("c1");
    expect(clips("V1")).toHaveLength(3);
  });

  it("a marker's context menu removes it (undoably); Delete on a focused marker removes only it", () => {
    const { actions, state } = mount(3);
    actions.track.addMarker({ frame: 20 });
    actions.track.addMarker({ frame: 40 });
    actions.track.select({ itemIds: ["c0"] });
    const marker = (frame: number) =>
      container.querySelector<HTMLElement>(
        `[data-testid="timeline-marker"][data-frame="${frame}"]`,
      );

    marker(20)!.click();
    expect(state.playback.frame).toBe(20);

    marker(20)!.dispatchEvent(
      new MouseEvent("contextmenu", { bubbles: true, cancelable: true, clientX: 30, clientY: 10 }),
    );
    const remove = document.querySelector<HTMLElement>('[data-testid="marker-remove"]')!;
    // A real click starts with a press; it must not reach the ruler (which would scrub).
    pointer("pointerdown", remove, 300);
    remove.click();
    expect(state.playback.frame).toBe(20);
    expect(state.tracks.timeline.markers).toEqual([40]);
    expect(document.querySelector('[data-testid="marker-menu"]')).toBeNull();
    expect(marker(20)).toBeNull();
    actions.history.undo();
    expect(state.tracks.timeline.markers).toEqual([20, 40]);

    marker(40)!.dispatchEvent(
      new KeyboardEvent("keydown", { key: "Delete", bubbles: true, cancelable: true }),
    );
    expect(state.tracks.timeline.markers).toEqual([20]);
    // The selected clip survived: the marker handled Delete before the editor's shortcut.
    expect(state.tracks.timeline.items.map(i => i.id)).toContain("c0");
  });
});
