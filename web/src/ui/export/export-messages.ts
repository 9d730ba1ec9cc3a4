/**
 * Words for export failures. The studio's table (errors/user-message.ts) speaks about importing
 * for CODEC_UNSUPPORTED and MEDIA_MISSING; in the export dialog the same codes mean "cannot make
 * this format" and "a clip's file is gone", so the dialog says that, and falls back to the table
 * for every other code.
 */
import { userMessageFor, type UserMessage } from "../../errors/user-message";
import { isStudioErrorCode, type StudioErrorCode } from "../../errors/studio-error";

const EXPORT_MESSAGES: Partial<Record<StudioErrorCode, UserMessage>> = {
  CODEC_UNSUPPORTED: {
    title: "This browser can't make this format",
    detail: "It has no encoder for the chosen format and size.",
    remedy: "Choose MP4 or a smaller resolution, or export on the GPU server.",
  },
  MEDIA_MISSING: {
    title: "A clip's file is missing",
    detail: "A clip refers to a file that is no longer in this browser's storage.",
    remedy:
      "Import the file again or remove the clip, then export again. Your project is unchanged.",
  },
  STORAGE_FULL: {
    title: "The disk is full",
    detail: "The film could not be written.",
    remedy:
      "Free some space or save to another drive, then export again. Your project is unchanged.",
  },
  EXPORT_CANCELLED: {
    title: "Export cancelled",
    detail: "The export stopped before the end; nothing was saved.",
    remedy: "Start it again when you are ready.",
  },
};

/** Title, detail and remedy for an export failure with this code. */
export function exportMessageFor(code: string): UserMessage {
  const known: StudioErrorCode = isStudioErrorCode(code) ? code : "INTERNAL";
  return EXPORT_MESSAGES[known] ?? userMessageFor(known);
}
