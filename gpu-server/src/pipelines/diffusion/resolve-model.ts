import type { ModelManifestView, PipelineContext } from "../types";
import { PipelineError } from "./pipeline-error";

/**
 * The model a generation job runs on: the one named by `modelId`, else the first registered
 * model of the first task in `tasks` that has one.
 */
export function findDiffusionModel(
  ctx: Pick<PipelineContext, "findModel">,
  { modelId, tasks }: { modelId?: string; tasks: readonly string[] },
): ModelManifestView {
  if (modelId !== undefined) {
    const model = ctx.findModel({ id: modelId });
    if (!model)
      throw new PipelineError(
        "MODEL_MISSING",
        `The model "${modelId}" is not installed on the GPU server.`,
      );
    return model;
  }
  for (const task of tasks) {
    const model = ctx.findModel({ task });
    if (model) return model;
  }
  throw new PipelineError(
    "MODEL_MISSING",
    `No ${tasks.join(" or ")} model is installed on the GPU server; add one to MODELS_DIR or run "npm run models".`,
  );
}
