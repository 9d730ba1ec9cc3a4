/**
 * Job kind -> pipeline. A kind with no entry (e.g. removed by a deployment's overrides) is accepted
 * by the API and then failed by the runner with PIPELINE_UNAVAILABLE.
 */
import type { PipelineMap } from "../jobs/job-queue";
import type { SamEmbedder } from "./sam-embedder";
import { generateImagePipeline } from "./generate-image";
import { generateVideoPipeline } from "./generate-video";
import { inpaintPipeline } from "./inpaint";
import { renderPipeline } from "./render";
import { makeSamEncodePipeline } from "./sam-encode";
import { trackPipeline } from "./track";

/** The pipelines this server runs; `overrides` replaces or adds entries (tests, test-only fakes). */
export function makePipelines(args: {
  samEmbedder: SamEmbedder;
  overrides?: PipelineMap;
}): PipelineMap {
  return {
    "sam-embed": makeSamEncodePipeline(args.samEmbedder),
    "generate-image": generateImagePipeline,
    "generate-video": generateVideoPipeline,
    inpaint: inpaintPipeline,
    track: trackPipeline,
    render: renderPipeline,
    ...args.overrides,
  };
}
