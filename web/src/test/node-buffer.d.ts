// The web tsconfig has no Node types; test/setup.ts needs only these two classes from Node.
declare module "node:buffer" {
  export const Blob: typeof globalThis.Blob;
  export const File: typeof globalThis.File;
}
