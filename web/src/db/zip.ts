/**
 * A minimal ZIP (stored, no compression) writer and reader for project files. Media is already
 * compressed, so deflate would gain nothing; "stored" keeps this small, streaming-friendly (entries
 * are Blob slices) and readable by any unzip tool. No ZIP64: one file must stay under 4 GiB.
 * Timestamps are fixed at 1980-01-01 so the same project always exports the same bytes.
 */

const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
const END_SIG = 0x06054b50;
const UTF8_FLAG = 0x0800;
const DOS_DATE_1980 = 0x0021;
const MAX_BYTES = 0xffff_ffff;

export type ZipInput = { name: string; data: Blob | Uint8Array };
export type ZipEntry = { name: string; crc32: number; bytes: number; blob: Blob };

/** Thrown for a file that is not a readable stored ZIP. */
export class ZipFormatError extends Error {
  override name = "ZipFormatError";
}

let crcTable: Uint32Array | null = null;

/** CRC-32 (IEEE) of `data`, continuing from `seed` (default 0). */
export function crc32(data: Uint8Array, seed = 0): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = ~seed >>> 0;
  for (let i = 0; i < data.length; i++) {
    crc = (crcTable[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8)) >>> 0;
  }
  return ~crc >>> 0;
}

async function bytesOf(data: Blob | Uint8Array): Promise<Uint8Array> {
  return data instanceof Uint8Array ? data : new Uint8Array(await data.arrayBuffer());
}

/** Builds a stored ZIP of `entries` in order; names must be unique. */
export async function writeZip(entries: readonly ZipInput[]): Promise<Blob> {
  const encoder = new TextEncoder();
  const parts: BlobPart[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = encoder.encode(entry.name);
    const data = await bytesOf(entry.data);
    const crc = crc32(data);
    if (data.length > MAX_BYTES || offset > MAX_BYTES) {
      throw new ZipFormatError("Project file would exceed 4 GiB.");
    }
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, LOCAL_SIG, true);
    local.setUint16(4, 20, true);
    local.setUint16(6, UTF8_FLAG, true);
    local.setUint16(8, 0, true);
    local.setUint16(10, 0, true);
    local.setUint16(12, DOS_DATE_1980, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, data.length, true);
    local.setUint32(22, data.length, true);
    local.setUint16(26, name.length, true);
    local.setUint16(28, 0, true);
    parts.push(local.buffer, name, data as BlobPart);

    const head = new DataView(new ArrayBuffer(46));
    head.setUint32(0, CENTRAL_SIG, true);
    head.setUint16(4, 20, true);
    head.setUint16(6, 20, true);
    head.setUint16(8, UTF8_FLAG, true);
    head.setUint16(10, 0, true);
    head.setUint16(12, 0, true);
    head.setUint16(14, DOS_DATE_1980, true);
    head.setUint32(16, crc, true);
    head.setUint32(20, data.length, true);
    head.setUint32(24, data.length, true);
    head.setUint16(28, name.length, true);
    head.setUint32(42, offset, true);
    const record = new Uint8Array(46 + name.length);
    record.set(new Uint8Array(head.buffer), 0);
    record.set(name, 46);
    central.push(record);
    offset += 30 + name.length + data.length;
  }
  const centralSize = central.reduce((sum, r) => sum + r.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, END_SIG, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, centralSize, true);
  end.setUint32(16, offset, true);
  return new Blob([...parts, ...(central as BlobPart[]), end.buffer], { type: "application/zip" });
}

/** Lists the entries of a stored ZIP as Blob slices (nothing is read until used). */
export async function readZip(file: Blob): Promise<ZipEntry[]> {
  const tailSize = Math.min(file.size, 22 + 0xffff);
  const tail = new DataView(await file.slice(file.size - tailSize).arrayBuffer());
  let endAt = -1;
  for (let i = tail.byteLength - 22; i >= 0; i--) {
    if (tail.getUint32(i, true) === END_SIG) {
      endAt = i;
      break;
    }
  }
  if (endAt < 0) throw new ZipFormatError("Not a ZIP file (no end of central directory).");
  const count = tail.getUint16(endAt + 10, true);
  const centralSize = tail.getUint32(endAt + 12, true);
  const centralOffset = tail.getUint32(endAt + 16, true);
  if (centralOffset + centralSize > file.size)
    throw new ZipFormatError("ZIP directory is truncated.");
  const dir = new DataView(
    await file.slice(centralOffset, centralOffset + centralSize).arrayBuffer(),
  );
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > dir.byteLength || dir.getUint32(at, true) !== CENTRAL_SIG) {
      throw new ZipFormatError("ZIP directory is damaged.");
    }
    const method = dir.getUint16(at + 10, true);
    const crc = dir.getUint32(at + 16, true);
    const size = dir.getUint32(at + 20, true);
    const nameLength = dir.getUint16(at + 28, true);
    const extraLength = dir.getUint16(at + 30, true);
    const commentLength = dir.getUint16(at + 32, true);
    const localOffset = dir.getUint32(at + 42, true);
    const name = decoder.decode(new Uint8Array(dir.buffer, dir.byteOffset + at + 46, nameLength));
    if (method !== 0) throw new ZipFormatError(`ZIP entry ${name} is compressed; expected stored.`);
    const local = new DataView(await file.slice(localOffset, localOffset + 30).arrayBuffer());
    if (local.byteLength < 30 || local.getUint32(0, true) !== LOCAL_SIG) {
      throw new ZipFormatError(`ZIP entry ${name} is damaged.`);
    }
    const dataStart = localOffset + 30 + local.getUint16(26, true) + local.getUint16(28, true);
    if (dataStart + size > file.size) throw new ZipFormatError(`ZIP entry ${name} is truncated.`);
    entries.push({ name, crc32: crc, bytes: size, blob: file.slice(dataStart, dataStart + size) });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Reads an entry's bytes and checks its CRC; throws ZipFormatError on a mismatch. */
export async function readZipEntryBytes(entry: ZipEntry): Promise<Uint8Array> {
  const bytes = new Uint8Array(await entry.blob.arrayBuffer());
  if (crc32(bytes) !== entry.crc32)
    throw new ZipFormatError(`ZIP entry ${entry.name} is corrupted.`);
  return bytes;
}
