/**
 * Text selection ("the red car") over `POST /api/sam/ground`: the server's grounding model finds
 * the phrase in a picture or in a frame of an uploaded video and answers boxes in image pixels, best
 * first. Errors are the client's ApiErrors (MODEL_MISSING when the server has no grounding model).
 */
import {
  ApiPath,
  ModelTask,
  SAM_IMAGE_FIELD,
  SAM_TEXT_FIELD,
  SamGroundResponseSchema,
  type ModelManifest,
  type SamGroundResponse,
} from "@milimo/shared/api";
import type { ApiClient } from "./client";

/** A real detector on CPU takes seconds; a click should still not hang forever. In ms. */
export const GROUND_TIMEOUT_MS = 60_000;

/** What the "Select by text" field says when the server cannot ground text. */
export const GROUNDING_UNAVAILABLE_REASON = `Needs a grounding model (task "${ModelTask.grounding}", e.g. OWLv2 exported to ONNX) on the GPU server`;

export type GroundTextRequest = ({ image: Blob } | { uploadId: string; frame?: number }) & {
  /** What to select; commas separate phrases searched together. */
  text: string;
  signal?: AbortSignal;
  /** Default `GROUND_TIMEOUT_MS`. */
  timeoutMs?: number;
};

/** Finds `text` in a picture (`image`) or a frame (`uploadId`, `frame`, default 0). */
export function groundText(api: ApiClient, request: GroundTextRequest): Promise<SamGroundResponse> {
  const { text, signal, timeoutMs = GROUND_TIMEOUT_MS } = request;
  let body: unknown;
  if ("image" in request) {
    const form = new FormData();
    form.append(SAM_IMAGE_FIELD, request.image, "frame");
    form.append(SAM_TEXT_FIELD, text);
    body = form;
  } else {
    body = { uploadId: request.uploadId, frame: request.frame ?? 0, text };
  }
  return api.request(ApiPath.samGround, {
    schema: SamGroundResponseSchema,
    method: "POST",
    body,
    signal,
    timeoutMs,
  });
}

/** What `GET /api/models` and `GET /api/health` both say of a model. */
type ListedModel = Pick<ModelManifest, "id" | "task" | "fixture"> & { error?: unknown };

/**
 * The usable grounding model among those the server lists (models or health), real before fixture;
 * undefined when none (a model folder reported broken does not count).
 */
export function findGroundingModel<T extends ListedModel>(models: readonly T[]): T | undefined {
  return models
    .filter(m => m.task === ModelTask.grounding && m.error === undefined)
    .sort((a, b) => Number(a.fixture) - Number(b.fixture) || a.id.localeCompare(b.id))[0];
}
