import { afterEach, describe, expect, it } from "vitest";
import { render } from "solid-js/web";
import { makeTimeline, makeTimelineItem } from "@milimo/shared/schema";
import { StudioProvider } from "../../app/StudioProvider";
import { makeTestStudio, type TestStudio } from "../../store/test-studio-store";
import { Inspector } from "./Inspector";

let studio: TestStudio;
let container: HTMLDivElement;
let unmount: () => void = () => undefined;

afterEach(() => {
  unmount();
  container?.remove();
  studio?.dispose();
});

async function mountWithShotClip() {
  studio = makeTestStudio();
  const projectId = await studio.actions.project.create({ name: "Insp" });
  await studio.actions.project.open(projectId);
  const shotId = studio.actions.shot.add({ prompt: "a lighthouse" });
  studio.actions.track.load(
    makeTimeline({
      items: [makeTimelineItem({ id: "clip", shotId, track: "V2", sourceFrames: 121 })],
    }),
  );
  studio.actions.track.select({ itemIds: ["clip"] });
  container = document.createElement("div");
  document.body.append(container);
  unmount = render(
    () => (
      <StudioProvider store={studio}>
        <Inspector />
      </StudioProvider>
    ),
    container,
  );
  return shotId;
}

function commit(key: string, value: string) {
  const field = container.querySelector<HTMLInputElement | HTMLTextAreaElement>(
    `[data-testid="field-${key}"]`,
  )!;
  field.value = value;
  field.dispatchEvent(new Event("change", { bubbles: true }));
}
const errorText = (key: string) =>
  container.querySelector(`[data-testid="error-${key}"]`)?.textContent ?? null;

describe("<Inspector>", () => {
  it("edits the selected clip's shot, refusing invalid values with the schema's words", async () => {
    const shotId = await mountWithShotClip();
    commit("numFrames", "10");
    expect(errorText("numFrames")).toBe("Frames must be between 25 and 1200");
    expect(studio.state.shots.byId[shotId]?.numFrames).toBe(121);

    commit("numFrames", "97");
    expect(errorText("numFrames")).toBeNull();
    expect(studio.state.shots.byId[shotId]?.numFrames).toBe(97);

    commit("prompt", "a lighthouse in a storm");
    expect(studio.state.shots.byId[shotId]?.prompt).toBe("a lighthouse in a storm");
  });

  it("edits the clip's own properties; trims must leave a frame", async () => {
    await mountWithShotClip();
    commit("opacity", "0.4");
    expect(studio.state.tracks.timeline.items[0]?.opacity).toBe(0.4);
    commit("trimIn", "121");
    expect(errorText("trimIn")).toMatch(/at least 1/);
    expect(studio.state.tracks.timeline.items[0]?.trimIn).toBe(0);
    studio.actions.history.undo();
    expect(studio.state.tracks.timeline.items[0]?.opacity).toBe(1);
  });

  it("turns prompt enhancement on and off for the shot (off by default, undoable)", async () => {
    const shotId = await mountWithShotClip();
    const box = container.querySelector<HTMLInputElement>('[data-testid="field-enhancePrompt"]')!;
    expect(box.checked).toBe(false);
    box.checked = true;
    box.dispatchEvent(new Event("change", { bubbles: true }));
    expect(studio.state.shots.byId[shotId]?.enhancePrompt).toBe(true);
    studio.actions.history.undo();
    expect(studio.state.shots.byId[shotId]?.enhancePrompt).toBe(false);
  });

  it("says what to do when nothing is selected", async () => {
    await mountWithShotClip();
    studio.actions.track.select({ itemIds: [] });
    expect(container.querySelector('[data-testid="inspector-empty"]')).not.toBeNull();
  });
});
