/**
 * Every error code in words for filmmakers (STYLE §6, tldraw's alerts tone): what happened, and what
 * to try next. One table, exhaustive over the codes, so a new code cannot ship without words.
 */
import type { StudioErrorCode } from "./studio-error";

export type UserMessage = { title: string; detail: string; remedy: string };

const MESSAGES: Record<StudioErrorCode, UserMessage> = {
  INVALID_REQUEST: {
    title: "The server refused the request",
    detail: "Something in the settings it was sent is not accepted.",
    remedy: "Check the highlighted fields and try again.",
  },
  UNAUTHORIZED: {
    title: "The server needs an access token",
    detail: "The GPU server refused the studio's access token.",
    remedy: "Open Settings and enter the token the server was started with.",
  },
  NOT_FOUND: {
    title: "Not found",
    detail: "What you asked for is no longer there.",
    remedy: "Go back to the project list and open it again.",
  },
  RANGE_NOT_SATISFIABLE: {
    title: "Could not read part of a file",
    detail: "The server could not send the requested part of a file.",
    remedy: "Try again; if it keeps happening, download the file again.",
  },
  JOB_NOT_FOUND: {
    title: "The job is gone",
    detail: "The server no longer knows this job (it may have been cleaned up).",
    remedy: "Generate the shot again.",
  },
  JOB_FINISHED: {
    title: "The job already finished",
    detail: "It can no longer be cancelled.",
    remedy: "Nothing to do; its result is in the shot.",
  },
  JOB_CANCELLED: {
    title: "The job was cancelled",
    detail: "It stopped before finishing.",
    remedy: "Generate again when you are ready.",
  },
  ARTIFACT_NOT_FOUND: {
    title: "The result is no longer on the server",
    detail: "Results are kept for a limited time after a job finishes.",
    remedy: "Generate the shot again.",
  },
  SERVER_RESTARTED: {
    title: "The server restarted",
    detail: "The job was interrupted when the GPU server restarted.",
    remedy: "Generate the shot again.",
  },
  UPLOAD_TOO_LARGE: {
    title: "The file is too large for the server",
    detail: "The GPU server refuses uploads this big.",
    remedy: "Use a shorter or smaller file.",
  },
  UNSUPPORTED_MEDIA_TYPE: {
    title: "This file type is not supported",
    detail: "Only images, videos and audio files can be imported.",
    remedy: "Convert it to PNG/JPEG, MP4/WebM or WAV/MP3 and import it again.",
  },
  UPLOAD_NOT_FOUND: {
    title: "An uploaded file is missing on the server",
    detail: "The server no longer has a file this job needs.",
    remedy: "Try again; the studio uploads it anew.",
  },
  MODEL_MISSING: {
    title: "A model is missing",
    detail: "The GPU server has no model for this task.",
    remedy: "Place the model in the server's models folder, or use the fixture models.",
  },
  MODEL_INVALID: {
    title: "A model could not be loaded",
    detail: "The model files on the server are incomplete or damaged.",
    remedy: "Check the model folder on the server and restart it.",
  },
  PIPELINE_FAILED: {
    title: "Generation failed",
    detail: "The server hit a problem while generating.",
    remedy: "Try again, or change the prompt or settings.",
  },
  PIPELINE_UNAVAILABLE: {
    title: "This kind of generation is not available",
    detail: "The server has no pipeline for it.",
    remedy: "Pick another pipeline in the inspector.",
  },
  FFMPEG_FAILED: {
    title: "Video processing failed on the server",
    detail: "ffmpeg could not process the file.",
    remedy: "Try another file or check that ffmpeg is installed on the server.",
  },
  DISK_FULL: {
    title: "The server's disk is full",
    detail: "The GPU server has no room for results.",
    remedy: "Free some space on the server, then try again.",
  },
  INTERNAL: {
    title: "Something went wrong",
    detail: "An unexpected error happened.",
    remedy: "Try again; if it keeps happening, reload the studio (your work is saved).",
  },
  STORAGE_FULL: {
    title: "Your disk is full — changes are not being saved",
    detail: "The browser has no room left to store this project. Your edits are kept in this tab.",
    remedy:
      "Free disk space or delete unused projects or media, then click Retry. Export the project to a file to be safe, and don't close this tab until it says Saved.",
  },
  STORAGE_UPGRADE: {
    title: "The studio was updated in another tab",
    detail: "The storage format changed while this tab was open.",
    remedy: "Reload this tab to continue.",
  },
  STORAGE_UNAVAILABLE: {
    title: "Browser storage is not available",
    detail: "The studio cannot open its storage (private mode or blocked site data).",
    remedy: "Allow site data for this studio, leave private browsing, then reload.",
  },
  STORAGE_WRITE_FAILED: {
    title: "Changes could not be saved",
    detail: "The browser refused to store the latest edits. They are kept in this tab.",
    remedy: "The studio retries on its own; click Retry, or export the project to a file.",
  },
  SERVER_UNREACHABLE: {
    title: "The GPU server is unreachable",
    detail: "Editing works offline, but generating needs the server.",
    remedy: "Check your connection and that the server is running, or set its address in Settings.",
  },
  BAD_RESPONSE: {
    title: "The server sent something unexpected",
    detail: "The studio and the GPU server may be different versions.",
    remedy: "Update both to the same version, then reload.",
  },
  DECODER_NOT_READY: {
    title: "Segmentation is still loading",
    detail: "The mask decoder has not finished loading.",
    remedy: "Wait a moment and click again.",
  },
  CODEC_UNSUPPORTED: {
    title: "This browser cannot decode the file",
    detail: "Its video or audio codec is not supported here.",
    remedy: "Convert it to H.264 MP4, WebM or WAV and import it again.",
  },
  MEDIA_MISSING: {
    title: "A media file is missing",
    detail: "A clip refers to a file that is no longer in the library.",
    remedy: "Import the file again or remove the clip.",
  },
  EXPORT_CANCELLED: {
    title: "Export cancelled",
    detail: "The export stopped before finishing.",
    remedy: "Start the export again when you are ready.",
  },
  PROJECT_FILE_INVALID: {
    title: "This project file can't be imported",
    detail: "The file is not a Milimo project, or it is damaged.",
    remedy: "Export the project again on the other machine and import the new file.",
  },
};

/** The words for a code. */
export function userMessageFor(code: StudioErrorCode): UserMessage {
  return MESSAGES[code];
}
