/**
 * The mask as the studio receives it: styled exactly as shown (invert and feather applied in the
 * decoder worker), then encoded there as a PNG, plus an RLE for the project file. Both steps run
 * off the main thread; a copy of the mask crosses, so the editor keeps its own buffer.
 */
import { encodeMaskRle, type Mask, type MaskRle } from "@milimo/shared/sam";
import type { MaskStyle, Result } from "../../sam/decode-protocol";
import type { DecoderClient } from "../../sam/decoder-client";

/** The mask as saved: binary 0/255 unless feathered, at the picture's size. */
export interface SavedMask {
  mediaId: string;
  frame: number;
  width: number;
  height: number;
  /** Greyscale PNG, 255 = inside. */
  png: Blob;
  rle: MaskRle;
}

/** `mask` of `frame` of `mediaId`, styled in `style`, as the studio saves it. */
export async function encodeSavedMask({
  decoder,
  mask,
  style,
  mediaId,
  frame,
}: {
  decoder: Pick<DecoderClient, "renderMask" | "encodeMaskPng">;
  mask: Mask;
  style: MaskStyle;
  mediaId: string;
  frame: number;
}): Promise<Result<{ saved: SavedMask }>> {
  const { width, height } = mask;
  const styled = await decoder.renderMask({ mask: mask.data.slice(), width, height, style });
  if (!styled.ok) return styled;
  styled.bitmap?.close();
  const encoded = await decoder.encodeMaskPng({ mask: styled.mask.slice(), width, height });
  if (!encoded.ok) return encoded;
  const rle = encodeMaskRle({ data: styled.mask, width, height });
  return { ok: true, saved: { mediaId, frame, width, height, png: encoded.png, rle } };
}
