export * from "./result";
export * from "./assert";
