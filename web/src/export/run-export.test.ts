import type { RenderSpec } from "@milimo/shared/render";
import { describe, expect, it } from "vitest";
import type { CodecChoice } from "./codec-choice";
import type { ExportClient } from "./export-client";
import { loadSpecBlobs } from "./export-client";
import { runExport, type FileSaver } from "./run-export";
import { filmFileName } from "./save-file";

const spec: RenderSpec = {
  width: 320,
  height: 240,
  fps: 25,
  durationFrames: 10,
  container: "mp4",
  videoCodec: "avc",
  audioCodec: "aac",
  quality: "high",
  video: [
    {
      itemId: "a",
      mediaId: "m1",
      kind: "video",
      track: "V1",
      startFrame: 0,
      sourceInFrame: 0,
      durationFrames: 10,
      opacity: 1,
      x: 0,
      y: 0,
      scale: 1,
    },
  ],
  audio: [],
};
const choice: CodecChoice = {
  container: "mp4",
  videoCodec: "avc",
  audioCodec: "opus",
  videoCodecString: "avc1.64001f",
  audioCodecString: "opus",
  audioSupported: true,
  label: "MP4 · H.264 + Opus",
  note: null,
};

function fakes({ picked = null }: { picked?: FileSystemFileHandle | null } = {}) {
  const downloads: [string, number][] = [];
  const exported: { spec: RenderSpec; target: unknown }[] = [];
  const saver: FileSaver = {
    pick: () => Promise.resolve(picked),
    download: (blob, name) => downloads.push([name, blob.size]),
  };
  const client: ExportClient = {
    probe: () => Promise.resolve(choice),
    exportFilm: ({ spec: s, target }) => {
      exported.push({ spec: s, target });
      return Promise.resolve(
        target.kind === "buffer"
          ? { blob: new Blob(["film"], { type: "video/mp4" }), bytes: 4, mimeType: "video/mp4" }
          : { blob: null, bytes: 1234, mimeType: "video/mp4" },
      );
    },
    exportStill: () => Promise.resolve(new Blob(["png!"], { type: "image/png" })),
  };
  return { saver, client, downloads, exported };
}

const base = {
  spec,
  name: "My film",
  loadBlob: () => Promise.resolve(new Blob(["x"])),
  onStatus: () => undefined,
  signal: new AbortController().signal,
};

describe("runExport", () => {
  it("downloads a browser export with the encoders that were found", async () => {
    const f = fakes();
    const outcome = await runExport({ ...base, kind: "browser", choice, save: "download", ...f });
    expect(outcome).toMatchObject({ fileName: "My film.mp4", bytes: 4, savedTo: "download" });
    expect(f.downloads).toEqual([["My film.mp4", 4]]);
    expect(f.exported[0]?.spec.audioCodec).toBe("opus");
    expect(f.exported[0]?.target).toEqual({ kind: "buffer" });
  });

  it("streams into a picked file instead of downloading", async () => {
    const handle = { name: "Picked.mp4" } as FileSystemFileHandle;
    const f = fakes({ picked: handle });
    const outcome = await runExport({ ...base, kind: "browser", choice, save: "pick", ...f });
    expect(outcome).toMatchObject({
      fileName: "Picked.mp4",
      bytes: 1234,
      savedTo: "file",
      blob: null,
    });
    expect(f.exported[0]?.target).toEqual({ kind: "file", handle });
    expect(f.downloads).toEqual([]);
  });

  it("does nothing when the user closes the file picker", async () => {
    const f = fakes({ picked: null });
    expect(await runExport({ ...base, kind: "browser", choice, save: "pick", ...f })).toBeNull();
    expect(f.exported).toEqual([]);
  });

  it("saves the current frame as a PNG named after it", async () => {
    const f = fakes();
    const outcome = await runExport({ ...base, kind: "frame", frame: 42, save: "download", ...f });
    expect(outcome?.fileName).toBe("My film frame 00042.png");
    expect(f.downloads).toEqual([["My film frame 00042.png", 4]]);
  });

  it("refuses a browser export without an encoder", async () => {
    const f = fakes();
    await expect(
      runExport({ ...base, kind: "browser", choice: null, save: "download", ...f }),
    ).rejects.toMatchObject({
      code: "CODEC_UNSUPPORTED",
    });
  });
});

describe("loadSpecBlobs", () => {
  it("fails with MEDIA_MISSING naming the clips whose file is gone", async () => {
    const withTwo = {
      ...spec,
      video: [...spec.video, { ...spec.video[0]!, itemId: "b", mediaId: "m2", startFrame: 0 }],
    };
    await expect(
      loadSpecBlobs({
        spec: withTwo,
        loadBlob: id => Promise.resolve(id === "m1" ? new Blob(["x"]) : null),
        itemNames: { a: "Opening", b: "Close-up" },
      }),
    ).rejects.toMatchObject({
      code: "MEDIA_MISSING",
      message: expect.stringContaining("“Close-up”") as unknown,
    });
  });

  it("loads each file once", async () => {
    let reads = 0;
    const blobs = await loadSpecBlobs({
      spec: { ...spec, video: [spec.video[0]!, { ...spec.video[0]!, itemId: "b" }] },
      loadBlob: () => (reads++, Promise.resolve(new Blob(["x"]))),
    });
    expect([...blobs.keys()]).toEqual(["m1"]);
    expect(reads).toBe(1);
  });
});

describe("filmFileName", () => {
  it.each([
    ["My film", "mp4", "", "My film.mp4"],
    ["a/b:c*?", "webm", "", "a b c.webm"],
    ["  ", "mp4", "", "Film.mp4"],
    ["tab\there", "png", " frame 00001", "tab here frame 00001.png"],
  ] as const)("%j as %s -> %s", (name, kind, suffix, expected) => {
    expect(filmFileName(name, kind, suffix)).toBe(expected);
  });
});
