import { afterEach, describe, expect, it, vi } from "vitest";
import { render } from "solid-js/web";
import { makeTimeline, makeTimelineItem } from "@milimo/shared/schema";
import { StudioProvider } from "../../app/StudioProvider";
import { progressEvent } from "../../jobs/test-jobs";
import { makeTestStudio, type TestStudio } from "../../store/test-studio-store";
import { Player } from "./Player";

let studio: TestStudio;
let container: HTMLDivElement;
let unmount: () => void = () => undefined;

afterEach(() => {
  unmount();
  container?.remove();
  studio?.dispose();
});

/** A player over V1: a 50-frame clip of shot A (generating) then a 50-frame clip of shot B (draft). */
async function mountWithShots() {
  studio = makeTestStudio();
  const projectId = await studio.actions.project.create({ name: "Player" });
  await studio.actions.project.open(projectId);
  const a = studio.actions.shot.add({ prompt: "a lighthouse at dusk" });
  const b = studio.actions.shot.add({ prompt: "waves" });
  studio.actions.shot.update(a, { status: "generating", lastJobId: "job-a", seed: 7 });
  studio.actions.track.load(
    makeTimeline({
      items: [
        makeTimelineItem({ id: "ca", shotId: a, sourceFrames: 50 }),
        makeTimelineItem({ id: "cb", shotId: b, sourceFrames: 50 }),
      ],
    }),
  );
  container = document.createElement("div");
  document.body.append(container);
  unmount = render(
    () => (
      <StudioProvider store={studio}>
        <Player />
      </StudioProvider>
    ),
    container,
  );
  return { a, b };
}

const card = () => container.querySelector<HTMLElement>('[data-testid="player-shot-progress"]');
const text = (testId: string) =>
  container.querySelector(`[data-testid="${testId}"]`)?.textContent ?? null;

describe("<Player> while a shot generates", () => {
  it("shows the job's progress bar, message and ETA for the shot under the playhead", async () => {
    const { a } = await mountWithShots();
    expect(card()?.dataset.shotId).toBe(a);
    expect(text("player-shot-output")).toBe("768×512 · 25 fps · 121 frames · seed 7");
    // No job known yet: it says so instead of showing an empty bar.
    expect(container.querySelector('[data-testid="job-progress"]')).toBeNull();

    studio.actions.jobs.applyEvent(progressEvent({ id: 1, jobId: "job-a", step: 3, total: 8 }));
    const bar = container.querySelector('[data-testid="job-progress-bar"]');
    expect(bar?.getAttribute("aria-valuenow")).toBe("38");
    expect(text("job-message")).toBe("Denoising step 3/8");
    expect(text("job-eta")).toContain("5 s left");

    studio.actions.jobs.applyEvent(progressEvent({ id: 2, jobId: "job-a", step: 6, total: 8 }));
    expect(bar?.getAttribute("aria-valuenow")).toBe("75");
  });

  it("hides the card when the playhead moves to a shot that is not generating, or it finishes", async () => {
    const { a } = await mountWithShots();
    studio.actions.playback.seek(60);
    expect(card()).toBeNull();
    expect(text("player-placeholder-status-V1")).toBe("Not generated yet");
    studio.actions.playback.seek(10);
    expect(card()).not.toBeNull();
    studio.actions.shot.update(a, {
      status: "failed",
      error: { code: "X", message: "Out of memory" },
    });
    expect(card()).toBeNull();
    expect(text("player-placeholder-status-V1")).toBe("Out of memory");
  });
});

describe("<Player> masking", () => {
  it("offers the Mask toggle over a V1 clip with a picture, not over a shot without media", async () => {
    await mountWithShots();
    const toggle = () => container.querySelector('[data-testid="masking-toggle"]');
    expect(toggle()).toBeNull();

    const project = studio.state.project.current!;
    await studio.actions.project.addMedia({
      media: {
        id: "pic",
        projectId: project.id,
        kind: "image",
        name: "still.png",
        mime: "image/png",
        bytes: 4,
        durationFrames: null,
        width: 64,
        height: 48,
        createdAt: new Date(0).toISOString(),
        source: "import",
      },
      blob: new Blob([new Uint8Array(4)], { type: "image/png" }),
    });
    studio.actions.shot.useMediaVersion({ itemId: "ca", mediaId: "pic" });
    expect(toggle()?.textContent).toBe("Mask");
    expect(toggle()?.getAttribute("aria-pressed")).toBe("false");

    studio.actions.playback.seek(60);
    expect(toggle()).toBeNull();
  });

  it("loads every tracked object of the clip again after a reload of the project", async () => {
    await mountWithShots();
    const project = studio.state.project.current!;
    await studio.actions.project.addMedia({
      media: {
        id: "pic",
        projectId: project.id,
        kind: "image",
        name: "still.png",
        mime: "image/png",
        bytes: 4,
        durationFrames: null,
        width: 4,
        height: 1,
        createdAt: new Date(0).toISOString(),
        source: "import",
      },
      blob: new Blob([new Uint8Array(4)], { type: "image/png" }),
    });
    studio.actions.shot.useMediaVersion({ itemId: "ca", mediaId: "pic" });
    const mask = { data: Uint8Array.from([0, 255, 255, 0]), width: 4, height: 1 };
    // Frames away from the playhead (0), so nothing is drawn: happy-dom has no decoder worker.
    const masks = new Map([5, 6, 7].map(frame => [frame, mask]));
    await studio.actions.mask.addTracked({ itemId: "ca", mediaId: "pic", masks, keyframe: 5 });
    await studio.actions.mask.addTracked({
      itemId: "ca",
      mediaId: "pic",
      masks: new Map([[9, mask]]),
      keyframe: 9,
    });
    await studio.actions.project.save();
    unmount();
    studio.dispose();

    // A fresh studio on the same database: only the document knows about the masks.
    studio = makeTestStudio({ db: studio.db });
    await studio.actions.project.open(project.id);
    unmount = render(
      () => (
        <StudioProvider store={studio}>
          <Player />
        </StudioProvider>
      ),
      container,
    );
    const masking = () => container.querySelector<HTMLElement>('[data-testid="player-masking"]');
    await vi.waitFor(() => expect(masking()?.dataset.trackedFrames).toBe("3"));
    expect(masking()?.dataset.trackedObjects).toBe("2");
  });
});
