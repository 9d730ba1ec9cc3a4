/**
 * Typed fetch over the HTTP contract in `shared/src/api` (STYLE §6). Every response is validated
 * against its shared schema; a network failure or timeout is SERVER_UNREACHABLE, a body that does
 * not match is BAD_RESPONSE, and a contract error body keeps its code. The base URL and token come
 * from the studio settings, so an installed studio can talk to a remote GPU server.
 */
import type { z } from "zod";
import {
  ApiPath,
  ErrorBodySchema,
  ErrorCode,
  HealthResponseSchema,
  toErrorCode,
  type HealthResponse,
} from "@milimo/shared/api";
import { ApiError } from "./api-error";

export interface ApiConfig {
  /** Server origin, e.g. "https://gpu.example.com"; "" means the origin the studio came from. */
  baseUrl: string;
  /** Bearer token for a server with API_TOKEN set; "" for none. */
  token: string;
}

export type ApiRequestOptions<T> = {
  schema: z.ZodType<T>;
  method?: "GET" | "POST" | "PUT" | "DELETE";
  /** JSON-serialisable body, or FormData for uploads. */
  body?: unknown;
  signal?: AbortSignal;
  /** `timeoutMs`: give up and report SERVER_UNREACHABLE after this long; default 10000. */
  timeoutMs?: number;
};

export interface ApiClient {
  /** Replaces the server URL and token used by every later call. */
  configure(config: ApiConfig): void;
  config(): ApiConfig;
  /** Absolute URL of a contract path under the configured server. */
  url(path: string): string;
  /** Calls a JSON route and validates the answer with `schema`. */
  request<T>(path: string, options: ApiRequestOptions<T>): Promise<T>;
  /** Calls a route and returns the raw Response (bytes, streams); errors are mapped as above. */
  fetchRaw(path: string, init?: RequestInit & { timeoutMs?: number }): Promise<Response>;
  /** `GET /api/health`. */
  health(options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<HealthResponse>;
}

/** Default time to wait for an answer, in ms. */
export const API_TIMEOUT_MS = 10_000;

/** Trims trailing slashes so `baseUrl + "/api/..."` never doubles them. */
export function normalizeBaseUrl(baseUrl: string): string {
  return baseUrl.trim().replace(/\/+$/, "");
}

function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "unexpected shape";
  return `${issue.path.join(".") || "(root)"}: ${issue.message}`;
}

/** Creates a client; `fetchFn` defaults to the global fetch. */
export function makeApiClient({
  config = { baseUrl: "", token: "" },
  fetchFn = (input, init) => globalThis.fetch(input, init),
}: {
  config?: ApiConfig;
  fetchFn?: (input: string, init: RequestInit) => Promise<Response>;
} = {}): ApiClient {
  let current: ApiConfig = { baseUrl: normalizeBaseUrl(config.baseUrl), token: config.token };

  const url = (path: string) => `${current.baseUrl}${path}`;

  async function send(path: string, init: RequestInit & { timeoutMs?: number }): Promise<Response> {
    const { timeoutMs = API_TIMEOUT_MS, signal, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (current.token) headers.set("Authorization", `Bearer ${current.token}`);
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await fetchFn(url(path), { ...rest, headers, signal: combined });
    } catch (cause) {
      if (signal?.aborted) throw cause;
      const where = current.baseUrl || "this studio's server";
      const message = timeout.aborted
        ? `No answer from ${where} within ${Math.round(timeoutMs / 1000)} s.`
        : `Could not reach ${where}.`;
      throw new ApiError(ErrorCode.SERVER_UNREACHABLE, message, { cause });
    }
    if (response.ok) return response;
    throw await errorFromResponse(response);
  }

  return {
    configure(next) {
      current = { baseUrl: normalizeBaseUrl(next.baseUrl), token: next.token };
    },
    config: () => ({ ...current }),
    url,
    fetchRaw: send,
    async request(path, { schema, method = "GET", body, signal, timeoutMs }) {
      const headers: Record<string, string> = { Accept: "application/json" };
      let payload: BodyInit | undefined;
      if (body instanceof FormData) payload = body;
      else if (body !== undefined) {
        headers["Content-Type"] = "application/json";
        payload = JSON.stringify(body);
      }
      const response = await send(path, { method, headers, body: payload, signal, timeoutMs });
      let json: unknown;
      try {
        json = await response.json();
      } catch (cause) {
        throw new ApiError(ErrorCode.BAD_RESPONSE, `The server's answer to ${path} is not JSON.`, {
          status: response.status,
          cause,
        });
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        throw new ApiError(
          ErrorCode.BAD_RESPONSE,
          `The server's answer to ${path} has an unexpected shape (${describeIssues(parsed.error)}).`,
          { status: response.status, details: parsed.error.issues },
        );
      }
      return parsed.data;
    },
    health(options = {}) {
      return this.request(ApiPath.health, { schema: HealthResponseSchema, ...options });
    },
  };
}

/** Turns a non-2xx response into an ApiError, keeping the contract code when the body has one. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let json: unknown = null;
  try {
    json = await response.json();
  } catch {
    // Not JSON: a proxy or an old server; decided by status below.
  }
  const body = ErrorBodySchema.safeParse(json);
  if (body.success) {
    return new ApiError(toErrorCode(body.data.error.code), body.data.error.message, {
      status: response.status,
      details: body.data.error.details,
    });
  }
  // A gateway answering for a server that is down is, to the user, an unreachable server.
  if (response.status === 502 || response.status === 503 || response.status === 504) {
    return new ApiError(
      ErrorCode.SERVER_UNREACHABLE,
      `The server is not answering (HTTP ${response.status}).`,
      {
        status: response.status,
      },
    );
  }
  if (response.status === 401) {
    return new ApiError(ErrorCode.UNAUTHORIZED, "The server refused the access token.", {
      status: 401,
    });
  }
  return new ApiError(
    ErrorCode.BAD_RESPONSE,
    `The server answered HTTP ${response.status} without an error body.`,
    {
      status: response.status,
    },
  );
}
