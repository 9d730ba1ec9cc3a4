/**
 * The ONNX Runtime WASM binaries as emitted build assets. Importing their URLs makes Vite copy them
 * into the build with hashed names, so the service worker precaches them (vite.config.ts raises
 * the precache size limit for them) and segmentation can start offline. The SAM decoder worker
 * passes this map to `ort.env.wasm.wasmPaths`.
 */
// `?url` imports only emit the files and yield their URLs; no onnxruntime code runs here.
/* eslint-disable no-restricted-imports */
import jsepWasmUrl from "onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url";
import wasmUrl from "onnxruntime-web/ort-wasm-simd-threaded.wasm?url";
/* eslint-enable no-restricted-imports */

/** ONNX Runtime file name -> URL of the emitted copy. */
export const ORT_WASM_PATHS = {
  "ort-wasm-simd-threaded.wasm": wasmUrl,
  "ort-wasm-simd-threaded.jsep.wasm": jsepWasmUrl,
} as const;
