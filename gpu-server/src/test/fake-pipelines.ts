/** Pipelines for tests that the test drives step by step. */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Pipeline } from "../pipelines/types";

export interface GatedPipeline {
  pipeline: Pipeline<unknown>;
  /** Job ids in the order they started. */
  started: string[];
  /** Job ids whose signal aborted while they ran. */
  aborted: string[];
  /** Most jobs of this pipeline running at once. */
  maxActive(): number;
  /** Lets a started job finish (writes `out.txt`). */
  release(jobId: string): void;
  /** Resolves once the job has started. */
  waitStarted(jobId: string, timeoutMs?: number): Promise<void>;
}

/** A pipeline whose jobs each wait for `release(jobId)` (or their abort). */
export function makeGatedPipeline(): GatedPipeline {
  const started: string[] = [];
  const aborted: string[] = [];
  const gates = new Map<string, () => void>();
  let active = 0;
  let maxActive = 0;
  const pipeline: Pipeline<unknown> = async (_params, ctx) => {
    started.push(ctx.jobId);
    active++;
    maxActive = Math.max(maxActive, active);
    try {
      ctx.progress({ step: 0, total: 2, message: "Waiting for the test" });
      await new Promise<void>((resolve, reject) => {
        if (ctx.signal.aborted) reject(ctx.signal.reason as Error);
        gates.set(ctx.jobId, resolve);
        ctx.signal.addEventListener(
          "abort",
          () => {
            aborted.push(ctx.jobId);
            reject(ctx.signal.reason as Error);
          },
          { once: true },
        );
      });
      ctx.progress({ step: 1, total: 2, message: "Writing" });
      await writeFile(join(ctx.workDir, "out.txt"), `job ${ctx.jobId}\n`);
      ctx.progress({ step: 2, total: 2, message: "Written" });
      return [{ name: "out.txt", mime: "text/plain", bytes: 0 }];
    } finally {
      active--;
    }
  };
  return {
    pipeline,
    started,
    aborted,
    maxActive: () => maxActive,
    release(jobId) {
      const gate = gates.get(jobId);
      if (!gate) throw new Error(`job ${jobId} has not started`);
      gate();
    },
    async waitStarted(jobId, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      while (!started.includes(jobId)) {
        if (Date.now() > deadline) throw new Error(`job ${jobId} did not start`);
        await new Promise(r => setTimeout(r, 5));
      }
    },
  };
}
