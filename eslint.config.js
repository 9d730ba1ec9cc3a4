// Flat config: typescript-eslint (type-aware) + eslint-plugin-solid; boundaries from STYLE.md §2.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import solid from "eslint-plugin-solid/configs/typescript";
import comments from "@eslint-community/eslint-plugin-eslint-comments/configs";
import noOnlyTests from "eslint-plugin-no-only-tests";
import globals from "globals";

const restrictedFrameworks = [
  { name: "dexie", message: "shared/ is pure: persistence lives in web/src/db." },
  { name: "hono", message: "shared/ is pure: HTTP lives in gpu-server." },
  { name: "solid-js", message: "shared/ is pure: UI lives in web/." },
  {
    name: "onnxruntime-web",
    message: "shared/ is pure: inference lives in workers and the server.",
  },
  {
    name: "onnxruntime-node",
    message: "shared/ is pure: inference lives in gpu-server/src/inference.",
  },
];

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "dist/**",
      "data/**",
      "models/**",
      "test-results/**",
      "playwright-report/**",
      "bench/results/**",
      "web/dev-dist/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  comments.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ["*.js", "*.mjs", "scripts/*.mjs"],
        },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    plugins: { "no-only-tests": noOnlyTests },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": [
        "error",
        { considerDefaultExhaustiveForUnions: true },
      ],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "@eslint-community/eslint-comments/no-unused-disable": "error",
      "no-only-tests/no-only-tests": "error",
      "no-console": "warn",
    },
  },
  {
    files: ["shared/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: restrictedFrameworks,
          patterns: [
            { group: ["**/web/**", "@milimo/web*"], message: "shared/ imports nothing from web/." },
            {
              group: ["**/gpu-server/**", "@milimo/gpu-server*"],
              message: "shared/ imports nothing from gpu-server/.",
            },
            { group: ["node:*"], message: "shared/ has no Node APIs; pass data in instead." },
          ],
        },
      ],
    },
  },
  {
    files: ["web/src/**/*.{ts,tsx}"],
    ...solid,
    languageOptions: {
      ...solid.languageOptions,
      globals: { ...globals.browser, ...globals.worker },
    },
  },
  {
    files: ["web/src/**/*.{ts,tsx}"],
    ignores: ["web/src/db/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "dexie", message: "Only web/src/db imports dexie; go through store actions." },
          ],
          patterns: [
            {
              group: ["**/gpu-server/**", "@milimo/gpu-server*"],
              message: "web/ meets the server only through @milimo/shared/api (ARCHITECTURE §3.7).",
            },
            {
              group: ["onnxruntime-web", "onnxruntime-web/*"],
              message: "Only web/src/sam/*.worker.ts imports onnxruntime-web.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["web/src/sam/*.worker.ts"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    files: ["gpu-server/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/web/src/**", "@milimo/web*"],
              message: "The server never imports the studio.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["scripts/**", "e2e/**", "*.config.ts", "gpu-server/src/logger.ts"],
    rules: { "no-console": "off" },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
  },
);
