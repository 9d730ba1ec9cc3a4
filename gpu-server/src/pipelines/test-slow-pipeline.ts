/**
 * A test-only pipeline: `steps` steps of `stepMs` each, checking the AbortSignal between steps, then
 * a small text artifact. Tests inject it directly; a spawned server uses it only when NODE_ENV=test
 * and MILIMO_TEST_SLOW_PIPELINE names a kind (the kill -9 restart test).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Pipeline } from "./types";

export interface SlowPipelineProbe {
  /** Steps that finished. */
  stepsDone: number;
  /** True once the pipeline saw its signal abort. */
  sawAbort: boolean;
}

/** Builds the fake; `probe` (optional) lets a test watch it. */
export function makeSlowPipeline(args: {
  steps: number;
  stepMs: number;
  probe?: SlowPipelineProbe;
}): Pipeline<unknown> {
  return async (_params, ctx) => {
    for (let step = 1; step <= args.steps; step++) {
      try {
        await sleep(args.stepMs, undefined, { signal: ctx.signal });
      } catch (err) {
        if (args.probe && ctx.signal.aborted) args.probe.sawAbort = true;
        throw err;
      }
      if (args.probe) args.probe.stepsDone = step;
      ctx.progress({ step, total: args.steps, message: `Test step ${step}/${args.steps}` });
    }
    const text = `done in ${args.steps} steps\n`;
    await writeFile(join(ctx.workDir, "result.txt"), text);
    return [{ name: "result.txt", mime: "text/plain", bytes: Buffer.byteLength(text) }];
  };
}
