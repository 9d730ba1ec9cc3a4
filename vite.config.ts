import { defineConfig } from "vite";
import solid from "vite-plugin-solid";
import { VitePWA } from "vite-plugin-pwa";

// Cross-origin isolation lets onnxruntime-web use WASM threads (SharedArrayBuffer).
const isolationHeaders = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

const apiTarget = process.env.MILIMO_API ?? "http://localhost:8787";

export default defineConfig({
  root: "web",
  publicDir: "public",
  plugins: [
    solid(),
    VitePWA({
      registerType: "prompt",
      injectRegister: false,
      includeAssets: ["icons/*.png", "icons/*.svg"],
      manifest: {
        name: "Milimo Studio",
        short_name: "Milimo",
        description: "A local-first AI cinematic studio",
        theme_color: "#111318",
        background_color: "#111318",
        display: "standalone",
        start_url: "/",
        icons: [
          { src: "icons/icon-192.png", sizes: "192x192", type: "image/png" },
          { src: "icons/icon-512.png", sizes: "512x512", type: "image/png" },
          { src: "icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
      workbox: {
        globPatterns: ["**/*.{js,css,html,svg,png,wasm,mjs,webmanifest}"],
        // onnxruntime-web's WASM binaries are 14–28 MB; without this they are not precached
        // and segmentation would not work offline.
        maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
        navigateFallbackDenylist: [/^\/api\//],
      },
    }),
  ],
  worker: { format: "es" },
  build: {
    // WEB_OUT_DIR lets parallel builds (e.g. two e2e runs) write to separate folders.
    outDir: process.env.WEB_OUT_DIR ?? "../dist/web",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 4096,
  },
  optimizeDeps: { exclude: ["onnxruntime-web"] },
  server: {
    headers: isolationHeaders,
    proxy: { "/api": { target: apiTarget, changeOrigin: true } },
  },
  preview: { headers: isolationHeaders },
});
