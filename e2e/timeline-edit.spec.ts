/**
 * Timeline editing journey (issue 5): create a project, import an image, a video and an audio
 * file, arrange them on V1/V2/A1, trim, split, reorder, undo, redo, edit in the inspector, reload:
 * everything exactly as left.
 */
import { expect, test } from "./fixtures";

test("arrange, trim, split, reorder, undo, redo, reload: the timeline is exactly as left", async ({
  projects,
  library,
  studio,
  timeline,
  inspector,
  media,
  page,
}) => {
  await projects.goto();
  await projects.create({ name: "Cutting Room" });
  await library.importFiles([media.image, media.video, media.audio]);

  // Arrange: video then still on V1 (magnetic), the still again on V2, the tone on A1.
  await library.dragToTrack("clip.webm", "V1");
  await library.dragToTrack("still.png", "V1", { x: 200 });
  await library.dragToTrack("still.png", "V2", { x: 140 });
  await library.dragToTrack("tone.wav", "A1", { x: 80 });
  await expect(timeline.clips("V1")).toHaveCount(2);
  await expect(timeline.clips("V2")).toHaveCount(1);
  await expect(timeline.clips("A1")).toHaveCount(1);

  // Media lengths at 25 fps: the 2 s video is 50 frames, a still 49, the 2 s tone 50.
  const [video, still] = await timeline.clipViews("V1");
  expect(video).toMatchObject({ startFrame: 0, durationFrames: 50 });
  expect(still).toMatchObject({ startFrame: 50, durationFrames: 49 });
  const [overlay] = await timeline.clipViews("V2");
  const [tone] = await timeline.clipViews("A1");
  expect(tone?.durationFrames).toBe(50);
  expect(overlay?.startFrame).toBeGreaterThan(0);

  // Zoom in (Ctrl+wheel) so handles are easy to grab: 20 px/s x 1.1^17 ~ 101 px/s.
  await timeline.zoomBy(17);
  await expect(timeline.root()).toHaveAttribute("data-px-per-second", /^10[01]\./);

  // Trim 10 frames off the video's tail: V1 ripples, the still now starts at 40.
  await timeline.trim(video!.id, "out", -10);
  expect(await timeline.clipViews("V1")).toMatchObject([
    { id: video!.id, startFrame: 0, durationFrames: 40 },
    { id: still!.id, startFrame: 40, durationFrames: 49 },
  ]);

  // Split the video at frame 20: two clips that play exactly as before.
  await timeline.scrubTo(20);
  await timeline.select(video!.id);
  await timeline.splitAtPlayhead();
  await expect(timeline.clips("V1")).toHaveCount(3);
  const [left, right, still2] = await timeline.clipViews("V1");
  expect([left, right, still2]).toMatchObject([
    { id: video!.id, startFrame: 0, durationFrames: 20 },
    { startFrame: 20, durationFrames: 20 },
    { id: still!.id, startFrame: 40, durationFrames: 49 },
  ]);

  // Reorder: drag the still left so its centre passes the right half's centre.
  await timeline.move(still!.id, -40);
  expect(await timeline.v1Order()).toEqual([left!.id, still!.id, right!.id]);
  const arranged = await timeline.clipViews();

  // One drag is one undo step; redo brings it back.
  await studio.undo();
  expect(await timeline.v1Order()).toEqual([left!.id, right!.id, still!.id]);
  await studio.undo(); // the split
  expect(await timeline.v1Order()).toEqual([video!.id, still!.id]);
  await studio.redo();
  await studio.redo();
  expect(await timeline.clipViews()).toEqual(arranged);

  // Inspector: a bad value is refused next to the field; a good one applies.
  await timeline.select(overlay!.id);
  await inspector.expectRefused("opacity", "1.5", "Opacity must be between 0 and 1");
  await inspector.set("opacity", "0.5");
  await expect(inspector.error("opacity")).toHaveCount(0);
  await timeline.select(tone!.id);
  await inspector.set("gain", "1.5");

  await studio.waitSaved();
  const documentBefore = await timeline.document();
  const viewsBefore = await timeline.clipViews();

  await page.reload();
  await studio.waitOpen("Cutting Room");
  await expect(timeline.clips("V1")).toHaveCount(3);
  expect(await timeline.document()).toEqual(documentBefore);
  expect(await timeline.clipViews()).toEqual(viewsBefore);
  const reloaded = (await timeline.document()) as {
    items: { id: string; opacity: number; gain: number }[];
  };
  expect(reloaded.items.find(i => i.id === overlay!.id)?.opacity).toBe(0.5);
  expect(reloaded.items.find(i => i.id === tone!.id)?.gain).toBe(1.5);
});

test("a locked track refuses drags, trims and deletes", async ({
  projects,
  library,
  timeline,
  media,
}) => {
  await projects.goto();
  await projects.create({ name: "Locked" });
  await library.importFiles([media.video]);
  await library.dragToTrack("clip.webm", "V1");
  await timeline.zoomBy(17);
  const before = await timeline.clipViews();
  await timeline.toggleTrack("V1", "locked");
  await timeline.trim(before[0]!.id, "out", -10);
  await timeline.select(before[0]!.id);
  await timeline.deleteSelection();
  expect(await timeline.clipViews()).toEqual(before);
});

test("markers: add at the playhead, click to jump there, remove from the context menu, undo", async ({
  projects,
  library,
  studio,
  timeline,
  media,
}) => {
  await projects.goto();
  await projects.create({ name: "Marked" });
  await library.importFiles([media.video]);
  await library.dragToTrack("clip.webm", "V1");
  await timeline.zoomBy(17);
  await timeline.scrubTo(10);
  await timeline.addMarker();
  await timeline.scrubTo(30);
  await timeline.addMarker();
  expect(await timeline.markerFrames()).toEqual([10, 30]);

  await timeline.marker(10).click();
  await expect(timeline.playhead()).toHaveAttribute("data-frame", "10");

  await timeline.removeMarker(10);
  expect(await timeline.markerFrames()).toEqual([30]);
  // Choosing from the menu did not scrub the ruler underneath it.
  await expect(timeline.playhead()).toHaveAttribute("data-frame", "10");
  await studio.undo();
  await expect(timeline.markers()).toHaveCount(2);
});
