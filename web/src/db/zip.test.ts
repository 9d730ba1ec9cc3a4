import { describe, expect, it } from "vitest";
import { crc32, readZip, readZipEntryBytes, writeZip } from "./zip";

const text = (s: string) => new TextEncoder().encode(s);

describe("zip", () => {
  it.each([
    { input: "", crc: 0 },
    { input: "123456789", crc: 0xcbf43926 },
    { input: "The quick brown fox jumps over the lazy dog", crc: 0x414fa339 },
  ])("crc32($input) = $crc", ({ input, crc }) => {
    expect(crc32(text(input))).toBe(crc);
  });

  it("round-trips entries in order with unicode names and binary data", async () => {
    const binary = new Uint8Array(256).map((_, i) => i);
    const zip = await writeZip([
      { name: "project.json", data: text('{"a":1}') },
      { name: "media/clé-ü", data: new Blob([binary]) },
      { name: "empty", data: new Uint8Array() },
    ]);
    const entries = await readZip(zip);
    expect(entries.map(e => [e.name, e.bytes])).toEqual([
      ["project.json", 7],
      ["media/clé-ü", 256],
      ["empty", 0],
    ]);
    expect(await readZipEntryBytes(entries[1]!)).toEqual(binary);
  });

  it("starts with a local file header, as unzip tools expect", async () => {
    const zip = await writeZip([{ name: "a", data: text("x") }]);
    const head = new DataView(await zip.slice(0, 4).arrayBuffer());
    expect(head.getUint32(0, true)).toBe(0x04034b50);
  });
});
