/**
 * Which execution provider sessions use. CUDA is chosen only when an NVIDIA device is present AND
 * a CUDA session can really be created: the probe runs in a child process, because a CUDA library
 * mismatch can abort the process that tries it. The answer is cached for the life of the process.
 * onnxruntime-node's npm package has no CUDA provider by default; see the README for installing it.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import type { InferenceSession } from "onnxruntime-node";
import type { InferenceDevice } from "@milimo/shared/api";
import type { Logger } from "../logger";

/** A one-node ONNX model (Identity, float32[1]) used to test that a provider works. */
const PROBE_MODEL_BASE64 =
  "CAg6OwoQCgF4EgF5IghJZGVudGl0eRIFcHJvYmVaDwoBeBIKCggIARIECgIIAWIPCgF5EgoKCAgBEgQKAggBQgQKABAR";

/** True when the machine exposes an NVIDIA GPU to this process. */
export function hasNvidiaDevice(): boolean {
  return existsSync("/dev/nvidia0") || existsSync("/proc/driver/nvidia/version");
}

/** Creates a CUDA session in a child process; true when it worked. `timeoutMs` default 60 000. */
export function probeCuda({ timeoutMs = 60_000 }: { timeoutMs?: number } = {}): boolean {
  const ortPath = createRequire(import.meta.url).resolve("onnxruntime-node");
  const script = `
    const ort = require(${JSON.stringify(ortPath)});
    ort.InferenceSession.create(Buffer.from(${JSON.stringify(PROBE_MODEL_BASE64)}, "base64"),
      { executionProviders: ["cuda"] })
      .then(s => s.run({ x: new ort.Tensor("float32", new Float32Array([1]), [1]) }))
      .then(() => process.exit(0), () => process.exit(1));`;
  const result = spawnSync(process.execPath, ["-e", script], {
    timeout: timeoutMs,
    stdio: "ignore",
  });
  return result.status === 0;
}

let cached: InferenceDevice | undefined;

/**
 * The device sessions run on; `mode` "cpu" skips the probe, "cuda" logs an error when CUDA is
 * unusable (and still falls back to CPU so the server serves). Cached after the first call.
 */
export function detectInferenceDevice(args: {
  mode: "auto" | "cuda" | "cpu";
  logger: Logger;
}): InferenceDevice {
  if (cached) return cached;
  const { mode, logger } = args;
  if (mode === "cpu") return (cached = "cpu");
  if (!hasNvidiaDevice()) {
    if (mode === "cuda")
      logger.error("INFERENCE_DEVICE=cuda but no NVIDIA device is visible; using the CPU");
    return (cached = "cpu");
  }
  const ok = probeCuda();
  if (!ok) {
    const log = (message: string) =>
      mode === "cuda" ? logger.error(message) : logger.warn(message);
    log(
      "An NVIDIA GPU is present but ONNX Runtime's CUDA provider could not start; using the CPU (see README: GPU)",
    );
  }
  cached = ok ? "cuda" : "cpu";
  logger.info("inference device", { device: cached });
  return cached;
}

/** Session options for a device: CUDA first with CPU fallback for unsupported ops, or CPU only. */
export function sessionOptionsFor(device: InferenceDevice): InferenceSession.SessionOptions {
  return {
    executionProviders: device === "cuda" ? ["cuda", "cpu"] : ["cpu"],
    graphOptimizationLevel: "all",
  };
}
