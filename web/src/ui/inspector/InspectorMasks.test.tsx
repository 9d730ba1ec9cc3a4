import { afterEach, describe, expect, it, vi } from "vitest";
import { render } from "solid-js/web";
import { encodeMaskRle } from "@milimo/shared/sam";
import { makeTimeline, makeTimelineItem } from "@milimo/shared/schema";
import { StudioProvider } from "../../app/StudioProvider";
import { readZip, readZipEntryBytes } from "../../db/zip";
import { selectMaskSelection } from "../../store/slices/mask";
import { makeTestStudio, type TestStudio } from "../../store/test-studio-store";
import { Inspector } from "./Inspector";

let studio: TestStudio;
let container: HTMLDivElement;
let unmount: () => void = () => undefined;

afterEach(() => {
  unmount();
  container?.remove();
  studio?.dispose();
  vi.restoreAllMocks();
});

const mask = (on: number) => {
  const data = new Uint8Array(4);
  data[on] = 255;
  return { data, width: 2, height: 2 };
};

/** A selected V1 clip with one saved mask (frame 6) and two tracked objects. */
async function mountWithMasks() {
  studio = makeTestStudio();
  const projectId = await studio.actions.project.create({ name: "Masks" });
  await studio.actions.project.open(projectId);
  studio.actions.track.load(
    makeTimeline({ items: [makeTimelineItem({ id: "clip", mediaId: "m1", sourceFrames: 20 })] }),
  );
  studio.actions.track.select({ itemIds: ["clip"] });
  studio.actions.mask.save({
    itemId: "clip",
    mediaId: "m1",
    frame: 6,
    rle: encodeMaskRle(mask(0)),
  });
  const first = await studio.actions.mask.addTracked({
    itemId: "clip",
    mediaId: "m1",
    masks: new Map([
      [0, mask(0)],
      [1, mask(1)],
    ]),
    keyframe: 0,
  });
  const second = await studio.actions.mask.addTracked({
    itemId: "clip",
    mediaId: "m1",
    masks: new Map([[5, mask(3)]]),
    keyframe: 5,
  });
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
  return { first: first!, second: second! };
}

const all = (testId: string) => [
  ...container.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`),
];
const clipItem = () => studio.state.tracks.timeline.items[0];

describe("<Inspector> masks", () => {
  it("lists saved masks and tracked objects with colour, frames and keyframes", async () => {
    await mountWithMasks();
    expect(all("inspector-mask").map(row => row.dataset.frame)).toEqual(["6"]);
    expect(all("inspector-object").map(row => row.dataset.color)).toEqual(["0", "1"]);
    expect(all("inspector-object-name").map(i => (i as HTMLInputElement).value)).toEqual([
      "Object 1",
      "Object 2",
    ]);
    expect(all("inspector-object-frames").map(s => s.textContent)).toEqual([
      "2 frames",
      "1 frames",
    ]);
    expect(all("inspector-object-keyframes").map(s => s.textContent)).toEqual(["keys 0", "keys 5"]);
    expect(all("inspector-object-color")[0]?.style.background).toMatch(/rgb\(255, 59, 48\)/);
  });

  it("deletes a saved mask with undo", async () => {
    await mountWithMasks();
    all("inspector-mask-delete")[0]?.click();
    expect(all("inspector-mask")).toHaveLength(0);
    studio.actions.history.undo();
    expect(all("inspector-mask")).toHaveLength(1);
  });

  it("renames, recolours, selects and deletes an object", async () => {
    const { first, second } = await mountWithMasks();
    const name = all("inspector-object-name")[0] as HTMLInputElement;
    name.value = "Red car";
    name.dispatchEvent(new Event("change", { bubbles: true }));
    expect(clipItem()?.trackedObjects?.[0]?.name).toBe("Red car");

    all("inspector-object-color")[0]?.click();
    expect(clipItem()?.trackedObjects?.[0]?.color).toBe(1);

    // The last tracked object is selected; selecting the first moves the selection.
    expect(selectMaskSelection(studio.state)?.objectId).toBe(second.id);
    all("inspector-object-select")[0]?.click();
    expect(selectMaskSelection(studio.state)?.objectId).toBe(first.id);
    expect(all("inspector-object-select")[0]?.getAttribute("aria-pressed")).toBe("true");

    all("inspector-object-delete")[0]?.click();
    expect(all("inspector-object").map(row => row.dataset.objectId)).toEqual([second.id]);
    expect(selectMaskSelection(studio.state)).toBeNull();
    studio.actions.history.undo();
    expect(all("inspector-object")).toHaveLength(2);
  });

  it("disables every mask edit on a locked track", async () => {
    await mountWithMasks();
    studio.actions.track.setTrackFlag({ track: "V1", flag: "locked", value: true });
    for (const id of [
      "inspector-mask-delete",
      "inspector-object-delete",
      "inspector-object-select",
      "inspector-object-color",
    ]) {
      for (const button of all(id)) expect((button as HTMLButtonElement).disabled).toBe(true);
    }
  });

  it("exports the objects' masks as a zip whose manifest lists them", async () => {
    await mountWithMasks();
    let downloaded: { name: string; blob: Blob } | null = null;
    const blobs = new Map<string, Blob>();
    vi.spyOn(URL, "createObjectURL").mockImplementation(blob => {
      const url = `blob:test-${blobs.size}`;
      blobs.set(url, blob as Blob);
      return url;
    });
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      downloaded = { name: this.download, blob: blobs.get(this.href)! };
    });
    all("inspector-masks-export")[0]?.click();
    await vi.waitFor(() => expect(downloaded).not.toBeNull());
    const { name, blob } = downloaded as unknown as { name: string; blob: Blob };
    expect(name).toBe("clip-masks.zip");
    const entries = await readZip(blob);
    expect(entries.map(e => e.name)).toEqual([
      "manifest.json",
      "Object-1/0.png",
      "Object-1/1.png",
      "Object-2/5.png",
    ]);
    const manifest = JSON.parse(new TextDecoder().decode(await readZipEntryBytes(entries[0]!))) as {
      objects: { name: string; color: number; keyframes: number[]; frames: number[] }[];
    };
    expect(manifest.objects.map(o => [o.name, o.color, o.keyframes, o.frames])).toEqual([
      ["Object 1", 0, [0], [0, 1]],
      ["Object 2", 1, [5], [5]],
    ]);
  });
});
