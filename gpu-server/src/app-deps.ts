/** Everything `createApp` needs; built by `makeRuntime` (server) or `makeTestApp` (tests). */
import type { InferenceDevice } from "@milimo/shared/api";
import type { Config } from "./config";
import type { ModelRegistry } from "./inference/model-registry";
import type { SessionCache } from "./inference/session-cache";
import type { EventHub } from "./jobs/event-hub";
import type { JobQueue } from "./jobs/job-queue";
import type { JobStore } from "./jobs/job-store";
import type { Logger } from "./logger";
import type { SamEmbedder } from "./pipelines/sam-embedder";
import type { UploadStore } from "./uploads/upload-store";

export interface AppDeps {
  config: Pick<Config, "apiToken" | "corsOrigins" | "uploadMaxBytes" | "staticDir">;
  logger: Logger;
  version: string;
  device: InferenceDevice;
  store: JobStore;
  queue: JobQueue;
  hub: EventHub;
  registry: ModelRegistry;
  sessions: SessionCache;
  uploads: UploadStore;
  samEmbedder: SamEmbedder;
  /** Absolute; artifacts are in `<jobsDir>/<jobId>/`. */
  jobsDir: string;
}
