import { describe, expect, it } from "vitest";
import {
  ERROR_CODES,
  ERROR_HTTP_STATUS,
  ErrorBodySchema,
  ErrorCode,
  isErrorCode,
  makeErrorBody,
  toErrorCode,
} from "./errors";

const required = [
  "INVALID_REQUEST",
  "NOT_FOUND",
  "JOB_NOT_FOUND",
  "JOB_FINISHED",
  "UPLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "UPLOAD_NOT_FOUND",
  "MODEL_MISSING",
  "MODEL_INVALID",
  "UNAUTHORIZED",
  "SERVER_RESTARTED",
  "JOB_CANCELLED",
  "PIPELINE_FAILED",
  "PIPELINE_UNAVAILABLE",
  "FFMPEG_FAILED",
  "DISK_FULL",
  "INTERNAL",
  "STORAGE_FULL",
  "STORAGE_UPGRADE",
  "STORAGE_UNAVAILABLE",
  "SERVER_UNREACHABLE",
  "BAD_RESPONSE",
  "DECODER_NOT_READY",
  "CODEC_UNSUPPORTED",
  "MEDIA_MISSING",
  "EXPORT_CANCELLED",
];

describe("ErrorCode", () => {
  it.each(required)("has %s mapped to itself", code => {
    expect(ErrorCode[code as ErrorCode]).toBe(code);
  });

  it.each(ERROR_CODES.map(code => [code, ERROR_HTTP_STATUS[code]] as const))(
    "%s answers an error status (%i)",
    (_code, status) => {
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
    },
  );

  it.each([
    ["INVALID_REQUEST", 400],
    ["UNAUTHORIZED", 401],
    ["JOB_NOT_FOUND", 404],
    ["JOB_FINISHED", 409],
    ["UPLOAD_TOO_LARGE", 413],
    ["UNSUPPORTED_MEDIA_TYPE", 415],
    ["INTERNAL", 500],
  ] as const)("%s defaults to HTTP %i", (code, status) => {
    expect(ERROR_HTTP_STATUS[code]).toBe(status);
  });

  it("maps unknown wire codes to INTERNAL and keeps known ones", () => {
    expect(toErrorCode("JOB_NOT_FOUND")).toBe("JOB_NOT_FOUND");
    expect(toErrorCode("SOMETHING_NEW")).toBe("INTERNAL");
    expect(toErrorCode(undefined)).toBe("INTERNAL");
    expect(isErrorCode("toString")).toBe(false);
  });
});

describe("ErrorBodySchema", () => {
  it("accepts bodies built by makeErrorBody, with and without details", () => {
    expect(ErrorBodySchema.parse(makeErrorBody("JOB_NOT_FOUND", "gone"))).toEqual({
      error: { code: "JOB_NOT_FOUND", message: "gone" },
    });
    expect(makeErrorBody("INVALID_REQUEST", "bad", { field: "prompt" }).error.details).toEqual({
      field: "prompt",
    });
  });

  it("keeps codes it does not know (a newer server) instead of failing", () => {
    expect(ErrorBodySchema.safeParse({ error: { code: "NEW_CODE", message: "x" } }).success).toBe(
      true,
    );
  });

  it.each([{}, { error: {} }, { error: { code: "", message: "x" } }, { code: "X", message: "y" }])(
    "rejects %j",
    body => {
      expect(ErrorBodySchema.safeParse(body).success).toBe(false);
    },
  );
});
