// ONNX Runtime in a worker thread. onnxruntime-node runs inference synchronously on the calling
// thread, so a seconds-long SAM or diffusion step on the main thread would freeze every request and
// SSE stream. Sessions live here; the main thread sends feeds and gets outputs back (buffers
// transferred, not copied). Plain JavaScript so it loads in a worker under node, tsx and vitest
// alike without a TypeScript loader. Protocol: see inference-thread.ts.
import { parentPort } from "node:worker_threads";
import * as ort from "onnxruntime-node";

/** @type {Map<number, import("onnxruntime-node").InferenceSession>} */
const sessions = new Map();

const describe = metadata =>
  (metadata ?? []).map(m => ({
    name: m.name,
    isTensor: m.isTensor,
    type: m.isTensor ? m.type : undefined,
    shape: m.isTensor ? m.shape : undefined,
  }));

async function handle(message) {
  switch (message.type) {
    case "load": {
      const session = await ort.InferenceSession.create(message.path, message.options);
      sessions.set(message.sessionId, session);
      return {
        inputNames: session.inputNames,
        outputNames: session.outputNames,
        inputMetadata: describe(session.inputMetadata),
        outputMetadata: describe(session.outputMetadata),
      };
    }
    case "run": {
      const session = sessions.get(message.sessionId);
      if (!session) throw new Error(`Session ${message.sessionId} is not loaded`);
      const feeds = {};
      for (const [name, t] of Object.entries(message.feeds)) {
        feeds[name] = new ort.Tensor(t.type, t.data, t.dims);
      }
      const results = message.fetches
        ? await session.run(feeds, message.fetches)
        : await session.run(feeds);
      const outputs = {};
      const transfer = new Set();
      for (const [name, t] of Object.entries(results)) {
        outputs[name] = { type: t.type, dims: t.dims, data: t.data };
        if (ArrayBuffer.isView(t.data)) transfer.add(t.data.buffer);
      }
      return { outputs, transfer: [...transfer] };
    }
    case "release": {
      const session = sessions.get(message.sessionId);
      sessions.delete(message.sessionId);
      if (session) await session.release();
      return {};
    }
    default:
      throw new Error(`Unknown message ${message.type}`);
  }
}

parentPort.on("message", message => {
  handle(message).then(
    result => {
      const { transfer, ...value } = result;
      try {
        parentPort.postMessage({ id: message.id, ok: true, value }, transfer ?? []);
      } catch {
        // Buffers owned by native code cannot always be transferred; copying is the fallback.
        parentPort.postMessage({ id: message.id, ok: true, value });
      }
    },
    error => {
      parentPort.postMessage({
        id: message.id,
        ok: false,
        error: { message: error instanceof Error ? error.message : String(error) },
      });
    },
  );
});
