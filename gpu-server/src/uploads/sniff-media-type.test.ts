import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeColorVideo, redBluePng } from "../test/media";
import { sniffMediaType } from "./sniff-media-type";

const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(
    parts.flatMap(p => (typeof p === "string" ? [...p].map(c => c.charCodeAt(0)) : p)),
  );
const pad = (b: Uint8Array) => {
  const out = new Uint8Array(b.length + 32);
  out.set(b);
  return out;
};

describe("sniffMediaType", () => {
  it.each([
    ["png", pad(bytes([0x89], "PNG\r\n", [0x1a, 0x0a])), "image/png"],
    ["jpeg", pad(bytes([0xff, 0xd8, 0xff, 0xe0])), "image/jpeg"],
    ["gif89a", pad(bytes("GIF89a")), "image/gif"],
    ["gif87a", pad(bytes("GIF87a")), "image/gif"],
    ["webp", pad(bytes("RIFF", [0, 0, 0, 0], "WEBPVP8 ")), "image/webp"],
    ["wav", pad(bytes("RIFF", [0, 0, 0, 0], "WAVEfmt ")), "audio/wav"],
    ["mp4", pad(bytes([0, 0, 0, 0x20], "ftypisom")), "video/mp4"],
    ["mov", pad(bytes([0, 0, 0, 0x14], "ftypqt  ")), "video/quicktime"],
    ["m4a", pad(bytes([0, 0, 0, 0x20], "ftypM4A ")), "audio/mp4"],
    ["webm", pad(bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x84], "webm")), "video/webm"],
    [
      "mkv",
      pad(bytes([0x1a, 0x45, 0xdf, 0xa3, 0xa3, 0x42, 0x82, 0x88], "matroska")),
      "video/x-matroska",
    ],
    ["ogg", pad(bytes("OggS")), "audio/ogg"],
    ["mp3 with ID3", pad(bytes("ID3", [3, 0])), "audio/mpeg"],
    ["mp3 frame", pad(bytes([0xff, 0xfb, 0x90, 0x64])), "audio/mpeg"],
  ])("%s -> %s", (_label, input, mime) => {
    expect(sniffMediaType(input)).toBe(mime);
  });

  it.each([
    ["text", bytes("hello, this is not media at all")],
    ["svg", bytes("<svg xmlns='http://www.w3.org/2000/svg'></svg>")],
    ["an empty file", new Uint8Array()],
    ["a RIFF that is neither", pad(bytes("RIFF", [0, 0, 0, 0], "AVI "))],
    ["a reserved MPEG layer", pad(bytes([0xff, 0xe0]))],
  ])("refuses %s", (_label, input) => {
    expect(sniffMediaType(input)).toBeUndefined();
  });

  it("recognises files that real encoders wrote", () => {
    const dir = mkdtempSync(join(tmpdir(), "milimo-sniff-"));
    try {
      expect(sniffMediaType(redBluePng(8, 8))).toBe("image/png");
      expect(sniffMediaType(makeColorVideo({ dir, colors: ["red"], format: "mp4" }))).toBe(
        "video/mp4",
      );
      expect(sniffMediaType(makeColorVideo({ dir, colors: ["red"], format: "webm" }))).toBe(
        "video/webm",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
