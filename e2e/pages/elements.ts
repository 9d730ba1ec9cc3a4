/** Page object for the Elements view: create and edit story elements. */
import { deflateSync } from "node:zlib";
import { expect, type Locator, type Page } from "@playwright/test";

/** A file for `setInputFiles`. */
export interface FilePayload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A solid-colour RGB PNG, e.g. a reference image for an element. */
export function makeSolidPng({
  name,
  width,
  height,
  rgb,
}: {
  name: string;
  width: number;
  height: number;
  rgb: [number, number, number];
}): FilePayload {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array(width).fill(rgb).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  const buffer = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(pixels)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
  return { name, mimeType: "image/png", buffer };
}

export interface ElementFields {
  type?: "character" | "location" | "object";
  name: string;
  trigger?: string;
  description?: string;
  /** Reference images to attach. */
  images?: FilePayload[];
}

export class ElementsPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId("view-elements").click();
    await expect(this.page.getByTestId("elements-panel")).toBeVisible();
  }

  cards(): Locator {
    return this.page.getByTestId("element-card");
  }

  card(name: string): Locator {
    return this.cards().filter({ has: this.page.getByTestId("element-card-name").getByText(name) });
  }

  /** Fills the New element form and creates it. */
  async create(fields: ElementFields): Promise<void> {
    await this.page.getByTestId("element-new").click();
    const form = this.page.getByTestId("element-form");
    if (fields.type) await form.getByTestId("element-type").selectOption(fields.type);
    await form.getByTestId("element-name").fill(fields.name);
    if (fields.trigger) await form.getByTestId("element-trigger").fill(fields.trigger);
    if (fields.description) await form.getByTestId("element-description").fill(fields.description);
    if (fields.images?.length) {
      await form.getByTestId("element-ref-input").setInputFiles(fields.images);
      await expect(form.getByTestId("element-ref")).toHaveCount(fields.images.length);
    }
    await form.getByTestId("element-save").click();
    await expect(form).toBeHidden();
    await expect(this.card(fields.name)).toBeVisible();
  }
}
