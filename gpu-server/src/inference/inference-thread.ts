/**
 * Main-thread side of `inference-worker.mjs`: loads sessions in a worker thread and runs them there,
 * so inference never blocks the event loop. `WorkerSession` offers the part of onnxruntime's
 * `InferenceSession` that pipelines use (names, metadata, `run`, `release`) and returns real
 * `ort.Tensor` objects. If the worker dies, pending calls reject and the next load starts a new one.
 */
import { Worker } from "node:worker_threads";
import * as ort from "onnxruntime-node";
import type { InferenceSession } from "onnxruntime-node";
import type { Logger } from "../logger";

interface WireTensor {
  type: ort.Tensor.Type;
  dims: readonly number[];
  data: ort.Tensor.DataType;
}

export interface TensorMetadataView {
  name: string;
  isTensor: boolean;
  type?: string;
  shape?: Array<number | string>;
}

export interface LoadedSessionInfo {
  inputNames: readonly string[];
  outputNames: readonly string[];
  inputMetadata: readonly TensorMetadataView[];
  outputMetadata: readonly TensorMetadataView[];
}

type Reply =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { message: string } };

export class InferenceThread {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  /** Bumps when the worker is replaced, so sessions of a dead worker are known to be gone. */
  generation = 0;

  constructor(
    readonly name: string,
    private readonly logger: Logger,
  ) {}

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL("./inference-worker.mjs", import.meta.url), {
      name: this.name,
    });
    worker.unref();
    worker.on("message", (reply: Reply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.value);
      else p.reject(new Error(reply.error.message));
    });
    const fail = (err: Error) => {
      if (this.worker !== worker) return;
      this.logger.error("inference thread stopped", { thread: this.name, error: err });
      this.worker = undefined;
      this.generation++;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", code => fail(new Error(`The inference thread exited (code ${code}).`)));
    this.worker = worker;
    return worker;
  }

  private call<T>(message: Record<string, unknown>): Promise<T> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ ...message, id });
    }).finally(() => {
      if (this.pending.size === 0) this.worker?.unref();
    });
  }

  /** Loads a model file; the returned session runs in this thread. */
  async load(path: string, options: InferenceSession.SessionOptions): Promise<WorkerSession> {
    const sessionId = this.nextId++;
    const info = await this.call<LoadedSessionInfo>({ type: "load", sessionId, path, options });
    return new WorkerSession(this, sessionId, this.generation, info);
  }

  /** @internal */
  runSession(sessionId: number, feeds: Record<string, WireTensor>, fetches?: readonly string[]) {
    return this.call<{ outputs: Record<string, WireTensor> }>({
      type: "run",
      sessionId,
      feeds,
      fetches,
    });
  }

  /** @internal */
  releaseSession(sessionId: number) {
    return this.call<void>({ type: "release", sessionId });
  }

  /** Stops the worker (all its sessions go with it). */
  async terminate(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.generation++;
    if (worker) await worker.terminate();
  }
}

/** A session living in an `InferenceThread`. */
export class WorkerSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata: readonly TensorMetadataView[];
  readonly outputMetadata: readonly TensorMetadataView[];
  private released = false;

  constructor(
    private readonly thread: InferenceThread,
    private readonly sessionId: number,
    private readonly generation: number,
    info: LoadedSessionInfo,
  ) {
    this.inputNames = info.inputNames;
    this.outputNames = info.outputNames;
    this.inputMetadata = info.inputMetadata;
    this.outputMetadata = info.outputMetadata;
  }

  /** False once released or when its worker died. */
  get alive(): boolean {
    return !this.released && this.thread.generation === this.generation;
  }

  /** Runs the model; `fetches` (an array of output names) limits the outputs. */
  async run(
    feeds: Record<string, ort.Tensor>,
    fetches?: readonly string[] | InferenceSession.RunOptions,
  ): Promise<Record<string, ort.Tensor>> {
    if (!this.alive) throw new Error("This model session was unloaded; load it again.");
    const wire: Record<string, WireTensor> = {};
    for (const [name, t] of Object.entries(feeds))
      wire[name] = { type: t.type, dims: t.dims, data: t.data };
    const { outputs } = await this.thread.runSession(
      this.sessionId,
      wire,
      Array.isArray(fetches) ? fetches : undefined,
    );
    const result: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(outputs)) {
      result[name] = new ort.Tensor(t.type, t.data, t.dims);
    }
    return result;
  }

  async release(): Promise<void> {
    if (!this.alive) return;
    this.released = true;
    await this.thread.releaseSession(this.sessionId);
  }

  async startProfiling(): Promise<void> {}
  async endProfiling(): Promise<void> {}

  /** This object typed as onnxruntime's session, for the pipeline contract. */
  asInferenceSession(): InferenceSession {
    return this as unknown as InferenceSession;
  }
}
