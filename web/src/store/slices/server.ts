/**
 * Server slice (remote scope: never saved with the project, never undone): connectivity, the GPU
 * server's health, and where it is (URL + token, saved as studio settings).
 */
import type { HealthResponse } from "@milimo/shared/api";
import { ErrorCode } from "@milimo/shared/api";
import { ApiError } from "../../api/api-error";
import type { ApiConfig } from "../../api/client";
import { readSetting, writeSetting } from "../../db/settings";
import { toErrorNotice, type ErrorNotice } from "../../errors/report-error";
import type { SliceContext } from "../slice-context";
import { initialJobsServerFields, type JobsServerFields } from "../../jobs/jobs-slice";

export const ServerStatus = {
  unknown: "unknown",
  checking: "checking",
  connected: "connected",
  unreachable: "unreachable",
  unauthorized: "unauthorized",
  error: "error",
} as const;
export type ServerStatus = (typeof ServerStatus)[keyof typeof ServerStatus];

export interface ServerSlice extends JobsServerFields {
  /** The browser's own view (navigator.onLine + online/offline events). */
  online: boolean;
  status: ServerStatus;
  health: HealthResponse | null;
  /** Epoch ms of the last finished check. */
  lastCheckedAt: number | null;
  error: ErrorNotice | null;
  config: ApiConfig;
}

/** Settings key of the server URL and token. */
export const SERVER_CONFIG_SETTING = "server.config";

/** Fresh server state: same-origin server, nothing known yet. */
export function initialServerState(): ServerSlice {
  const online = typeof navigator === "undefined" ? true : navigator.onLine;
  return {
    online,
    status: ServerStatus.unknown,
    health: null,
    lastCheckedAt: null,
    error: null,
    config: { baseUrl: "", token: "" },
    ...initialJobsServerFields(),
  };
}

function isConfig(value: unknown): value is ApiConfig {
  const v = value as Partial<ApiConfig> | null;
  return typeof v?.baseUrl === "string" && typeof v.token === "string";
}

export type ServerActions = ReturnType<typeof createServerActions>;

/** Remote actions: connectivity, health checks and the server address. */
export function createServerActions(ctx: SliceContext) {
  const { setState, state, deps } = ctx;
  let checkSeq = 0;

  async function checkHealth(): Promise<ServerStatus> {
    const seq = ++checkSeq;
    if (state.server.status !== ServerStatus.connected)
      setState("server", "status", ServerStatus.checking);
    try {
      const health = await deps.api.health({ timeoutMs: 5_000 });
      if (seq !== checkSeq) return state.server.status;
      setState("server", {
        status: ServerStatus.connected,
        health,
        error: null,
        lastCheckedAt: deps.now(),
      });
    } catch (error) {
      if (seq !== checkSeq) return state.server.status;
      const code = error instanceof ApiError ? error.code : ErrorCode.INTERNAL;
      const status =
        code === ErrorCode.SERVER_UNREACHABLE
          ? ServerStatus.unreachable
          : code === ErrorCode.UNAUTHORIZED
            ? ServerStatus.unauthorized
            : ServerStatus.error;
      setState("server", {
        status,
        health: null,
        error: toErrorNotice(error),
        lastCheckedAt: deps.now(),
      });
    }
    return state.server.status;
  }

  return {
    /** Records the browser's online/offline state; going online triggers a check. */
    setOnline(online: boolean): void {
      setState("server", "online", online);
      if (!online) setState("server", { status: ServerStatus.unreachable });
    },
    /** `GET /api/health`; updates status, health and error. Never throws. */
    checkHealth,
    /** Loads the saved server URL and token (studio setting) into the client. */
    async loadConfig(): Promise<void> {
      const saved = await readSetting<unknown>(deps.db, SERVER_CONFIG_SETTING, null);
      if (!isConfig(saved)) return;
      deps.api.configure(saved);
      setState("server", "config", deps.api.config());
    },
    /** Saves a new server URL and token, then checks the server. */
    async setConfig(config: ApiConfig): Promise<ServerStatus> {
      deps.api.configure(config);
      const normalized = deps.api.config();
      setState("server", "config", normalized);
      await writeSetting(deps.db, SERVER_CONFIG_SETTING, normalized);
      return checkHealth();
    },
  };
}
